"""Files → parsed reports → database. Every input file ends as a row, whatever it holds."""
import hashlib
import itertools
import os
from collections import Counter

from . import store

SKIP_NAMES = {".DS_Store", "Thumbs.db", "INDEX.tsv"}
# No real report's text comes near this; a larger file is a data dump or a scan and would
# only tie up a worker. It still gets its row, with the reason.
MAX_BYTES = 32 * 1024 * 1024


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


def parse_bytes(data, path, sha256=None):
    """Parse one file's bytes (``sha256``: their hash, when the caller has it already).
    Never raises: a problem becomes a failed report."""
    from .document import ReadError
    from .parse import failed_report, parse_document
    from .readers import read_bytes

    sha256 = sha256 or hashlib.sha256(data).hexdigest()
    if len(data) > MAX_BYTES:
        return failed_report(path, sha256, f"文件过大（{len(data) / 2**20:.0f} MB，上限 {MAX_BYTES // 2**20} MB），未解析")
    try:
        doc = read_bytes(data, os.path.basename(path))
        return parse_document(doc, path, sha256)
    except ReadError as e:
        return failed_report(path, sha256, str(e))
    except Exception as e:  # a reader or parser bug must not take the other reports down
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


def load_paths(db, paths, progress=None, batch=200, jobs=1):
    """Load every file below ``paths`` into ``db``; returns a LoadSummary.

    ``jobs`` > 1 parses in that many worker processes while this process alone writes.
    Reports are committed in batches: an interrupted load keeps whole batches, and the next
    run skips what is already there. Files are streamed, never all held at once.
    """
    summary = LoadSummary()
    known = dict(db.execute("SELECT path, sha256 FROM sources").fetchall())
    writer = store.Writer(db)
    with _parsed_stream(iter_files(paths), known, jobs) as results:
        results = iter(results)
        for first in results:
            # Each result is written as soon as it arrives: taking a whole batch first left
            # the workers idle, their in-flight reports done, while the batch was written.
            with db.atomic():
                for path, size, report in itertools.chain([first], itertools.islice(results, batch - 1)):
                    summary["files"] += 1
                    if progress:
                        progress(path)
                    if report is None:
                        summary["unchanged"] += 1
                        continue
                    outcome = writer.add(report, path, size)
                    summary[outcome] += 1
                    if outcome != "duplicate":
                        summary[report.parse_status] += 1
                writer.flush()
    return summary


_KNOWN = {}


def _init_worker(known):
    global _KNOWN
    _KNOWN = known


def parse_job(path):
    """(path, size, report) — report None when the file is unchanged since its last load."""
    data, failed = read_input(path)
    if failed is not None:
        return path, 0, failed
    sha = None
    if _KNOWN:
        sha = hashlib.sha256(data).hexdigest()
        if _KNOWN.get(path) == sha:
            return path, len(data), None
    return path, len(data), parse_bytes(data, path, sha)


def parse_job_packed(path):
    """parse_job for a worker process: the report's rows already built (store.pack)."""
    path, size, report = parse_job(path)
    return path, size, (store.pack(report) if report is not None else None)


class _parsed_stream:
    """Context manager yielding parse_job results in input order, in-process or from a pool.

    With a pool, at most ``IN_FLIGHT`` files are handed out ahead of the writer: parsed
    reports never pile up in memory when the workers are faster than the writer.
    """

    # Enough to ride out the writer's pauses (a batch's flush and commit) without the workers
    # running out of files: 256 left a core idle ~12 % of a 10,000-report load at --jobs 2,
    # 512 ~4 %. Each parsed report waiting for the writer is ~20 KB.
    IN_FLIGHT = 512

    def __init__(self, paths, known, jobs):
        self.paths, self.known, self.jobs, self.pool = paths, known, jobs, None
        self.slots = None

    def __enter__(self):
        if self.jobs <= 1:
            _init_worker(self.known)
            return map(parse_job, self.paths)
        import multiprocessing
        import threading

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        self.pool = multiprocessing.get_context(method).Pool(
            self.jobs, initializer=_init_worker, initargs=(self.known,))
        self.slots = threading.Semaphore(self.IN_FLIGHT)

        def feed():  # runs in the pool's task-feeding thread
            for path in self.paths:
                self.slots.acquire()
                yield path

        def drain(results):
            for result in results:
                self.slots.release()
                yield result

        return drain(self.pool.imap(parse_job_packed, feed(), chunksize=self.chunksize()))

    def chunksize(self):
        """Files per task. A task and its results cross the pipes as one message each, which
        the pool's threads in this (writer) process wake up for: at --jobs 2, 32 files a task
        instead of 8 saves ~0.08 ms of CPU per report. Smaller with more workers, so that each
        still has at least 4 tasks in flight."""
        return max(1, min(32, self.IN_FLIGHT // (4 * self.jobs)))

    def __exit__(self, *exc):
        if self.pool is not None:
            for _ in range(self.IN_FLIGHT):  # never leave the feeding thread waiting for a slot
                self.slots.release()
            self.pool.terminate() if exc[0] else self.pool.close()
            self.pool.join()
        _init_worker({})
