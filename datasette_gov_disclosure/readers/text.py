"""Plain text (and Markdown): decode the bytes, one ``line`` block per line."""
from ..document import Block, Document, ReadError
from .decode import decode_bytes


def read_text(data, encoding=None):
    text, used = decode_bytes(data, encoding)
    if not text.strip():
        raise ReadError("文件为空（没有可读的文字） / empty file")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return Document([Block("line", i + 1, line) for i, line in enumerate(lines)], "text", used)
