"""The overview is aggregated in SQL; here it is checked against the plain Python reading of
the same rows (group, sort worst first, page), on a database with ties, NULLs and many pages."""
import random
import sqlite3

import pytest

from datasette_gov_disclosure import store
from datasette_gov_disclosure.web import queries as Q


def reference(conn, page, agency_page):
    stats = Q.rows(conn, """
        SELECT r.id, r.agency, r.agency_id, r.region, r.year, r.format, r.parse_status,
               count(v.violation_id) AS violations, coalesce(sum(v.severity = 'error'), 0) AS error,
               coalesce(sum(v.severity = 'warning'), 0) AS warning, coalesce(sum(v.severity = 'info'), 0) AS info
        FROM reports r LEFT JOIN violations v ON v.report_id = r.id GROUP BY r.rowid ORDER BY r.rowid""")

    def group(key):
        groups = {}
        for r in stats:
            g = groups.setdefault(r[key], {key: r[key], "reports": 0, "with_violations": 0, "violations": 0,
                                           "error": 0, "warning": 0, "info": 0})
            g["reports"] += 1
            g["with_violations"] += r["error"] + r["warning"] > 0  # a report with problems, not suggestions
            for k in ("violations", "error", "warning", "info"):
                g[k] += r[k]
        return list(groups.values())

    def bad(r):  # suggestions (info) never rank
        return (-r["error"], -r["warning"])

    def pages(items, n):
        return {"items": items[(n - 1) * 50:n * 50], "page": n, "pages": max(1, -(-len(items) // 50)),
                "total": len(items)}

    names = {}
    for r in sorted(stats, key=lambda r: r["year"] or 0):
        names[r["agency_id"]] = r["agency"]
    agencies = group("agency_id")
    for a in agencies:
        a["agency"] = names[a["agency_id"]]
    regions = sorted(group("region"), key=bad)
    named = [a for a in agencies if a["agency_id"] is not None]  # reports of no recognised agency are no agency
    return {"totals": {"reports": len(stats), "agencies": len(named),
                       "violations": sum(r["violations"] for r in stats),
                       "reports_with_violations": sum(r["violations"] > 0 for r in stats),
                       "problems": sum(r["error"] + r["warning"] for r in stats),
                       "reports_with_problems": sum(r["error"] + r["warning"] > 0 for r in stats),
                       "suggestions": sum(r["info"] for r in stats),
                       "parse_status": {s: sum(r["parse_status"] == s for r in stats)
                                        for s in ("ok", "partial", "failed")}},
            "by_year": sorted(group("year"), key=lambda g: -(g["year"] or 0)),
            "by_region": regions[:Q.TOP], "regions_total": len(regions),
            "agencies": pages(sorted(agencies, key=bad), agency_page),
            "reports": pages(sorted(stats, key=lambda r: bad(r) + (-(r["year"] or 0), r["id"])), page)}


@pytest.fixture(scope="module")
def conn():
    rng = random.Random(6)
    conn = sqlite3.connect(":memory:")
    conn.executescript(store.SCHEMA + store.AUDIT_SCHEMA)
    for i in range(260):
        agency = rng.choice([None] + list(range(70)))
        conn.execute("INSERT INTO reports (id, source, sha256, agency, agency_id, region, year, format, parse_status, "
                     "loaded_at) VALUES (?, ?, '', ?, ?, ?, ?, '2021', ?, '')",
                     [f"r{rng.randrange(16 ** 12):012x}", f"{i}.txt",
                      None if agency is None else f"机关{agency}-{rng.randrange(3)}",
                      None if agency is None else f"a{agency}", rng.choice([None, "福建省", "上海市", "平潭"]),
                      rng.choice([None, 2019, 2020, 2021, 2022]), rng.choice(["ok", "ok", "partial", "failed"])])
    reports = [r[0] for r in conn.execute("SELECT id FROM reports")]
    conn.execute("INSERT INTO rules (id, title, severity) VALUES ('R', 't', 'error')")
    for n in range(700):
        conn.execute("INSERT INTO violations (violation_id, rule_id, severity, report_id, message) "
                     "VALUES (?, 'R', ?, ?, 'm')", [f"v{n}", rng.choice(["error", "warning", "info", "info"]),
                                                    rng.choice(reports[:150])])
    conn.execute("INSERT INTO report_findings " + store.FINDINGS_PER_REPORT)
    conn.commit()
    return conn


@pytest.mark.parametrize("page,agency_page", [(1, 1), (2, 2), (6, 1), (3, 2)])
def test_overview_in_sql_equals_the_plain_reading(conn, page, agency_page):
    got = Q.overview(conn, page=page, agency_page=agency_page)
    want = reference(conn, page, agency_page)
    for key, value in want.items():
        assert got[key] == value, key
    assert got["reports"]["items"] and got["agencies"]["items"]
    assert got["by_severity"] == Q.rows(conn, """
        SELECT severity, count(*) AS violations, count(DISTINCT report_id) AS reports FROM violations
        GROUP BY severity ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END""")


def test_a_database_audited_before_report_findings_existed(conn):
    """No report_findings table: the counts come from violations."""
    old = sqlite3.connect(":memory:")
    conn.backup(old)
    old.execute("DROP TABLE report_findings")
    assert Q.overview(old)["reports"] == Q.overview(conn)["reports"]
    assert Q.overview(old)["totals"]["violations"] == 700
