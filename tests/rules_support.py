"""Shared helpers for the rule tests: parse files into a database and audit it."""
from datasette_gov_disclosure import store
from datasette_gov_disclosure.audit import load_rules, run, shipped_rules_dir

_RULES = []


def shipped_rules():
    if not _RULES:
        _RULES.extend(load_rules(shipped_rules_dir()))
    return _RULES


def audited_db(reports, path=":memory:"):
    """A database holding ``reports`` (parsed Report objects), audited with the shipped rules."""
    db = store.open_db(path)
    with db.atomic():
        for i, report in enumerate(reports):
            store.save(db, report, f"{report.source}#{i}", 0)
    run(db.conn, shipped_rules())
    return db


def apart(report, tag):
    """The report under an agency of its own: a changed copy of a report is otherwise, rightly,
    a second version of it (same agency and year), which the audit leaves out."""
    if report.agency_id:
        report.agency_id = f"{report.agency_id}-{tag}"
    return report


def findings(conn, report_id):
    """{(rule_id, severity, tbl, row_key, col_key)} of one report."""
    return {tuple(r) for r in conn.execute(
        "SELECT rule_id, severity, tbl, row_key, col_key FROM violations WHERE report_id = ?", [report_id])}


def statuses(conn, report_id):
    return dict(conn.execute("SELECT rule_id, status FROM rule_results WHERE report_id = ?", [report_id]))

