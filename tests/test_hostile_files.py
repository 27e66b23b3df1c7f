"""Files that are not reports, or are traps, cost one failed row each and never the load (issue 13).

Every load runs in a subprocess under a 512 MB address-space limit and a time limit; each
case checks the file's row and its reason, and that the good file beside it was committed.
"""
import os
import socket
import sqlite3

from limits import good_report, outcomes, run_limited


def test_special_files_get_failed_rows(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    good_report(folder)
    os.mkfifo(folder / "fifo.txt")  # opened for reading, it blocks until a writer comes
    os.symlink("/dev/zero", folder / "zero.txt")  # endless bytes
    with open(folder / "sparse.txt", "wb") as f:  # 3 GB of nothing, on no disk space
        f.truncate(3 * 2 ** 30)
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "sock.txt"))
    try:
        run = run_limited("load", folder, "--db", tmp_path / "a.db", seconds=30)
    finally:
        sock.close()
    assert run.returncode == 0, run.stderr
    rows = outcomes(tmp_path / "a.db")
    assert rows["good.txt"] == ("ok", None)
    assert rows["fifo.txt"][0] == "failed" and "命名管道" in rows["fifo.txt"][1]
    assert rows["zero.txt"][0] == "failed" and "字符设备" in rows["zero.txt"][1]
    assert rows["sock.txt"][0] == "failed" and "套接字" in rows["sock.txt"][1]
    assert rows["sparse.txt"][0] == "failed" and "过大（3072 MB" in rows["sparse.txt"][1]
    conn = sqlite3.connect(tmp_path / "a.db")
    assert conn.execute("SELECT size FROM sources WHERE path LIKE '%sparse.txt'").fetchone()[0] == 3 * 2 ** 30


def test_file_names_that_are_not_utf8_are_loaded(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    seed = good_report(folder).read_bytes()
    junk = os.fsencode(folder) + b"/b_\xff\xfe.txt"
    gbk = os.fsencode(folder) + "/报告2025.txt".encode("gbk")
    with open(junk, "wb") as f:
        f.write(seed + b"\n")  # other bytes: another report
    with open(gbk, "wb") as f:
        f.write(seed + b"\n\n")
    run = run_limited("load", folder, "--db", tmp_path / "a.db", "--jobs", "2")
    assert run.returncode == 0, run.stderr
    conn = sqlite3.connect(tmp_path / "a.db")
    rows = {os.path.basename(path): (path_hex, status) for path, path_hex, status in conn.execute(
        "SELECT s.path, s.path_hex, r.parse_status FROM sources s JOIN reports r ON r.id = s.report_id")}
    assert rows == {"good.txt": (None, "ok"), "b_\\xff\\xfe.txt": (junk.hex(), "ok"), "报告2025.txt": (gbk.hex(), "ok")}
    again = run_limited("load", folder, "--db", tmp_path / "a.db")
    assert again.returncode == 0 and "3 个未变化已跳过" in again.stderr


def test_unreadable_folder_gets_a_row(tmp_path, monkeypatch):
    """Root reads any folder whatever its mode, so the refusal is what os.walk would be told."""
    from datasette_gov_disclosure import store
    from datasette_gov_disclosure.load import load_paths

    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    good_report(folder)
    good_report(folder / "locked", "hidden.txt")
    real_scandir = os.scandir

    def scandir(path="."):
        if os.path.basename(os.fspath(path)) == "locked":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "listdir", lambda path=".": list(e.name for e in scandir(path)))
    db = store.open_db(str(tmp_path / "a.db"))
    summary = load_paths(db, [str(folder)])
    rows = outcomes(tmp_path / "a.db")
    assert rows["good.txt"] == ("ok", None)
    assert rows["locked"][0] == "failed" and "无法读取文件夹：没有读取权限" in rows["locked"][1]
    assert summary["files"] == 2
