"""A rule cannot hang the audit nor escape its subquery (issue 13 item 10).

The audits run as subprocesses with a time limit, so that a rule that never ends fails the test
instead of hanging it."""
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from datasette_gov_disclosure.audit import RuleError, load_rules

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path(__file__).parent / "data" / "seeds"
ENDLESS = """id: LOOP-001
title: 永不结束的规则
severity: info
formats: ["2021"]
basis: 测试用。
remedy: 无。
description: 递归没有终止条件。
sql: |
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)
  SELECT r.id AS report_id, 't3' AS tbl, 'new' AS row_key, 'total' AS col_key, NULL AS observed,
         NULL AS expected, '从不' AS message
  FROM reports r WHERE r.id IN (SELECT 'x' || i FROM n WHERE i < 0)
examples:
  - {name: 通过, expect: pass}
  - {name: 不通过, expect: fail, t3: {new: [1, 0, 0, 0, 0, 0, 2]}}
"""


def cli(*args, seconds=120):
    return subprocess.run([sys.executable, "-c", "from datasette_gov_disclosure.cli import main; main()",
                           *map(str, args)], capture_output=True, text=True, timeout=seconds)


def audit_tables(db):
    conn = sqlite3.connect(db)
    found = {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
             for t in ("rules", "violations", "rule_results")}
    found["views"] = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view' ORDER BY name").fetchall()
    conn.close()
    return found


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_runaway_rule_stops_the_audit_and_keeps_the_previous_one(tmp_path, jobs):
    db = tmp_path / "a.db"
    assert cli("load", SEEDS, "--db", db).returncode == 0
    assert cli("audit", "--db", db).returncode == 0
    before = audit_tables(db)
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    (rules / "LOOP-001.yml").write_text(ENDLESS, encoding="utf-8")
    run = cli("audit", "--db", db, "--rules", rules, "--rule-timeout", "2", "--jobs", jobs, seconds=90)
    assert run.returncode == 1
    assert run.stderr.splitlines() == ["错误 / error: 规则 LOOP-001 超过时间限制（2 秒）仍未算完，已停止 / the rule ran past "
                                       "its time limit；审核中止，上一次的审核结果保持不变 / audit stopped, the previous "
                                       "audit is kept"]
    assert audit_tables(db) == before


def test_rules_test_reports_the_runaway_example(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "LOOP-001.yml").write_text(ENDLESS, encoding="utf-8")
    run = cli("rules", "test", "--rules", rules, seconds=90)
    assert run.returncode == 1
    assert "✗ LOOP-001 例子“通过”：规则 LOOP-001 超过时间限制（10 秒）" in run.stderr


@pytest.mark.parametrize("field,text", [
    ("decided_sql", "SELECT id FROM reports) OR (1"),
    ("decided_sql", "SELECT id FROM reports; DELETE FROM reports"),
    ("sql", "SELECT * FROM reports) v, (SELECT 1"),
    ("decided_sql", "DELETE FROM reports RETURNING id"),
])
def test_raw_sql_must_be_one_select_on_its_own(tmp_path, field, text):
    rule = ROOT / "rules" / "T2-002.yml"
    data = rule.read_text(encoding="utf-8")
    start = data.index(f"\n{field}: |") + 1  # replace the field's indented block
    lines = data[start:].split("\n")
    after = [n for n, line in enumerate(lines[1:], 1) if not line.startswith("  ")][0]
    changed = data[:start] + f"{field}: |\n  {text}\n" + "\n".join(lines[after:])
    (tmp_path / "T2-002.yml").write_text(changed, encoding="utf-8")
    with pytest.raises(RuleError, match=f"T2-002.yml: {field}: SQL 无法编译：应是单独一条只读的 SELECT 语句"):
        load_rules(tmp_path)
