"""Read-only SQL behind the audit pages.

Plain functions on a sqlite3 connection: each page runs all its queries in one thread hop
(``Database.execute_fn``), and the benchmark and tests can call them without a server.
Nothing here writes.
"""
from .. import store
from ..audit import summaries
from .schema import recognise

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


def state(conn):
    """Which of the project's tables exist, with the columns the pages read."""
    return recognise(conn)


def limited(conn, sql, params, page, size=PAGE_SIZE):
    """One page of a query: LIMIT/OFFSET, one row more to know whether a next page exists."""
    found = rows(conn, f"{sql} LIMIT ? OFFSET ?", list(params) + [size + 1, (page - 1) * size])
    return {"items": found[:size], "page": page, "has_next": len(found) > size}


def columns(conn, table):
    """The columns a table has: newer columns (rules.remedy, rule_results.reason …) are read only when present."""
    return {r[0] for r in conn.execute("SELECT name FROM pragma_table_info(?)", [table])}


def optional(conn, table, alias, names):
    """``alias.name`` for the columns the table has, ``NULL AS name`` for the others."""
    have = columns(conn, table)
    return ", ".join(f"{alias}.{n}" if n in have else f"NULL AS {n}" for n in names)


def has_versions(conn):
    """Whether ``reports`` has the columns the audit marks second versions with (a database
    audited before they existed has none, and every report counts)."""
    return "version_of" in columns(conn, "reports")


def canonical(conn, alias="r"):
    """Condition keeping one report per agency and year: a second version of a report
    (``reports.version_of``, set by the audit) is left out of every count and ranking."""
    return f"{alias}.version_of IS NULL" if has_versions(conn) else "1"


def versions_of(conn, report_ids):
    """The second versions of these reports: id, year, version_of, version_note.

    A second version always has its canonical report's agency (the audit groups by agency and
    year), so they are looked up through the agency index: ``version_of`` has none, and a scan
    of every report made the agency and report pages grow with the database."""
    if not report_ids or not has_versions(conn):
        return []
    marks = ",".join("?" * len(report_ids))
    return rows(conn, f"SELECT id, year, agency_id, version_of, version_note FROM reports "
                      f"WHERE agency_id IN (SELECT agency_id FROM reports WHERE id IN ({marks})) "
                      f"AND version_of IN ({marks}) ORDER BY year, id", list(report_ids) * 2)


def _with_findings(conn, found):
    """reports r joined to f, each report's findings by severity (no row: none).

    ``report_findings`` is written by the audit; a database audited before it existed is
    counted from ``violations``, one not audited yet has no findings at all.
    """
    if not found["audited"]:
        return "reports r LEFT JOIN (SELECT NULL AS report_id, 0 AS violations, 0 AS error, 0 AS warning, " \
               "0 AS info WHERE 0) f ON f.report_id = r.id"
    if found["report_findings"]:
        return "reports r LEFT JOIN report_findings f ON f.report_id = r.id"
    return f"reports r LEFT JOIN ({store.FINDINGS_PER_REPORT}) f ON f.report_id = r.id"


_COUNTS = ("count(*) AS reports, coalesce(sum(f.error + f.warning > 0), 0) AS with_violations, "
           "coalesce(sum(f.violations), 0) AS violations, coalesce(sum(f.error), 0) AS error, "
           "coalesce(sum(f.warning), 0) AS warning, coalesce(sum(f.info), 0) AS info")
# Worst first: errors, then warnings; suggestions (info) are not problems and never rank a report
# or an agency. Ties keep the order reports were loaded in.
_BADNESS = "error DESC, warning DESC"


