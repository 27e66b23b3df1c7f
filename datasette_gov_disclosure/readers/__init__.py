"""Bytes → Document. The reader is chosen by content, the file name only breaks ties."""
import os

from ..document import ReadError
from .decode import looks_binary

__all__ = ["read_bytes", "read_path", "sniff", "ReadError"]


def sniff(data, name=""):
    """'docx' | 'pdf' | 'html' | 'text' | 'binary' from the first bytes."""
    head = data[:2048]
    if head.startswith(b"PK\x03\x04"):
        return "docx" if b"word/" in data[:65536] or name.lower().endswith(".docx") else "binary"
    if head.startswith(b"%PDF"):
        return "pdf"
    if looks_binary(data):
        return "binary"
    lowered = head.lower()
    if any(mark in lowered for mark in (b"<html", b"<!doctype html", b"<table", b"<body", b"<div", b"<p>", b"<p ")):
        return "html"
    if name.lower().endswith((".html", ".htm", ".shtml")) and b"<" in lowered:
        return "html"
    return "text"


def read_bytes(data, name=""):
    kind = sniff(data, name)
    if kind == "binary":
        raise ReadError("二进制文件，不是可读的报告 / binary file, not a readable report")
    if kind == "text":
        from .text import read_text

        return read_text(data)
    if kind == "html":
        from .html import read_html

        return read_html(data)
    if kind == "docx":
        from .docx import read_docx

        return read_docx(data)
    from .pdf import read_pdf

    return read_pdf(data)


def read_path(path):
    with open(path, "rb") as f:
        data = f.read()
    return read_bytes(data, os.path.basename(path)), data
