"""Files → parsed reports → database. Every input file ends as a row, whatever it holds.

Files are parsed in worker processes (``supervised``) while this process alone writes: a file
that crashes its parser or runs past the time limit costs only its own row.
"""
import hashlib
import itertools
import os
import re
import signal
import time
from collections import Counter

from . import store
from .filenames import stored_path
from .inputs import MAX_BYTES, iter_files, read_input, too_large, unread_sha256
from .supervised import CRASHED, SupervisedPool

# Per-file time limit: a real report parses in well under a second; a file still being parsed
# after this long is a runaway (or a trap) and gets a failed row instead of stalling the load.
DEFAULT_TIMEOUT = 60


def parse_bytes(data, path, sha256=None):
    """Parse one file's bytes (``sha256``: their hash, when the caller has it already).
    Never raises: a problem becomes a failed report."""
    from .document import ReadError
    from .parse import failed_report, parse_document
    from .readers import read_bytes

    sha256 = sha256 or hashlib.sha256(data).hexdigest()
    if len(data) > MAX_BYTES:
        return failed_report(path, sha256, too_large(len(data)))
    try:
        doc = read_bytes(data, os.path.basename(path))
        return parse_document(doc, path, sha256)
    except ReadError as e:
        return failed_report(path, sha256, str(e))
    except Exception as e:  # a reader or parser bug must not take the other reports down
        return failed_report(path, sha256, f"解析出错（程序缺陷，请报告）：{type(e).__name__}: {e}")


def parse_file(path):
    """Parse one file in this process (``gov-disclosure parse``)."""
    return _parse_path(path, {})[2]


# How many failed files the summary names; the rest are counted, with the query listing them all.
SHOWN_FAILURES = 20
FAILED_SQL = ("SELECT s.path, r.parse_error FROM sources s JOIN reports r ON r.id = s.report_id "
              "WHERE r.parse_status = 'failed'")


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text):
    """A file name or reason for the terminal: control characters (an escape sequence hidden in
    a file name) shown as \\xNN instead of acted on."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))


class LoadSummary(Counter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.failures = []  # (path as stored, reason) of the first SHOWN_FAILURES failed files

    def line(self):
        done = self["added"] + self["replaced"]
        parts = [f"共 {self['files']} 个文件：新载入 {done} 份报告"
                 f"（ok {self['ok']}，partial {self['partial']}，failed {self['failed']}）"]
        if self["unchanged"]:
            parts.append(f"{self['unchanged']} 个未变化已跳过")
        if self["duplicate"]:
            parts.append(f"{self['duplicate']} 个与已载入报告内容相同")
        return "，".join(parts) + "。"

    def failure_lines(self):
        """The failed files with their reasons: the first SHOWN_FAILURES, then how to list all."""
        if not self["failed"]:
            return []
        out = [f"解析失败的文件 / failed files ({self['failed']}):"]
        out += [f"  {printable(path)}：{printable(reason)}" for path, reason in self.failures]
        rest = self["failed"] - len(self.failures)
        if rest > 0:
            out.append(f"  ……另有 {rest} 个 / and {rest} more")
        out.append(f"  全部列出 / list them all: {FAILED_SQL}")
        return out

    def note_failure(self, path, reason):
        if len(self.failures) < SHOWN_FAILURES:
            self.failures.append((path, reason))


def load_paths(db, paths, progress=None, batch=200, jobs=1, timeout=DEFAULT_TIMEOUT):
    """Load every file below ``paths`` into ``db``; returns a LoadSummary.

    Files are parsed in ``jobs`` worker processes while this process alone writes; a file
    still being parsed after ``timeout`` seconds (None: no limit), or whose worker dies, gets a
    failed row. Reports are committed in batches: an interrupted load keeps whole batches, and
    the next run skips what is already there. Files are streamed, never all held at once.
    """
    summary = LoadSummary()
    known, usable_before = {}, set()
    for path, sha, status in db.execute("SELECT s.path, s.sha256, r.parse_status FROM sources s "
                                        "LEFT JOIN reports r ON r.id = s.report_id"):
        known[path] = sha
        if status in ("ok", "partial"):
            usable_before.add(path)
    known = manifest_lookup(db, known)
    store.tune_for_loading(db)
    writer = store.Writer(db)
    with _parsed_stream(iter_files(paths), known, jobs, timeout) as results:
        results = iter(results)
        for first in results:
            # Each result is written as soon as it arrives: taking a whole batch first left
            # the workers idle, their in-flight reports done, while the batch was written.
            with db.atomic():
                for path, size, report in itertools.chain([first], itertools.islice(results, batch - 1)):
                    summary["files"] += 1
                    if progress:
                        progress(path)
                    shown, raw = stored_path(path)
                    if report is None:
                        summary["unchanged"] += 1
                        summary["usable"] += shown in usable_before
                        continue
                    outcome = writer.add(report, shown, size, path_hex=raw, source=getattr(report, "provenance", None))
                    summary[outcome] += 1
                    summary["usable"] += report.parse_status in ("ok", "partial")
                    if outcome != "duplicate":
                        summary[report.parse_status] += 1
                        if report.parse_status == "failed":
                            summary.note_failure(shown, report.parse_error)
                writer.flush()
    return summary


def manifest_lookup(db, known):
    """The known files minus the pages whose report was only in an attachment missing so far:
    read again, in case it has arrived (the workers look each file up in the fetch manifest:
    provenance.py)."""
    waiting = {row[0] for row in db.execute(
        "SELECT s.path FROM sources s JOIN reports r ON r.id = s.report_id "
        "WHERE r.parse_status = 'failed' AND r.parse_error LIKE '正文在附件中：%'")}
    return {path: sha for path, sha in known.items() if path not in waiting}


_KNOWN = {}


def _init_worker(known):
    global _KNOWN
    from . import provenance

    _KNOWN = known
    provenance.forget()  # manifests read afresh by every load


def _parse_path(path, known):
    """(path, size, report) — report None when the file is unchanged since its last load."""
    shown, _ = stored_path(path)
    data, size, reason = read_input(path)
    if reason is not None:
        sha = unread_sha256(path, size)
        if known.get(shown) == sha:
            return path, size, None
        from .parse import failed_report

        return path, size, failed_report(shown, sha, reason)
    sha = None
    if known.get(shown) is not None:
        sha = hashlib.sha256(data).hexdigest()
        if known[shown] == sha:
            return path, size, None
    if FAULTS:
        _inject_fault(FAULTS.get(os.path.basename(path)))
    return path, size, parse_bytes(data, shown, sha)


# Test-only: "name=kill,other=hang" makes the parser kill its own process, or hang, on a file of
# that name, so that tests can lose a worker mid-load (as the OOM killer would) without racing it.
FAULTS = dict(part.split("=", 1) for part in os.environ.get("GOV_DISCLOSURE_TEST_FAULTS", "").split(",")
              if "=" in part)


def _inject_fault(action):
    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif action == "hang":
        time.sleep(10 ** 6)


def parse_job(path):
    """_parse_path in a worker process, the report's rows already built (store.pack)."""
    from .provenance import look_up

    path, size, report = _parse_path(path, _KNOWN)
    if report is not None:
        report = look_up(path, report)  # here, so that reading a page's attachment has the same time limit
    return path, size, (store.pack(report) if report is not None else None)


