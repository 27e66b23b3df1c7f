"""A worker that dies or runs away costs one failed row, never the load (issue 13 item 6).

The faults are injected with the loader's test hook (GOV_DISCLOSURE_TEST_FAULTS): a worker
kills itself with SIGKILL on one named file, as the OOM killer would, and hangs on another.
"""
import sqlite3

import pytest

from limits import good_report, outcomes, run_limited

FAULTS = {"GOV_DISCLOSURE_TEST_FAULTS": "killed.txt=kill,hangs.txt=hang"}


def _folder(tmp_path, good=40):
    folder = tmp_path / "in"
    folder.mkdir()
    seed = good_report(folder).read_bytes()
    for i in range(good):  # distinct reports, so that workers hold several chunks
        (folder / f"r{i:03d}.txt").write_bytes(f"第{i}号测试单位\n".encode() + seed)
    (folder / "killed.txt").write_bytes("被杀死的进程\n".encode() + seed)
    (folder / "hangs.txt").write_bytes("卡住的进程\n".encode() + seed)
    return folder


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_killed_and_hanging_workers(tmp_path, jobs):
    folder = _folder(tmp_path)
    run = run_limited("load", folder, "--db", tmp_path / "a.db", "--jobs", jobs, "--timeout", "2",
                      env=FAULTS, seconds=60)
    assert run.returncode == 0, run.stderr
    rows = outcomes(tmp_path / "a.db")
    assert len(rows) == 43  # every file accounted for in sources
    assert rows["killed.txt"][0] == "failed" and "解析进程异常退出" in rows["killed.txt"][1]
    assert rows["hangs.txt"][0] == "failed" and "解析超时（超过 2 秒）" in rows["hangs.txt"][1]
    others = {name: status for name, (status, _) in rows.items() if name not in ("killed.txt", "hangs.txt")}
    assert set(others.values()) == {"ok"}
    assert "killed.txt" in run.stderr and "hangs.txt" in run.stderr


def test_timeout_default_and_rerun(tmp_path):
    folder = _folder(tmp_path, good=3)
    first = run_limited("load", folder, "--db", tmp_path / "a.db", "--timeout", "1", env=FAULTS)
    assert first.returncode == 0, first.stderr
    # The lost files keep their rows: a rerun finds them unchanged, like any other file.
    again = run_limited("load", folder, "--db", tmp_path / "a.db", "--timeout", "1", env=FAULTS)
    assert "6 个未变化已跳过" in again.stderr
    conn = sqlite3.connect(tmp_path / "a.db")
    assert conn.execute("SELECT count(*) FROM sources").fetchone()[0] == 6
    help_text = run_limited("load", "--help").stdout
    assert "--timeout" in help_text and "[default: 60" in help_text
