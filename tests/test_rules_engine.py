"""The audit tables: stable violation ids, pass/fail/skipped per rule and report, plain-SQL views."""
import sqlite3

import pytest
from click.testing import CliRunner

from datasette_gov_disclosure.audit import run
from datasette_gov_disclosure.cli import cli
from rules_support import audited_db, shipped_rules, statuses

SEED_001 = "seeds/001_f7ae2969909213d6.txt"


@pytest.fixture
def db(parse_data_file):
    return audited_db([parse_data_file(SEED_001)])


def report_id(db):
    return db.conn.execute("SELECT id FROM reports").fetchone()[0]


def set_cell(db, row, col, value, state):
    db.conn.execute("UPDATE cells SET value = ?, state = ? WHERE tbl = 't3' AND row_key = ? AND col_key = ?",
                    [value, state, row, col])
    db.conn.commit()


def test_violation_ids_are_stable_across_audits(db):
    set_cell(db, "new", "np", 29, "number")
    run(db.conn, shipped_rules())
    first = sorted(db.conn.execute("SELECT violation_id, rule_id FROM violations"))
    run(db.conn, shipped_rules())
    assert sorted(db.conn.execute("SELECT violation_id, rule_id FROM violations")) == first
    assert ("T3-001" in {r for _, r in first}) and len({v for v, _ in first}) == len(first)


def test_a_wrong_number_fails_and_shows_the_arithmetic(db):
    set_cell(db, "new", "np", 29, "number")
    run(db.conn, shipped_rules())
    msg = db.conn.execute("SELECT message FROM violations WHERE rule_id = 'T3-001' AND col_key = 'np'").fetchone()[0]
    assert msg == "表三 自然人列：一+二 = 29+0 = 29，三(七)+四 = 28+0 = 28，相差 1"
    assert statuses(db.conn, report_id(db))["T3-001"] == "fail"


def test_an_ambiguous_cell_makes_its_rules_skipped_not_failed(db):
    set_cell(db, "new", "np", 99, "ambiguous")
    run(db.conn, shipped_rules())
    got = statuses(db.conn, report_id(db))
    assert got["T3-001"] == got["T3-002"] == got["T3-004"] == "skipped"
    assert got["T3-003"] == got["T4-001"] == "pass"
    assert not db.conn.execute("SELECT 1 FROM violations WHERE row_key = 'new' OR col_key = 'np'").fetchall()


def test_a_text_cell_is_reported_once_as_text_and_skipped_by_the_identities(db):
    set_cell(db, "r.open", "np", 14, "text")
    run(db.conn, shipped_rules())
    got = statuses(db.conn, report_id(db))
    assert got["STRUCT-008"] == "fail" and got["T3-002"] == "skipped" and got["T3-003"] == "skipped"


def test_a_blank_counts_as_zero_and_the_message_says_so(db):
    set_cell(db, "r.open", "org_other", None, "blank")  # was 1: 行 (一) no longer adds up
    run(db.conn, shipped_rules())
    msg = db.conn.execute("SELECT message FROM violations WHERE rule_id = 'T3-002'").fetchone()[0]
    assert "空白单元格按 0 计：其他" in msg and "13+0+0+0+0+0 = 13" in msg


def test_views_and_tables_are_plain_sql(db, tmp_path):
    """Datasette opens the file without our Python functions: every view must still run."""
    path = tmp_path / "copy.db"
    db.conn.execute(f"VACUUM INTO '{path}'")
    conn = sqlite3.connect(path)
    views = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'view'")]
    assert len(views) == len(shipped_rules())
    for view in views:
        conn.execute(f'SELECT * FROM "{view}"').fetchall()
    rules = dict(conn.execute("SELECT id, kind FROM rules"))
    assert rules["T3-001"] == "sum_identity" and rules["PUB-005"] == "sql"
    n = conn.execute("SELECT count(*) FROM rule_results").fetchone()[0]
    assert n == len(shipped_rules())