def lost_report(path, why, timeout):
    """The failed report of a file whose worker died or was stopped at the time limit."""
    from .parse import failed_report

    shown, _ = stored_path(path)
    data, size, _reason = read_input(path)
    sha = hashlib.sha256(data).hexdigest() if data is not None else unread_sha256(path, size)
    if why == CRASHED:
        reason = "解析进程异常退出（内存耗尽或程序崩溃），未能解析 / the parser process died"
    else:
        reason = f"解析超时（超过 {timeout:g} 秒），已中止 / parsing took longer than {timeout:g} s"
    return path, size, failed_report(shown, sha, reason)


class _parsed_stream:
    """Context manager yielding parse_job results in input order from supervised workers.

    At most ``IN_FLIGHT`` files are handed out ahead of the writer: parsed reports never pile
    up in memory when the workers are faster than the writer.
    """

    # Enough to ride out the writer's pauses (a batch's flush and commit) without the workers
    # running out of files: 256 left a core idle ~12 % of a 10,000-report load at --jobs 2,
    # 512 ~4 %. Each parsed report waiting for the writer is ~20 KB.
    IN_FLIGHT = 512

    def __init__(self, paths, known, jobs, timeout):
        self.paths, self.known, self.jobs, self.timeout = paths, known, jobs, timeout
        self.pool = None

    def __enter__(self):
        self.pool = SupervisedPool(parse_job, self.jobs, timeout=self.timeout, initializer=_init_worker,
                                   initargs=(self.known,), chunksize=self.chunksize(), in_flight=self.IN_FLIGHT)
        return (value if ok else lost_report(path, value, self.timeout)
                for path, ok, value in self.pool.imap(self.paths))

    def chunksize(self):
        """Files per task. A task and its results cross the pipes as one message each, which
        the supervisor thread in this (writer) process wakes up for: at --jobs 2, 32 files a
        task instead of 8 saves ~0.08 ms of CPU per report. Smaller with more workers, so that
        each still has at least 4 tasks in flight."""
        return max(1, min(32, self.IN_FLIGHT // (4 * self.jobs)))

    def __exit__(self, *exc):
        self.pool.close(abort=exc[0] is not None)