def _paged(conn, sql, page, total, size=PAGE_SIZE):
    found = rows(conn, f"{sql} LIMIT ? OFFSET ?", [size, (page - 1) * size])
    return {"items": found, "page": page, "pages": max(1, -(-total // size)), "total": total}


def has_summaries(conn):
    """Whether the audit wrote the summary tables (an audit by an earlier version did not)."""
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'summary%'")}
    return set(SUMMARY_TABLES) <= names


SUMMARY_TABLES = ("summary_totals", "summary_years", "summary_regions", "summary_rules", "summary_agencies",
                  "summary_reports")


def overview(conn, page=1, agency_page=1, with_results=True):
    """The front page. Read from the audit's summary tables: a probe or a short scan whatever the
    number of reports. A database audited before they existed is aggregated here instead.
    ``with_results``: each rule's passed / failed / undecided counts (from rule_results) too."""
    found = state(conn)
    if not found["has_reports"]:
        return found
    if found["audited"] and has_summaries(conn):
        return summarised_overview(conn, found, page, agency_page, with_results)
    return live_overview(conn, found, page, agency_page, with_results)


def live_overview(conn, found, page, agency_page, with_results):
    """The overview aggregated at request time, for a database audited before the summary tables."""
    # Every count below is of canonical reports: FROM {base} ends with their condition.
    base = f"{_with_findings(conn, found)} WHERE {canonical(conn)}"
    totals = one(conn, f"""
        SELECT count(*) AS reports, coalesce(sum(f.violations), 0) AS violations,
               coalesce(sum(f.violations > 0), 0) AS reports_with_violations,
               coalesce(sum(f.error), 0) + coalesce(sum(f.warning), 0) AS problems,
               coalesce(sum(f.error + f.warning > 0), 0) AS reports_with_problems,
               coalesce(sum(f.info), 0) AS suggestions,
               sum(r.parse_status = 'ok') AS ok, sum(r.parse_status = 'partial') AS partial,
               sum(r.parse_status = 'failed') AS failed
        FROM {base}""")
    # A report whose agency was not recognised (NULL) is no agency; the list still shows them as one row.
    agencies = one(conn, "SELECT count(DISTINCT agency_id) AS n, coalesce(max(agency_id IS NULL), 0) AS unknown "
                         f"FROM reports r WHERE {canonical(conn)}")
    totals["agencies"] = agencies["n"]
    totals["parse_status"] = {s: totals.pop(s) or 0 for s in ("ok", "partial", "failed")}
    regions = rows(conn, f"""
        SELECT r.region, {_COUNTS} FROM {base} GROUP BY r.region ORDER BY {_BADNESS}, min(r.rowid)""")
    out = dict(found, totals=totals,
               by_year=rows(conn, f"SELECT r.year, {_COUNTS} FROM {base} GROUP BY r.year "
                                  "ORDER BY coalesce(r.year, 0) DESC, min(r.rowid)"),
               by_region=regions[:TOP], regions_total=len(regions),
               agencies=_paged(conn, f"""
                   SELECT g.agency_id, g.reports, g.with_violations, g.violations, g.error, g.warning, g.info,
                          (SELECT x.agency FROM reports x WHERE x.agency_id IS g.agency_id
                           ORDER BY coalesce(x.year, 0) DESC, x.rowid DESC LIMIT 1) AS agency
                   FROM (SELECT r.agency_id, {_COUNTS}, min(r.rowid) AS first FROM {base}
                         GROUP BY r.agency_id) g ORDER BY {_BADNESS}, first""", agency_page,
                   agencies["n"] + agencies["unknown"]),
               reports=_paged(conn, f"""
                   SELECT r.id, r.agency, r.agency_id, r.region, r.year, r.format, r.parse_status,
                          coalesce(f.violations, 0) AS violations, coalesce(f.error, 0) AS error,
                          coalesce(f.warning, 0) AS warning, coalesce(f.info, 0) AS info
                   FROM {base} ORDER BY {_BADNESS}, coalesce(r.year, 0) DESC, r.id""", page, totals["reports"]))
    if found["audited"]:
        sums = one(conn, "SELECT " + ", ".join(
            f"coalesce(sum(f.{s}), 0) AS {s}, coalesce(sum(f.{s} > 0), 0) AS {s}_reports" for s in SEVERITIES)
            + f" FROM {base}")
        out["by_severity"] = [{"severity": s, "violations": sums[s], "reports": sums[f"{s}_reports"]}
                              for s in SEVERITIES if sums[s]]
        out["by_rule"] = rules_by_severity(conn, with_results)
    return out


def _ranked(conn, table, page, total, size=PAGE_SIZE):
    """A page of a table the audit wrote in ranking order: rows rank (page-1)*size+1 …, one probe."""
    start = (page - 1) * size
    found = rows(conn, f"SELECT * FROM {table} WHERE rank > ? AND rank <= ? ORDER BY rank", [start, start + size])
    return {"items": found, "page": page, "pages": max(1, -(-total // size)), "total": total}


def summarised_overview(conn, found, page, agency_page, with_results):
    t = one(conn, "SELECT * FROM summary_totals") or {}
    totals = {"reports": t.get("reports", 0), "violations": t.get("violations", 0),
              "reports_with_violations": t.get("with_findings", 0),
              "problems": t.get("error", 0) + t.get("warning", 0), "reports_with_problems": t.get("with_problems", 0),
              "suggestions": t.get("info", 0), "agencies": t.get("agencies", 0),
              "parse_status": {s: t.get(s, 0) for s in ("ok", "partial", "failed")}}
    by_year = rows(conn, "SELECT *, with_problems AS with_violations FROM summary_years "
                         "ORDER BY coalesce(year, 0) DESC")
    cities = rows(conn, "SELECT *, with_problems AS with_violations FROM summary_regions")
    provinces = {}
    for c in cities:
        p = provinces.setdefault(c["province"], dict(province=c["province"], region=c["province"], cities=[],
                                                     **{k: 0 for k in COUNT_KEYS}))
        for k in COUNT_KEYS:
            p[k] += c[k] or 0
        p["cities"].append(c)
    by_region = sorted(provinces.values(), key=lambda p: (p["province"] is None, -p["error"], -p["warning"],
                                                          p["province"] or ""))
    for p in by_region:
        p["with_violations"] = p["with_problems"]
    agencies_total = one(conn, "SELECT count(*) AS n FROM summary_agencies")["n"]
    if "error" in columns(conn, "summary_rules"):
        by_rule = rows(conn, f"""
            SELECT rule_id, title, severity, violations, reports, error, warning, info,
                   {"pass AS passed, fail AS failed, skipped" if with_results else
                    "NULL AS passed, NULL AS failed, NULL AS skipped"}
            FROM summary_rules ORDER BY {RULE_ORDER}""")
    else:  # written by an audit that counted each rule's findings at the rule's own severity
        by_rule = rules_by_severity(conn, with_results)
    by_severity = [{"severity": s, "violations": t.get(s, 0), "reports": t.get(f"{s}_reports", 0)}
                   for s in SEVERITIES if t.get(s)]
    reports = _ranked(conn, "summary_reports", page, totals["reports"])
    for r in reports["items"]:
        r["id"] = r["report_id"]
    agencies = _ranked(conn, "summary_agencies", agency_page, agencies_total)
    for a in agencies["items"]:
        a["with_violations"] = a["with_problems"]
    return dict(found, totals=totals, by_year=by_year, by_region=by_region, regions_total=len(by_region),
                agencies=agencies, reports=reports, by_severity=by_severity, by_rule=by_rule, summarised=True)


COUNT_KEYS = ("reports", "with_problems", "with_findings", "violations", "error", "warning", "info")


# Rules with the most serious findings first (each finding at its own severity), then the
# rules without findings by their usual severity.
RULE_ORDER = ("error DESC, warning DESC, info DESC, "
              "CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, rule_id")


def canonical_findings(conn, where="1"):
    """violations of canonical reports: rule_id, report_id, severity (what ``findings`` holds)."""
    return (f"(SELECT v.rule_id, v.report_id, v.severity FROM violations v JOIN reports r ON r.id = v.report_id "
            f"WHERE {canonical(conn)} AND {where})")


def rules_by_severity(conn, with_results):
    """Every rule with its findings counted at each finding's own severity, from violations."""
    return rows(conn, f"""
        SELECT * FROM (
            SELECT ru.id AS rule_id, ru.title, ru.severity, coalesce(v.violations, 0) AS violations,
                   coalesce(v.reports, 0) AS reports, coalesce(v.error, 0) AS error,
                   coalesce(v.warning, 0) AS warning, coalesce(v.info, 0) AS info, s.passed, s.failed, s.skipped
            FROM rules ru LEFT JOIN ({summaries.rule_findings(canonical_findings(conn))}) v ON v.rule_id = ru.id
            LEFT JOIN ({results_per_rule(conn) if with_results else NO_RESULTS}) s ON s.rule_id = ru.id)
        ORDER BY {RULE_ORDER}""")


def results_per_rule(conn):
    """How many reports each rule passed, failed and could not judge, second versions left out.

    The audit writes them into ``summary_rules``; a database audited before that table existed
    gets them counted here, a scan of rule_results (seconds at 100,000 reports)."""
    if "pass" in columns(conn, "summary_rules"):
        return "SELECT rule_id, pass AS passed, fail AS failed, skipped FROM summary_rules"
    second = " WHERE report_id NOT IN (SELECT id FROM reports WHERE version_of IS NOT NULL)" \
        if has_versions(conn) else ""
    return ("SELECT rule_id, sum(status = 'pass') AS passed, sum(status = 'fail') AS failed, "
            f"sum(status = 'skipped') AS skipped FROM rule_results{second} GROUP BY rule_id")


NO_RESULTS = "SELECT NULL AS rule_id, NULL AS passed, NULL AS failed, NULL AS skipped WHERE 0"
REPORT_COLUMNS = ("id, source, sha256, agency, agency_id, body_type, region, year, format, published_on, "
                  "script, parse_status, parse_error")
VIOLATION_COLUMNS = ("v.violation_id, v.rule_id, r.title AS rule_title, r.kind AS rule_kind, v.severity, "
                     "v.report_id, v.tbl, v.row_key, v.col_key, v.observed, v.expected, v.message")


def violation_columns(conn):
    """VIOLATION_COLUMNS and ``rule_part``: the part of the report a rule's findings are about
    (rules.part; NULL in a database audited before rules had it)."""
    part = "r.part" if "part" in columns(conn, "rules") else "NULL"
    return f"{VIOLATION_COLUMNS}, {part} AS rule_part"


SEVERITY_SORT = "CASE v.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END"


def report(conn, report_id, with_results=True):
    """One report; ``with_results``: the rules that could not judge it (from rule_results) too."""
    found = state(conn)
    if not found["has_reports"]:
        return None
    rep = one(conn, f"SELECT {REPORT_COLUMNS}, {optional(conn, 'reports', 'reports', ['notes', 'reader'])} "
                    "FROM reports WHERE id = ?", [report_id])
    if rep is None:
        return None
    violations, rules_used, skipped = [], {}, []
    if found["audited"]:
        violations = rows(conn, f"""
            SELECT {violation_columns(conn)} FROM violations v LEFT JOIN rules r ON r.id = v.rule_id
            WHERE v.report_id = ? ORDER BY {SEVERITY_SORT}, v.rule_id, v.tbl, v.row_key, v.col_key""",
                          [report_id])
        rules_used = rule_texts(conn, {v["rule_id"] for v in violations})
        skipped = skipped_rules(conn, report_id) if with_results else []
    return dict(found, report=rep, violations=violations, rules=rules_used, skipped=skipped,
                **provenance(conn, report_id),
                cells=rows(conn, f"SELECT tbl, row_key, col_key, value, raw, state, line, "
                                 f"{optional(conn, 'cells', 'cells', ['candidates'])} FROM cells "
                                 "WHERE report_id = ?", [report_id]),
                claims=rows(conn, "SELECT key, value, quote, section, offset, grp FROM claims "
                                  "WHERE report_id = ? ORDER BY section, offset", [report_id]),
                sections=rows(conn, "SELECT no, title, text, line FROM sections WHERE report_id = ? ORDER BY no",
                              [report_id]),
                version=_version(conn, report_id),
                other_years=rows(conn, f"SELECT id, year FROM reports r WHERE agency_id = ? AND id != ? "
                                       f"AND {canonical(conn)} ORDER BY year", [rep["agency_id"], report_id])
                if rep["agency_id"] else [])


def _version(conn, report_id):
    """The report's own mark (version_of, version_note) and its second versions, if any."""
    if not has_versions(conn):
        return {"version_of": None, "version_note": None, "versions": []}
    mark = one(conn, "SELECT version_of, version_note FROM reports WHERE id = ?", [report_id])
    return dict(mark, versions=versions_of(conn, [report_id]))


def rule_texts(conn, rule_ids, fmt=None):
    """Title, basis and remedy of the rules a page cites, by id (remedy: once the catalogue has it).
    ``fmt``: the report's format, whose own basis (``rule_bases``) replaces the whole rule's."""
    if not rule_ids:
        return {}
    ids = sorted(rule_ids)
    found = rows(conn, f"SELECT id, title, severity, kind, {format_basis(conn, 'rules')} AS basis, description, "
                       f"{optional(conn, 'rules', 'rules', ['remedy'])} FROM rules "
                       f"WHERE id IN ({','.join('?' * len(ids))})", ([fmt] if has_rule_bases(conn) else []) + ids)
    return {r["id"]: r for r in found}


def has_rule_bases(conn):
    """Whether the audit wrote each rule's basis per format (an earlier audit did not)."""
    return one(conn, "SELECT 1 AS yes FROM sqlite_master WHERE type = 'table' AND name = 'rule_bases'") is not None


def format_basis(conn, rules_alias, fmt_sql="?"):
    """SQL for a rule's basis as a report of one format (``fmt_sql``) cites it: the format's own
    text from ``rule_bases`` when there is one, else the rule's."""
    if not has_rule_bases(conn):
        return f"{rules_alias}.basis"
    return (f"coalesce((SELECT rb.basis FROM rule_bases rb WHERE rb.rule_id = {rules_alias}.id "
            f"AND rb.format = {fmt_sql}), {rules_alias}.basis)")


def skipped_rules(conn, report_id):
    """The rules that could not judge this report, and why when the audit says so."""
    reason = optional(conn, "rule_results", "rr", ["reason"])
    return rows(conn, f"""
        SELECT rr.rule_id, r.title, r.severity, r.formats, {reason} FROM rule_results rr JOIN rules r ON r.id = rr.rule_id
        WHERE rr.rule_id IN (SELECT id FROM rules) AND rr.report_id = ? AND rr.status = 'skipped'
        ORDER BY rr.rule_id""", [report_id])


def notice(conn, report_id, with_results=True):
    """A report and its findings with their rules: what a rectification notice lists (errors and
    warnings as problems, info as suggestions); ``with_results``: how many rules judged it too."""
    found = state(conn)
    if not found["has_reports"]:
        return None
    rep = one(conn, f"SELECT {REPORT_COLUMNS}, {optional(conn, 'reports', 'reports', ['title'])} "
                    "FROM reports WHERE id = ?", [report_id])
    if rep is None:
        return None
    found_here, results = [], None
    if found["audited"]:
        found_here = rows(conn, f"""
            SELECT {violation_columns(conn)} FROM violations v LEFT JOIN rules r ON r.id = v.rule_id
            WHERE v.report_id = ? ORDER BY {SEVERITY_SORT}, v.rule_id, v.tbl, v.row_key, v.col_key""", [report_id])
        if with_results:
            results = one(conn, "SELECT count(*) AS total, coalesce(sum(status = 'skipped'), 0) AS skipped "
                                "FROM rule_results WHERE report_id = ?", [report_id])
    violations = [v for v in found_here if v["severity"] in ("error", "warning")]
    suggestions = [v for v in found_here if v["severity"] not in ("error", "warning")]
    return dict(found, report=rep, violations=violations, suggestions=suggestions, info=len(suggestions),
                results=results, version=_version(conn, report_id),
                rules=rule_texts(conn, {v["rule_id"] for v in found_here}, rep["format"]),
                **provenance(conn, report_id))


def provenance(conn, report_id):
    """{sources: the report's files, each with where and when it was fetched; source_url: the
    address the report is published at (原文链接), http(s) only}. A database loaded before
    these columns existed has neither."""
    fetched = "url" in columns(conn, "sources")
    files = rows(conn, f"SELECT path, sha256, size{', url, fetched_at' if fetched else ''} FROM sources "
                       "WHERE report_id = ? ORDER BY path", [report_id])
    url = None
    if "url" in columns(conn, "reports"):
        url = one(conn, "SELECT url FROM reports WHERE id = ?", [report_id])["url"]
    if not (isinstance(url, str) and url.lower().startswith(("http://", "https://"))):
        url = None
    return {"sources": files, "source_url": url}


def rule(conn, rule_id, page=1):
    found = state(conn)
    if not found["audited"]:
        return None
    r = one(conn, "SELECT id, title, severity, formats, basis, description, kind, sql, source_file "
                  "FROM rules WHERE id = ?", [rule_id])
    if r is None:
        return None
    counted = None
    if has_summaries(conn) and "error" in columns(conn, "summary_rules"):  # counted by the audit
        counted = one(conn, "SELECT pass, fail, skipped, error, warning, info FROM summary_rules WHERE rule_id = ?",
                      [rule_id])
    if counted is not None:
        results = {status: counted[status] for status in ("pass", "fail", "skipped")}
        by_severity = {s: counted[s] for s in SEVERITIES}
    else:
        results = {row["status"]: row["n"] for row in rows(
            conn, "SELECT status, count(*) AS n FROM rule_results WHERE rule_id = ? GROUP BY status", [rule_id])}
        by_severity = {row["severity"]: row["n"] for row in rows(
            conn, f"SELECT severity, count(*) AS n FROM {canonical_findings(conn, 'v.rule_id = ?')} GROUP BY severity",
            [rule_id])}
    by_severity = [{"severity": s, "violations": by_severity.get(s) or 0} for s in SEVERITIES]
    count = sum(s["violations"] for s in by_severity)
    # In the order the audit found them (the rule's index order): no sort, however many there are.
    violations = limited(conn, f"""
        SELECT {violation_columns(conn)}, p.agency, p.agency_id, p.year, p.format
        FROM violations v JOIN rules r ON r.id = v.rule_id LEFT JOIN reports p ON p.id = v.report_id
        WHERE v.rule_id = ? AND {canonical(conn, 'p')} ORDER BY v.rowid""", [rule_id], page)
    return dict(found, rule=r, results=results, count=count, by_severity=by_severity, violations=violations)


def agency(conn, agency_id):
    found = state(conn)
    if not found["has_reports"]:
        return None
    # One column per agency-year: second versions are listed apart (``versions``), not as reports.
    reports = rows(conn, f"SELECT {REPORT_COLUMNS} FROM reports r WHERE agency_id = ? AND {canonical(conn)} "
                         "ORDER BY year, id", [agency_id])
    if not reports:
        return None
    ids = [r["id"] for r in reports]
    marks = ",".join("?" * len(ids))
    cells = rows(conn, f"SELECT report_id, tbl, row_key, col_key, value, raw, state FROM cells "
                       f"WHERE report_id IN ({marks})", ids)
    violations = []
    if found["audited"]:
        violations = rows(conn, f"""
            SELECT {violation_columns(conn)} FROM violations v LEFT JOIN rules r ON r.id = v.rule_id
            WHERE v.report_id IN ({marks}) ORDER BY v.report_id, {SEVERITY_SORT}, v.rule_id""", ids)
    return dict(found, agency_id=agency_id, agency=reports[-1]["agency"], reports=reports, cells=cells,
                violations=violations, versions=versions_of(conn, ids))


def violation(conn, violation_id):
    found = state(conn)
    if not found["audited"]:
        return None
    report_format = "(SELECT p.format FROM reports p WHERE p.id = v.report_id)"
    v = one(conn, f"""
        SELECT {violation_columns(conn)}, {format_basis(conn, 'r', report_format)} AS basis, r.description AS rule_description, r.formats,
               {optional(conn, 'rules', 'r', ['remedy'])}
        FROM violations v LEFT JOIN rules r ON r.id = v.rule_id WHERE v.violation_id = ?""", [violation_id])
    if v is None:
        return None
    rep = one(conn, f"SELECT {REPORT_COLUMNS}, {optional(conn, 'reports', 'reports', ['title', 'reader'])} "
                    "FROM reports WHERE id = ?", [v["report_id"]])
    cells = []
    if v["tbl"] and v["row_key"]:
        cells = rows(conn, "SELECT tbl, row_key, col_key, value, raw, state, line FROM cells "
                           "WHERE report_id = ? AND tbl = ? AND row_key = ?", [v["report_id"], v["tbl"], v["row_key"]])
    elif v["tbl"] and v["col_key"]:
        cells = rows(conn, "SELECT tbl, row_key, col_key, value, raw, state, line FROM cells "
                           "WHERE report_id = ? AND tbl = ? AND col_key = ?", [v["report_id"], v["tbl"], v["col_key"]])
    problems = one(conn, "SELECT count(*) AS n FROM violations WHERE report_id = ? AND severity IN ('error', 'warning')",
                   [v["report_id"]])["n"]
    return dict(found, violation=v, report=rep, cells=cells, problems=problems,
                **provenance(conn, v["report_id"]))
