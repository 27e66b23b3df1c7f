"""Bad input never escapes as an exception and never loses a file (issue 6).

Hypothesis feeds the parser random and damaged reports; examples are bounded so the suite
stays quick. Process-level tests kill a load half-way and load while Datasette serves.
"""
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datasette_gov_disclosure import store
from datasette_gov_disclosure.load import MAX_BYTES, load_paths, parse_bytes

SEEDS = sorted((Path(__file__).parent / "data" / "seeds").glob("*.txt"))
SEED_BYTES = [p.read_bytes() for p in SEEDS]
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_report(report):
    assert report.parse_status in ("ok", "partial", "failed")
    if report.parse_status != "ok":
        assert report.parse_error, "a report that is not ok says why"
    assert report.id and report.sha256


@FAST
@given(st.binary(max_size=5000))
def test_random_bytes(data):
    assert_report(parse_bytes(data, "random.bin"))


@FAST
@given(st.text(max_size=3000))
def test_random_text(text):
    assert_report(parse_bytes(text.encode("utf-8"), "random.txt"))


@FAST
@given(st.sampled_from(SEED_BYTES), st.floats(0, 1))
def test_truncated_seed(data, share):
    report = parse_bytes(data[: int(len(data) * share)], "cut.txt")
    assert_report(report)


@FAST
@given(st.sampled_from(SEED_BYTES), st.randoms(use_true_random=False))
def test_shuffled_lines(data, rnd):
    lines = data.split(b"\n")
    rnd.shuffle(lines)
    assert_report(parse_bytes(b"\n".join(lines), "shuffled.txt"))


@FAST
@given(st.sampled_from(SEED_BYTES), st.lists(st.tuples(st.integers(0, 10**6), st.binary(min_size=1, max_size=8)),
                                             max_size=20))
def test_corrupted_bytes(data, edits):
    buf = bytearray(data)
    for pos, junk in edits:
        pos %= len(buf)
        buf[pos:pos + len(junk)] = junk
    assert_report(parse_bytes(bytes(buf), "corrupt.txt"))


@pytest.mark.parametrize("encoding", ["gb18030", "big5", "utf-16-le", "latin-1"])
def test_wrong_encodings(encoding):
    text = SEED_BYTES[1].decode("utf-8")
    data = text.encode(encoding, errors="replace")
    assert_report(parse_bytes(data, f"seed.{encoding}.txt"))


def test_gbk_text_reads_like_utf8():
    text = SEED_BYTES[1].decode("utf-8")
    utf8 = parse_bytes(SEED_BYTES[1], "a.txt")
    gbk = parse_bytes(text.encode("gb18030"), "b.txt")
    assert gbk.parse_status == "ok"
    assert [(c["row_key"], c["col_key"], c["value"]) for c in gbk.cells] == \
           [(c["row_key"], c["col_key"], c["value"]) for c in utf8.cells]


def test_huge_file_is_refused_with_a_reason():
    report = parse_bytes(b"0\n" * (MAX_BYTES // 2 + 1), "huge.txt")
    assert report.parse_status == "failed"
    assert "过大" in report.parse_error


def test_deeply_nested_html():
    data = b"<html><body>" + b"<div>" * 100000 + "一、总体情况".encode() + b"</div>" * 100000 + b"</body></html>"
    assert_report(parse_bytes(data, "nested.html"))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.binary(max_size=300), st.sampled_from(SEED_BYTES)), min_size=1, max_size=12))
def test_files_in_equal_rows_out(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("in")
    for i, data in enumerate(files):
        (folder / f"{i:03d}.txt").write_bytes(data)
    db = store.open_db(str(folder / "out.db"))
    load_paths(db, [str(folder / f"{i:03d}.txt") for i in range(len(files))])
    assert db["sources"].count == len(files)
    orphans = db.execute("SELECT count(*) FROM sources s LEFT JOIN reports r ON r.id = s.report_id "
                         "WHERE r.id IS NULL").fetchone()[0]
    assert orphans == 0


def _write_reports(folder, n):
    """n distinct reports: the seeds with a numbered title line."""
    folder.mkdir()
    for i in range(n):
        seed = SEED_BYTES[i % len(SEED_BYTES)]
        (folder / f"{i:04d}.txt").write_bytes(f"第{i}号测试单位2025年度政府信息公开工作年度报告\n\n".encode() + seed)


def _cli(*args):
    return [sys.executable, "-c", "from datasette_gov_disclosure.cli import main; main()", *args]


def _consistent(db_path, n_files):
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM sources").fetchone()[0] == n_files
    # Every report has all its template cells: a kill never leaves a half-written report.
    bad = conn.execute("""SELECT r.id, r.format, count(c.report_id) FROM reports r LEFT JOIN cells c ON c.report_id = r.id
                          GROUP BY r.id HAVING NOT ((r.format = '2021' AND count(c.report_id) = 200)
                                                    OR (r.format = '2019' AND count(c.report_id) = 198))""").fetchall()
    assert bad == []
    conn.close()


def test_sigkill_half_way_then_rerun(tmp_path):
    n = 300
    _write_reports(tmp_path / "in", n)
    db = str(tmp_path / "kill.db")
    proc = subprocess.Popen(_cli("load", str(tmp_path / "in"), "--db", db, "--batch", "10"),
                            stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    loaded = 0
    while time.time() < deadline and proc.poll() is None:
        try:
            conn = sqlite3.connect(db, timeout=1)
            loaded = conn.execute("SELECT count(*) FROM sources").fetchone()[0]
            conn.close()
        except sqlite3.OperationalError:
            loaded = 0
        if loaded >= 30:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the load finished before it could be killed; use more files"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 0 < loaded < n
    subprocess.run(_cli("load", str(tmp_path / "in"), "--db", db), check=True, stderr=subprocess.DEVNULL)
    _consistent(db, n)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_load_while_datasette_serves(tmp_path):
    n = 150
    _write_reports(tmp_path / "in", n)
    db = str(tmp_path / "live.db")
    store.open_db(db).conn.close()
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "datasette", "serve", db, "-p", str(port), "-h", "127.0.0.1"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/live/sources.json?_shape=array&_size=1"
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        loader = subprocess.Popen(_cli("load", str(tmp_path / "in"), "--db", db, "--batch", "10"),
                                  stderr=subprocess.DEVNULL)
        answers = []
        while loader.poll() is None:
            with urllib.request.urlopen(url, timeout=10) as response:
                answers.append(response.status)
            time.sleep(0.02)
        assert loader.returncode == 0
        assert answers and set(answers) == {200}
    finally:
        server.terminate()
        server.wait(10)
    _consistent(db, n)
