"""Files → parsed reports → database. Every input file ends as a row, whatever it holds."""
import hashlib
import os
from collections import Counter

from . import store

SKIP_NAMES = {".DS_Store", "Thumbs.db", "INDEX.tsv"}


def iter_files(paths):
    """Files named, and files below folders named, in a stable order (hidden ones skipped)."""
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and name not in SKIP_NAMES:
                        yield os.path.join(root, name)
        else:
            yield path


def parse_bytes(data, path):
    """Parse one file's bytes. Never raises: a problem becomes a failed report."""
    from .document import ReadError
    from .parse import failed_report, parse_document
    from .readers import read_bytes

    sha256 = hashlib.sha256(data).hexdigest()
    try:
        doc = read_bytes(data, os.path.basename(path))
    except ReadError as e:
        return failed_report(path, sha256, str(e))
    except Exception as e:  # a library choking on odd bytes must not take the other reports down
        return failed_report(path, sha256, f"读取出错（文件无法解析）：{type(e).__name__}: {e}".splitlines()[0])
    try:
        return parse_document(doc, path, sha256)
    except Exception as e:  # a parser bug must not take the other reports down
        return failed_report(path, sha256, f"解析出错（程序缺陷，请报告）：{type(e).__name__}: {e}")


def read_input(path):
    """(bytes, None) or (None, a failed report saying why the file cannot be opened)."""
    from .parse import failed_report

    try:
        with open(path, "rb") as f:
            return f.read(), None
    except OSError as e:
        sha = hashlib.sha256(path.encode("utf-8")).hexdigest()
        return None, failed_report(path, sha, f"无法读取文件：{e.strerror or e}")


def parse_file(path):
    data, failed = read_input(path)
    return failed if failed is not None else parse_bytes(data, path)


class LoadSummary(Counter):
    def line(self):
        done = self["added"] + self["replaced"]
        parts = [f"共 {self['files']} 个文件：新载入 {done} 份报告"
                 f"（ok {self['ok']}，partial {self['partial']}，failed {self['failed']}）"]
        if self["unchanged"]:
            parts.append(f"{self['unchanged']} 个未变化已跳过")
        if self["duplicate"]:
            parts.append(f"{self['duplicate']} 个与已载入报告内容相同")
        return "，".join(parts) + "。"


def load_paths(db, paths, progress=None, batch=200):
    """Load every file below ``paths`` into ``db``; returns a LoadSummary.

    Reports are committed in batches: an interrupted load keeps whole batches, and the next
    run skips what is already there.
    """
    summary = LoadSummary()
    files = iter_files(paths)
    while True:
        chunk = [p for _, p in zip(range(batch), files)]
        if not chunk:
            return summary
        with db.atomic():
            for path in chunk:
                summary["files"] += 1
                if progress:
                    progress(path)
                _load_one(db, path, summary)


def _load_one(db, path, summary):
    data, report = read_input(path)
    size = 0
    if data is not None:
        sha = hashlib.sha256(data).hexdigest()
        if store.source_state(db, path, sha) == "unchanged":
            summary["unchanged"] += 1
            return
        report, size = parse_bytes(data, path), len(data)
    outcome = store.save(db, report, path, size)
    summary[outcome] += 1
    if outcome != "duplicate":
        summary[report.parse_status] += 1
