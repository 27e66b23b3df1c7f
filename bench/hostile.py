"""Hostile files: peak memory and time of a load meeting each one (issue 13).

    python bench/hostile.py [--jobs 2]

Each case is a folder holding one hostile file (generated here, never committed: the makers are
tests/hostile_cases.py) and one good report, loaded by ``gov-disclosure load --jobs J`` in a
fresh process. Prints one Markdown table: the file's size, the peak RSS of the largest process
of the load (a worker parsing the file, or the writer), the load's wall time, and the row the
hostile file got. The target: every case under 300 MB and 10 s.
"""
import argparse
import os
import socket
import sqlite3
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:0] = [ROOT, os.path.join(ROOT, "tests")]

import hostile_cases as H  # noqa: E402
from run import cli, run_timed  # noqa: E402

GOOD = os.path.join(ROOT, "tests", "data", "seeds", "001_f7ae2969909213d6.txt")
FAULTS = "GOV_DISCLOSURE_TEST_FAULTS"


def _copy(folder, name):
    path = os.path.join(folder, name)
    with open(GOOD, "rb") as src, open(path, "wb") as dst:
        dst.write(src.read() + name.encode())  # bytes of its own: a report of its own
    return path


def fifo(folder):
    path = os.path.join(folder, "fifo.txt")
    os.mkfifo(path)
    return path


def dev_zero(folder):
    path = os.path.join(folder, "zero.txt")
    os.symlink("/dev/zero", path)
    return path


def sparse_3gb(folder):
    path = os.path.join(folder, "sparse.txt")
    with open(path, "wb") as f:
        f.truncate(3 * 2 ** 30)
    return path


def unix_socket(folder):
    path = os.path.join(folder, "sock.txt")
    socket.socket(socket.AF_UNIX).bind(path)  # the bound socket file stays after the socket is gone
    return path


def non_utf8_name(folder):
    path = os.fsencode(folder) + b"/b_\xff\xfe.txt"
    with open(GOOD, "rb") as src, open(path, "wb") as dst:
        dst.write(src.read() + b"\n")
    return os.fsdecode(path)


def killed_worker(folder):
    os.environ[FAULTS] = "killed.txt=kill"
    return _copy(folder, "killed.txt")


def hanging_worker(folder):
    os.environ[FAULTS] = "hangs.txt=hang"
    return _copy(folder, "hangs.txt")


CASES = dict(H.CASES, fifo=fifo, dev_zero_symlink=dev_zero, sparse_3gb=sparse_3gb, unix_socket=unix_socket,
             non_utf8_name=non_utf8_name, worker_killed=killed_worker, worker_hangs_timeout_3s=hanging_worker)
# The hang lasts as long as --timeout says (default 60 s): 3 s here.
EXTRA = {"worker_hangs_timeout_3s": ["--timeout", "3"]}


def row(db, path):
    conn = sqlite3.connect(db)
    name = os.path.basename(path)
    found = [(p, s, e) for p, s, e in conn.execute(
        "SELECT s.path, r.parse_status, r.parse_error FROM sources s JOIN reports r ON r.id = s.report_id")]
    hostile = [f"{s}: {e or ''}" for p, s, e in found if os.path.basename(p) != "good.txt"]
    ambiguous = conn.execute("SELECT count(*) FROM cells c JOIN sources s ON s.report_id = c.report_id "
                             "WHERE c.state = 'ambiguous' AND s.path NOT LIKE '%good.txt'").fetchone()[0]
    if ambiguous:
        hostile = [f"{h}（{ambiguous} 个单元格 ambiguous）" for h in hostile]
    conn.close()
    good = [s for p, s, e in found if os.path.basename(p) == "good.txt"]
    assert good == ["ok"], f"{name}: the good report was not committed"
    return hostile[0] if len(hostile) == 1 else f"{len(hostile)} rows"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", default="2")
    parser.add_argument("cases", nargs="*", default=list(CASES))
    args = parser.parse_args()
    print("| case | file size | peak RSS MiB | seconds | row |\n|---|---|---|---|---|")
    for name in args.cases:
        with tempfile.TemporaryDirectory(prefix="gd-hostile-") as tmp:
            folder = os.path.join(tmp, "in")
            os.mkdir(folder)
            _copy(folder, "good.txt")
            os.environ.pop(FAULTS, None)
            path = CASES[name](folder)
            size = os.lstat(path).st_size
            db = os.path.join(tmp, "h.db")
            seconds, peak, _private = run_timed(cli("load", folder, "--db", db, "--jobs", args.jobs,
                                                    *EXTRA.get(name, [])))
            what = row(db, path).replace("|", "\\|")
            print(f"| {name} | {size:,} B | {peak:.0f} | {seconds:.1f} | {what[:90]} |", flush=True)
    os.environ.pop(FAULTS, None)


if __name__ == "__main__":
    main()
