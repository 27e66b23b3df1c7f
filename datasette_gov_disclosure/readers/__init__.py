"""Bytes → Document. The reader is chosen by content, the file name only breaks ties."""
import os

from ..document import ReadError
from .decode import looks_binary

__all__ = ["read_bytes", "read_path", "sniff", "ReadError"]

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: Word .doc (also .xls, .ppt, .wps)
_HTML_MARKS = (b"<html", b"<!doctype html", b"<table", b"<body", b"<div", b"<p>", b"<p ", b"<br", b"<span",
               b"<meta", b"<h1", b"<h2", b"<h3", b"<tr", b"<td")


def sniff(data, name=""):
    """'docx' | 'pdf' | 'html' | 'text' | 'doc' | 'binary' from the bytes; the name only breaks ties."""
    head = data[:2048]
    if head.startswith(b"PK\x03\x04"):
        return "docx" if b"word/" in data or name.lower().endswith(".docx") else "binary"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_OLE2):
        return "doc"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text (NUL bytes, yet not binary)
        head = head.decode("utf-16", errors="replace").encode("utf-8")
    elif looks_binary(data):
        return "binary"
    lowered = head.lower()
    if any(mark in lowered for mark in _HTML_MARKS):
        return "html"
    if name.lower().endswith((".html", ".htm", ".shtml")) and b"<" in lowered:
        return "html"
    return "text"


def read_bytes(data, name=""):
    kind = sniff(data, name)
    if kind == "doc":
        from .doc import read_doc

        return read_doc(data, name)
    if kind == "binary":
        if name.lower().endswith(".wps"):
            raise ReadError("WPS 文字（.wps）文件，不是 Word 兼容格式，无法读取，请另存为 .docx、.doc 或 PDF"
                            " / a .wps file in a format other than Word's")
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
