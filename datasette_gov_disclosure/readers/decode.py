"""Bytes → str for Chinese documents: a BOM or declared charset, then UTF-8, then GB18030."""
import codecs

from ..document import ReadError

_BOMS = [(codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]
# GB2312 and GBK are subsets of GB18030: decoding with the superset never loses a character.
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "utf8": "utf-8"}


_NOT_CONTROL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))


def looks_binary(data):
    """NUL bytes or many control characters: not a text document."""
    head = data[:4096]
    if b"\x00" in head:
        return True
    controls = len(head.translate(None, _NOT_CONTROL))
    return bool(head) and controls / len(head) > 0.05


def decode_bytes(data, declared=None):
    """Return (text, encoding). Raises ReadError when the bytes are not text."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    if looks_binary(data):
        raise ReadError("二进制文件，不是文字报告 / binary file, not a text report")
    candidates = []
    if declared:
        candidates.append(_ALIASES.get(declared.lower(), declared.lower()))
    candidates += ["utf-8", "gb18030"]
    for name in candidates:
        try:
            return data.decode(name), name
        except (UnicodeDecodeError, LookupError):
            continue
    # Neither decodes cleanly: keep what UTF-8 can read rather than lose the file.
    return data.decode("utf-8", errors="replace"), "utf-8?"
