"""gov-disclosure load and parse as a user runs them (issue 2 acceptance)."""
import json
import os
import shutil
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from datasette_gov_disclosure.cli import cli

SEEDS = Path(__file__).parent / "data" / "seeds"
TABLES = ("reports", "sources", "sections", "cells", "claims")


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.output


def dump(db, skip=()):
    """Every row of every table, optionally without some columns (e.g. loaded_at)."""
    conn = sqlite3.connect(db)
    out = {}
    for t in TABLES:
        cols = [c[1] for c in conn.execute(f"PRAGMA table_info({t})") if c[1] not in skip]
        out[t] = sorted(conn.execute(f"SELECT {', '.join(cols)} FROM {t}").fetchall(), key=repr)
    conn.close()
    return out


def test_load_seeds(tmp_path):
    db = tmp_path / "a.db"
    code, output = run("load", SEEDS, "--db", db)
    assert code == 0, output
    assert "共 5 个文件" in output and "ok 5" in output
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 5
    counts = conn.execute("""SELECT r.format, c.tbl, count(*) FROM cells c JOIN reports r ON r.id = c.report_id
                             GROUP BY r.id, c.tbl ORDER BY r.format, c.tbl""").fetchall()
    assert counts == [("2019", "t2", 22), ("2019", "t3", 161), ("2019", "t4", 15)] + \
        [("2021", "t2", 10)] * 4 + [("2021", "t3", 175)] * 4 + [("2021", "t4", 15)] * 4
    seed001 = "WHERE r.source LIKE '%001_f7ae2969909213d6.txt'"
    new_total = conn.execute(f"""SELECT c.value FROM cells c JOIN reports r ON r.id = c.report_id {seed001}
                                 AND tbl = 't3' AND row_key = 'new' AND col_key = 'total'""").fetchone()[0]
    assert new_total == 31
    after_rev = conn.execute(f"""SELECT c.col_key, c.value FROM cells c JOIN reports r ON r.id = c.report_id {seed001}
                                 AND tbl = 't4' AND row_key = 'lit_after_rev'""").fetchall()
    order = ["upheld", "corrected", "other", "pending", "total"]
    assert [v for _, v in sorted(after_rev, key=lambda kv: order.index(kv[0]))] == [0, 1, 2, 0, 3]


def test_reload_changes_nothing(tmp_path):
    db = tmp_path / "a.db"
    run("load", SEEDS, "--db", db)
    before = dump(db)
    code, output = run("load", SEEDS, "--db", db)
    assert code == 0 and "5 个未变化已跳过" in output
    assert dump(db) == before


def test_bad_files_get_rows_with_reasons(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "random.bin").write_bytes(os.urandom(4000))
    seed = (SEEDS / "001_f7ae2969909213d6.txt").read_bytes()
    (folder / "half.txt").write_bytes(seed[: len(seed) // 2])
    db = tmp_path / "a.db"
    code, output = run("load", folder, "--db", db)
    assert code == 0, output
    assert "共 3 个文件" in output
    conn = sqlite3.connect(db)
    rows = {Path(p).name: (status, error) for p, status, error in conn.execute(
        "SELECT s.path, r.parse_status, r.parse_error FROM sources s JOIN reports r ON r.id = s.report_id")}
    assert rows["empty.txt"][0] == "failed" and "空" in rows["empty.txt"][1]
    assert rows["random.bin"][0] == "failed" and "二进制" in rows["random.bin"][1]
    assert rows["half.txt"][0] == "partial" and "表四" in rows["half.txt"][1]


def test_nothing_loadable_and_bad_arguments(tmp_path):
    code, output = run("load", tmp_path / "nope", "--db", tmp_path / "a.db")
    assert code != 0 and "找不到" in output and "Traceback" not in output
    (tmp_path / "empty_dir").mkdir()
    code, output = run("load", tmp_path / "empty_dir", "--db", tmp_path / "a.db")
    assert code != 0 and "没有找到任何文件" in output
    code, output = run("load", "--db", tmp_path / "a.db")
    assert code != 0


def test_parse_prints_json(tmp_path):
    code, output = run("parse", SEEDS / "003_d21cd696e2804b07.txt")
    assert code == 0
    report = json.loads(output)
    assert (report["format"], report["year"], report["script"]) == ("2019", 2020, "traditional")
    missing = [c for c in report["cells"] if c["state"] == "missing"]
    assert [(c["tbl"], c["row_key"], c["col_key"]) for c in missing] == [("t3", "carry_out", "total")]


def test_parallel_load_matches_serial(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    run("load", folder, "--db", tmp_path / "serial.db")
    code, output = run("load", folder, "--db", tmp_path / "parallel.db", "--jobs", "2")
    assert code == 0, output
    assert dump(tmp_path / "serial.db", skip=("loaded_at",)) == dump(tmp_path / "parallel.db", skip=("loaded_at",))