def test_audit_command_summary(tmp_path, parse_data_file):
    path = tmp_path / "a.db"
    audited_db([parse_data_file(SEED_001)], str(path))
    result = CliRunner().invoke(cli, ["audit", "--db", str(path)])
    assert result.exit_code == 0
    # seed 001's two hints: the blank fee amount (STRUCT-007) and 六 holding only the fee (TEXT-010)
    assert "审核 1 份报告" in result.output and "info 2" in result.output and "用时" in result.output


def _audit_tables(path):
    conn = sqlite3.connect(path)
    tables = {t: sorted(conn.execute(f"SELECT * FROM {t}")) for t in ("rule_results", "rules", "report_findings")}
    # Rules finish in any order in the workers; the findings' row ids must not show it.
    tables["violations"] = conn.execute("SELECT rowid, * FROM violations ORDER BY rowid").fetchall()
    conn.close()
    return tables


def test_audit_in_worker_processes_gives_the_same_tables(tmp_path, parse_data_file):
    """``audit --jobs 2`` evaluates the rules in two processes: every row must equal the in-process audit."""
    reports = [parse_data_file(f"seeds/{name}") for name in (
        "000_ee4684b768120127.txt", SEED_001.split("/")[1], "003_d21cd696e2804b07.txt")]
    path = tmp_path / "a.db"
    db = audited_db(reports, str(path))
    set_cell(db, "new", "np", 29, "number")        # T3-001 and more fail on seed 001
    set_cell(db, "r.open", "total", None, "text")  # and some rules are skipped
    db.conn.close()
    one = CliRunner().invoke(cli, ["audit", "--db", str(path)])
    assert one.exit_code == 0, one.output
    in_process = _audit_tables(str(path))
    two = CliRunner().invoke(cli, ["audit", "--db", str(path), "--jobs", "2"])
    assert two.exit_code == 0, two.output
    assert _audit_tables(str(path)) == in_process
    statuses_seen = {row[2] for row in in_process["rule_results"]}
    assert statuses_seen == {"pass", "fail", "skipped"}
    assert len(in_process["rule_results"]) == 3 * len(shipped_rules())
    assert one.output.splitlines()[-1].split("，用时")[0] == two.output.splitlines()[-1].split("，用时")[0]


def test_an_interrupted_audit_leaves_the_previous_one_whole(tmp_path, parse_data_file):
    """The next audit's tables replace the current ones only when complete: until then a reader
    (Datasette serving the database) sees the previous audit, whole."""
    path = str(tmp_path / "a.db")
    db = audited_db([parse_data_file(SEED_001)], path)
    before = _audit_tables(path)
    set_cell(db, "new", "np", 29, "number")  # the next audit finds more (T3-001 fails)
    evaluated = []

    def stop_after_three_rules():
        evaluated.append(1)
        if len(evaluated) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(db.conn, shipped_rules(), progress=stop_after_three_rules)
    assert _audit_tables(path) == before
    run(db.conn, shipped_rules())
    after = _audit_tables(path)
    assert len(after["violations"]) > len(before["violations"])
    assert "T3-001" in {row[2] for row in after["violations"]} - {row[2] for row in before["violations"]}


def test_a_quoted_opening_is_cut_at_a_clause_boundary(parse_data_file):
    """Seed 002's part 五 opens "当前形势分析。当前形势下,…之间的矛盾,新兴领域如数据开放、政务新媒体…":
    the quote stops at the comma after 矛盾 (the first clause end past its first 20 characters), not
    inside 新媒体."""
    db = audited_db([parse_data_file("seeds/002_79fe859667c2588d.txt")])
    (msg,) = db.conn.execute("SELECT message FROM violations WHERE rule_id = 'TEXT-005'").fetchone()
    assert msg.endswith("（开头：“当前形势分析。当前形势下,政府信息公开工作面临公众期待持续提升与实际供给能力"
                        "不足之间的矛盾…”）"), msg
