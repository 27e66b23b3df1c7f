"""Where a fetched URL is saved: ``DIR/<host>/<path>``, readable and safe on any file system.

List pages go under ``DIR/.lists/`` (a hidden folder, which ``load`` does not read): they are
kept only so that a later run can follow their links without asking the site again.
"""
import hashlib
import os
import posixpath
import re
from urllib.parse import unquote, urlsplit

LISTS = ".lists"
_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*\x7f]')
_EXTENSIONS = {"text/html": ".html", "application/xhtml+xml": ".html", "application/pdf": ".pdf",
               "application/msword": ".doc", "text/plain": ".txt", "application/wps-office.wps": ".wps",
               "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx"}
MAX_NAME = 120


def _safe(segment):
    segment = _UNSAFE.sub("_", segment).strip(" .") or "_"
    if segment.startswith("."):
        segment = "_" + segment  # a hidden file would be skipped by load
    if len(segment.encode("utf-8")) > MAX_NAME:
        stem, ext = os.path.splitext(segment)
        digest = hashlib.sha256(segment.encode("utf-8")).hexdigest()[:10]
        segment = stem.encode("utf-8")[:60].decode("utf-8", "ignore") + "_" + digest + ext[:10]
    return segment


def relative_path(url, content_type=None, listing=False):
    """The path below DIR (with '/' separators) for ``url``."""
    parts = urlsplit(url)
    host = _safe(parts.hostname or "host") + (f"_{parts.port}" if parts.port else "")
    segments = [_safe(s) for s in unquote(parts.path).split("/") if s not in ("", ".", "..")]
    if not segments or parts.path.endswith("/"):
        segments.append("index.html")
    stem, ext = os.path.splitext(segments[-1])
    if parts.query:
        stem += "_" + hashlib.sha256(parts.query.encode("utf-8")).hexdigest()[:8]
    if not ext:
        mime = (content_type or "").split(";")[0].strip().lower()
        ext = _EXTENSIONS.get(mime, "")
    segments[-1] = stem + ext
    path = posixpath.join(host, *segments)
    return posixpath.join(LISTS, path) if listing else path


def save(folder, rel, data):
    """Write ``data`` at ``folder/rel`` atomically (a killed run leaves no half file); returns
    the path actually used (a name taken by a folder gets a hashed name beside it)."""
    target = os.path.join(folder, *rel.split("/"))
    try:
        _write(target, data)
        return rel
    except (IsADirectoryError, NotADirectoryError, FileExistsError):
        stem, ext = os.path.splitext(rel)
        rel = posixpath.join(rel.split("/", 1)[0], "_" + hashlib.sha256(rel.encode("utf-8")).hexdigest()[:16] + ext)
        _write(os.path.join(folder, *rel.split("/")), data)
        return rel


def _write(target, data):
    os.makedirs(os.path.dirname(target), exist_ok=True)
    if os.path.isdir(target):
        raise IsADirectoryError(target)
    partial = os.path.join(os.path.dirname(target), "." + os.path.basename(target) + ".partial")  # hidden
    with open(partial, "wb") as f:
        f.write(data)
    os.replace(partial, target)
