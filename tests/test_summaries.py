"""The aggregates the pages show are written by the audit (summary_* tables): they must be
exactly what counting the canonical reports and their findings gives, counted here in Python."""
import sqlite3
from collections import defaultdict

import pytest

import web_fixture as fx


@pytest.fixture(scope="module")
def conn(tmp_path_factory):
    path = fx.build_audited(tmp_path_factory.mktemp("summaries"))
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    yield connection
    connection.close()


def canonical_reports(conn):
    found = defaultdict(lambda: {"error": 0, "warning": 0, "info": 0})
    for v in conn.execute("SELECT report_id, severity FROM violations"):
        found[v["report_id"]][v["severity"]] += 1
    reports = []
    for r in conn.execute("SELECT rowid, * FROM reports WHERE version_of IS NULL"):
        counts = found[r["id"]] if r["id"] in found else {"error": 0, "warning": 0, "info": 0}
        reports.append(dict(r, **counts, violations=sum(counts.values())))
    return reports


def tally(reports):
    return {"reports": len(reports),
            "with_problems": sum(r["error"] + r["warning"] > 0 for r in reports),
            "with_findings": sum(r["violations"] > 0 for r in reports),
            **{k: sum(r[k] for r in reports) for k in ("violations", "error", "warning", "info")}}


def grouped(reports, *keys):
    groups = defaultdict(list)
    for r in reports:
        groups[tuple(r[k] for k in keys)].append(r)
    return {k: tally(v) for k, v in groups.items()}


def table(conn, name, *keys):
    return {tuple(row[k] for k in keys): {c: row[c] for c in ("reports", "with_problems", "with_findings",
                                                                   "violations", "error", "warning", "info")}
            for row in conn.execute(f"SELECT * FROM {name}")}


def test_totals_years_regions_and_agencies_are_the_counts_of_canonical_reports(conn):
    reports = canonical_reports(conn)
    assert sum(r["violations"] for r in reports) > 20  # the fixture gives the audit work
    totals = dict(conn.execute("SELECT * FROM summary_totals").fetchone())
    assert {k: totals[k] for k in tally(reports)} == tally(reports)
    assert totals["agencies"] == len({r["agency_id"] for r in reports if r["agency_id"]})
    assert table(conn, "summary_years", "year") == grouped(reports, "year")
    assert table(conn, "summary_regions", "province", "city") == grouped(reports, "province", "city")
    assert table(conn, "summary_agencies", "agency_id") == grouped(reports, "agency_id")


def test_rankings_put_errors_then_warnings_first_and_never_rank_on_suggestions(conn):
    ranked = [dict(r) for r in conn.execute("SELECT * FROM summary_reports ORDER BY rank")]
    assert [r["rank"] for r in ranked] == list(range(1, len(ranked) + 1))
    keys = [(-r["error"], -r["warning"]) for r in ranked]
    assert keys == sorted(keys)
    agencies = [dict(r) for r in conn.execute("SELECT * FROM summary_agencies ORDER BY rank")]
    keys = [(-a["error"], -a["warning"]) for a in agencies]
    assert keys == sorted(keys)


def test_rule_results_are_counted_per_rule(conn):
    for rule in conn.execute("SELECT * FROM summary_rules"):
        status = dict(conn.execute(
            "SELECT status, count(*) FROM rule_results WHERE rule_id = ? AND report_id IN "
            "(SELECT id FROM reports WHERE version_of IS NULL) GROUP BY status", [rule["rule_id"]]).fetchall())
        assert (rule["pass"], rule["fail"], rule["skipped"]) == (
            status.get("pass", 0), status.get("fail", 0), status.get("skipped", 0)), rule["rule_id"]
        findings = conn.execute("SELECT count(*) FROM findings WHERE rule_id = ?", [rule["rule_id"]]).fetchone()[0]
        assert rule["violations"] == findings
        by_severity = dict(conn.execute("SELECT severity, count(*) FROM findings WHERE rule_id = ? GROUP BY severity",
                                        [rule["rule_id"]]).fetchall())
        assert (rule["error"], rule["warning"], rule["info"]) == (
            by_severity.get("error", 0), by_severity.get("warning", 0), by_severity.get("info", 0)), rule["rule_id"]


def test_a_report_loaded_twice_counts_once_in_demo_db():
    """examples/ holds the 平潭 2023 report as a page and as its text copy: one report of 2023."""
    from pathlib import Path

    demo = Path(__file__).resolve().parent.parent / "demo.db"
    conn = sqlite3.connect(f"file:{demo}?mode=ro", uri=True)
    assert conn.execute("SELECT count(*) FROM reports WHERE year = 2023").fetchone() == (2,)
    assert conn.execute("SELECT reports FROM summary_years WHERE year = 2023").fetchone() == (1,)
    assert conn.execute("SELECT reports FROM summary_totals").fetchone() == (
        conn.execute("SELECT count(*) FROM reports WHERE version_of IS NULL").fetchone())
    conn.close()
