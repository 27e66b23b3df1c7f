"""Read-only SQL behind the audit pages.

Plain functions on a sqlite3 connection: each page runs all its queries in one thread hop
(``Database.execute_fn``), and the benchmark and tests can call them without a server.
Nothing here writes.
"""
AUDIT_TABLES = ("rules", "violations", "rule_results")
SEVERITIES = ("error", "warning", "info")
PAGE_SIZE = 50
TOP = 30  # rows of the overview's region list


def rows(conn, sql, params=()):
    cur = conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def one(conn, sql, params=()):
    found = rows(conn, sql, params)
    return found[0] if found else None


def table_names(conn):
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}


def state(conn):
    """Which of the project's tables exist: a database without them gets a message, not a crash."""
    names = table_names(conn)
    return {"has_reports": "reports" in names, "audited": all(t in names for t in AUDIT_TABLES)}


def page_slice(items, page, size=PAGE_SIZE):
    """One page of an already-sorted list, with what the pager needs."""
    start = (page - 1) * size
    return {"items": items[start:start + size], "page": page, "pages": max(1, -(-len(items) // size)),
            "total": len(items)}


def limited(conn, sql, params, page, size=PAGE_SIZE):
    """One page of a query: LIMIT/OFFSET, one row more to know whether a next page exists."""
    found = rows(conn, f"{sql} LIMIT ? OFFSET ?", list(params) + [size + 1, (page - 1) * size])
    return {"items": found[:size], "page": page, "has_next": len(found) > size}


def _report_stats(conn, audited):
    """One row per report with its violation counts by severity (the overview's raw material)."""
    if not audited:
        return rows(conn, "SELECT id, agency, agency_id, region, year, format, parse_status, "
                          "0 AS violations, 0 AS error, 0 AS warning, 0 AS info FROM reports")
    return rows(conn, """
        SELECT r.id, r.agency, r.agency_id, r.region, r.year, r.format, r.parse_status,
               coalesce(v.n, 0) AS violations, coalesce(v.error, 0) AS error,
               coalesce(v.warning, 0) AS warning, coalesce(v.info, 0) AS info
        FROM reports r LEFT JOIN (
            SELECT report_id, count(*) AS n, sum(severity = 'error') AS error,
                   sum(severity = 'warning') AS warning, sum(severity = 'info') AS info
            FROM violations GROUP BY report_id) v ON v.report_id = r.id""")


def _group(stats, key):
    groups = {}
    for r in stats:
        g = groups.setdefault(r[key], {key: r[key], "reports": 0, "with_violations": 0, "violations": 0,
                                       "error": 0, "warning": 0, "info": 0})
        g["reports"] += 1
        g["with_violations"] += r["violations"] > 0
        for k in ("violations", "error", "warning", "info"):
            g[k] += r[k]
    return list(groups.values())


def _badness(r):
    return (-r["error"], -r["warning"], -r["violations"])


def overview(conn, page=1, agency_page=1):
    found = state(conn)
    if not found["has_reports"]:
        return found
    stats = _report_stats(conn, found["audited"])
    status = {s: 0 for s in ("ok", "partial", "failed")}
    for r in stats:
        status[r["parse_status"]] = status.get(r["parse_status"], 0) + 1
    agencies = _group(stats, "agency_id")
    names = {}
    for r in sorted(stats, key=lambda r: r["year"] or 0):
        names[r["agency_id"]] = r["agency"]
    for a in agencies:
        a["agency"] = names[a["agency_id"]]
    regions = sorted(_group(stats, "region"), key=_badness)
    out = dict(found, totals={"reports": len(stats), "agencies": len(agencies),
                              "violations": sum(r["violations"] for r in stats),
                              "reports_with_violations": sum(r["violations"] > 0 for r in stats),
                              "parse_status": status},
               by_year=sorted(_group(stats, "year"), key=lambda g: -(g["year"] or 0)),
               by_region=regions[:TOP], regions_total=len(regions),
               agencies=page_slice(sorted(agencies, key=_badness), agency_page),
               reports=page_slice(sorted(stats, key=lambda r: _badness(r) + (-(r["year"] or 0), r["id"])), page))
    if found["audited"]:
        out["by_severity"] = rows(conn, """
            SELECT severity, count(*) AS violations, count(DISTINCT report_id) AS reports
            FROM violations GROUP BY severity
            ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END""")
        out["by_rule"] = rows(conn, """
            SELECT r.id AS rule_id, r.title, r.severity, coalesce(v.n, 0) AS violations,
                   coalesce(v.reports, 0) AS reports
            FROM rules r LEFT JOIN (
                SELECT rule_id, count(*) AS n, count(DISTINCT report_id) AS reports
                FROM violations GROUP BY rule_id) v ON v.rule_id = r.id
            ORDER BY violations DESC, r.id""")
    return out


REPORT_COLUMNS = ("id, source, sha256, agency, agency_id, body_type, region, year, format, published_on, "
                  "script, parse_status, parse_error")
VIOLATION_COLUMNS = ("v.violation_id, v.rule_id, r.title AS rule_title, v.severity, v.report_id, v.tbl, "
                     "v.row_key, v.col_key, v.observed, v.expected, v.message")
SEVERITY_SORT = "CASE v.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END"


def report(conn, report_id):
    found = state(conn)
    if not found["has_reports"]:
        return None
    rep = one(conn, f"SELECT {REPORT_COLUMNS} FROM reports WHERE id = ?", [report_id])
    if rep is None:
        return None
    violations = []
    if found["audited"]:
        violations = rows(conn, f"""
            SELECT {VIOLATION_COLUMNS} FROM violations v LEFT JOIN rules r ON r.id = v.rule_id
            WHERE v.report_id = ? ORDER BY {SEVERITY_SORT}, v.rule_id, v.tbl, v.row_key, v.col_key""",
                          [report_id])
    return dict(found, report=rep, violations=violations,
                sources=rows(conn, "SELECT path, sha256, size FROM sources WHERE report_id = ? ORDER BY path",
                             [report_id]),
                cells=rows(conn, "SELECT tbl, row_key, col_key, value, raw, state, line FROM cells "
                                 "WHERE report_id = ?", [report_id]),
                claims=rows(conn, "SELECT key, value, quote, section, offset, grp FROM claims "
                                  "WHERE report_id = ? ORDER BY section, offset", [report_id]),
                sections=rows(conn, "SELECT no, title, text, line FROM sections WHERE report_id = ? ORDER BY no",
                              [report_id]),
                other_years=rows(conn, "SELECT id, year FROM reports WHERE agency_id = ? AND id != ? "
                                       "ORDER BY year", [rep["agency_id"], report_id]) if rep["agency_id"] else [])


def rule(conn, rule_id, page=1):
    found = state(conn)
    if not found["audited"]:
        return None
    r = one(conn, "SELECT id, title, severity, formats, basis, description, kind, sql, source_file "
                  "FROM rules WHERE id = ?", [rule_id])
    if r is None:
        return None
    results = {row["status"]: row["n"] for row in rows(
        conn, "SELECT status, count(*) AS n FROM rule_results WHERE rule_id = ? GROUP BY status", [rule_id])}
    count = one(conn, "SELECT count(*) AS n FROM violations WHERE rule_id = ?", [rule_id])["n"]
    violations = limited(conn, f"""
        SELECT {VIOLATION_COLUMNS}, p.agency, p.agency_id, p.year
        FROM violations v JOIN rules r ON r.id = v.rule_id LEFT JOIN reports p ON p.id = v.report_id
        WHERE v.rule_id = ? ORDER BY v.report_id, v.tbl, v.row_key, v.col_key""", [rule_id], page)
    return dict(found, rule=r, results=results, count=count, violations=violations)


def agency(conn, agency_id):
    found = state(conn)
    if not found["has_reports"]:
        return None
    reports = rows(conn, f"SELECT {REPORT_COLUMNS} FROM reports WHERE agency_id = ? ORDER BY year, id",
                   [agency_id])
    if not reports:
        return None
    ids = [r["id"] for r in reports]
    marks = ",".join("?" * len(ids))
    cells = rows(conn, f"SELECT report_id, tbl, row_key, col_key, value, raw, state FROM cells "
                       f"WHERE report_id IN ({marks})", ids)
    violations = []
    if found["audited"]:
        violations = rows(conn, f"""
            SELECT {VIOLATION_COLUMNS} FROM violations v LEFT JOIN rules r ON r.id = v.rule_id
            WHERE v.report_id IN ({marks}) ORDER BY v.report_id, {SEVERITY_SORT}, v.rule_id""", ids)
    return dict(found, agency_id=agency_id, agency=reports[-1]["agency"], reports=reports, cells=cells,
                violations=violations)


def violation(conn, violation_id):
    found = state(conn)
    if not found["audited"]:
        return None
    v = one(conn, f"""
        SELECT {VIOLATION_COLUMNS}, r.basis, r.description AS rule_description, r.formats
        FROM violations v LEFT JOIN rules r ON r.id = v.rule_id WHERE v.violation_id = ?""", [violation_id])
    if v is None:
        return None
    rep = one(conn, f"SELECT {REPORT_COLUMNS} FROM reports WHERE id = ?", [v["report_id"]])
    cells = []
    if v["tbl"] and v["row_key"]:
        cells = rows(conn, "SELECT tbl, row_key, col_key, value, raw, state, line FROM cells "
                           "WHERE report_id = ? AND tbl = ? AND row_key = ?", [v["report_id"], v["tbl"], v["row_key"]])
    elif v["tbl"] and v["col_key"]:
        cells = rows(conn, "SELECT tbl, row_key, col_key, value, raw, state, line FROM cells "
                           "WHERE report_id = ? AND tbl = ? AND col_key = ?", [v["report_id"], v["tbl"], v["col_key"]])
    return dict(found, violation=v, report=rep, cells=cells,
                sources=rows(conn, "SELECT path FROM sources WHERE report_id = ? ORDER BY path", [v["report_id"]]))
