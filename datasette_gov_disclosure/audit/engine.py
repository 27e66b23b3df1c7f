"""Run compiled rules over a database: one view per rule, then the materialised tables.

Everything is set-based SQL: each view is evaluated once by an INSERT … SELECT into
``violations``, and ``rule_results`` is filled per rule from the violations and the rule's
"decided" reports. The audit tables are dropped and re-created so they always match the
rules they came from.
"""
import hashlib
import json
import time
from collections import Counter

from .. import store

AUDIT_TABLES = ("rule_results", "violations", "rules")


def violation_id(rule_id, report_id, tbl, row_key, col_key, locator):
    """Stable across runs: the same finding at the same place keeps its id (and its URL)."""
    key = "\x1f".join("" if v is None else str(v) for v in (rule_id, report_id, tbl, row_key, col_key, locator))
    return "v" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def reset(conn):
    views = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'view' AND name LIKE 'rule\\_%' ESCAPE '\\'")]
    for name in views:
        conn.execute(f'DROP VIEW IF EXISTS "{name}"')
    for table in AUDIT_TABLES:
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    conn.executescript(store.AUDIT_SCHEMA)


def prepare(conn):
    """Helper index for the cross-year rules (same agency, previous year): additive, harmless."""
    conn.execute("CREATE INDEX IF NOT EXISTS idx_reports_agency_year ON reports(agency_id, year)")


def _rule_row(rule):
    return (rule.id, rule.title, rule.severity, json.dumps(rule.formats), rule.basis, rule.description,
            rule.kind, rule.sql, rule.file)


def run(conn, rules):
    """Audit every report in ``conn`` (a sqlite3 connection). Returns a summary dict."""
    started = time.perf_counter()
    conn.create_function("gd_violation_id", 6, violation_id, deterministic=True)
    conn.commit()
    reset(conn)
    prepare(conn)
    with conn:
        conn.executemany("INSERT INTO rules (id, title, severity, formats, basis, description, kind, sql, "
                         "source_file) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [_rule_row(r) for r in rules])
        for rule in rules:
            conn.execute(f'CREATE VIEW "{rule.view}" AS {rule.sql}')
            conn.execute(
                "INSERT OR IGNORE INTO violations (violation_id, rule_id, severity, report_id, tbl, row_key, "
                "col_key, observed, expected, message) SELECT gd_violation_id(?, v.report_id, v.tbl, v.row_key, "
                f'v.col_key, v.locator), ?, coalesce(v.severity, ?), v.report_id, v.tbl, v.row_key, v.col_key, '
                f'v.observed, v.expected, v.message FROM "{rule.view}" v', [rule.id, rule.id, rule.severity])
            conn.execute(
                "INSERT INTO rule_results (rule_id, report_id, status, violations) "
                "SELECT ?, r.id, CASE WHEN coalesce(v.n, 0) > 0 THEN 'fail' "
                f"WHEN r.id IN ({rule.decided}) THEN 'pass' ELSE 'skipped' END, coalesce(v.n, 0) "
                "FROM reports r LEFT JOIN (SELECT report_id, count(*) AS n FROM violations WHERE rule_id = ? "
                "GROUP BY report_id) v ON v.report_id = r.id", [rule.id, rule.id])
        conn.execute("CREATE INDEX IF NOT EXISTS idx_violations_cell ON violations(report_id, tbl, row_key, col_key)")
        conn.execute("CREATE INDEX IF NOT EXISTS idx_rule_results_status ON rule_results(rule_id, status)")
    severities = Counter(dict(conn.execute("SELECT severity, count(*) FROM violations GROUP BY severity")))
    reports = conn.execute("SELECT count(*) FROM reports").fetchone()[0]
    return {"reports": reports, "rules": len(rules), "violations": sum(severities.values()),
            "by_severity": {s: severities.get(s, 0) for s in ("error", "warning", "info")},
            "seconds": time.perf_counter() - started}


def summary_line(s):
    sev = s["by_severity"]
    return (f"审核 {s['reports']} 份报告、{s['rules']} 条规则：发现问题 {s['violations']} 条"
            f"（error {sev['error']}，warning {sev['warning']}，info {sev['info']}），用时 {s['seconds']:.1f} 秒。")
