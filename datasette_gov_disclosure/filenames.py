"""File names as the database stores them, when they are not UTF-8.

Archives made on Chinese Windows and unzipped on Linux leave GBK names, and a scrape can leave
any bytes at all; SQLite text is UTF-8. Such a name is stored readable — decoded as GB18030
where that gives the same bytes back, else with ``\\xNN`` escapes — and its raw bytes in hex
beside it, so nothing is lost and the file can be found again.
"""
import os


def stored_path(path):
    """(path as stored, hex of its raw bytes or None when the path is UTF-8 already)."""
    try:
        path.encode("utf-8")
        return path, None
    except UnicodeEncodeError:
        pass
    raw = os.fsencode(path)
    return "/".join(_readable(part) for part in raw.split(b"/")), raw.hex()


def _readable(part):
    for encoding in ("utf-8", "gb18030"):
        try:
            text = part.decode(encoding)
        except UnicodeDecodeError:
            continue
        if text.encode(encoding) == part:
            return text
    return part.decode("utf-8", "backslashreplace")
