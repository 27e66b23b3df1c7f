"""One report per agency and year: which of several inputs holding it is the canonical one.

Two inputs can hold the same agency's report for the same year: a page and its text copy
(different text, so different report ids), or a correction published again. Counted twice,
they would double the agency's findings and break the cross-year rules, so every such group
gets one canonical report; the others get ``reports.version_of`` (the canonical id) and a
``version_note`` saying why, and the audit leaves them out of every rule, count and ranking.

This runs at the start of the audit, not at the end of a load: a load sees only the files it
is given (a second load may bring the other copy), while the audit sees the whole database,
and it runs again whenever the database changed. It recomputes every mark from scratch, so
running it twice gives the same result.

The rule, in order: if the copies' numbers differ (a table cell both read as a number has two
values), the later publication is canonical — the report was published again with different
numbers; otherwise, or when the dates are the same, the most complete parse (parse status,
then the fewest cells that could not be read), then the later publication, then the id.
"""
from .. import store

STATUS_RANK = {"ok": 0, "partial": 1}


def ensure_columns(conn):
    """Add ``version_of`` / ``version_note`` to a ``reports`` table loaded before they existed."""
    have = {row[1] for row in conn.execute("PRAGMA table_info(reports)")}
    for column in ("version_of", "version_note"):
        if column not in have:
            conn.execute(f"ALTER TABLE reports ADD COLUMN {column} TEXT")


def _groups(conn):
    """{(agency_id, year): [report rows]} for the agency-years held by more than one report."""
    rows = conn.execute(
        "SELECT r.agency_id, r.year, r.id, r.parse_status, r.published_on, "
        f"(SELECT count(*) FROM cells c INDEXED BY {store.UNUSABLE_CELLS_INDEX} WHERE c.report_id = r.id "
        f"AND c.state NOT IN {store.USABLE_STATES}) AS unreadable "
        "FROM reports r JOIN (SELECT agency_id, year FROM reports WHERE agency_id IS NOT NULL AND year IS NOT NULL "
        "GROUP BY agency_id, year HAVING count(*) > 1) g ON g.agency_id = r.agency_id AND g.year = r.year "
        "ORDER BY r.agency_id, r.year, r.id").fetchall()
    groups = {}
    for agency_id, year, rid, status, published, unreadable in rows:
        groups.setdefault((agency_id, year), []).append(
            {"id": rid, "status": status, "published_on": published, "unreadable": unreadable})
    return groups


def _numbers_differ(conn, ids):
    marks = ", ".join("?" * len(ids))
    return conn.execute(
        f"SELECT 1 FROM cells a JOIN cells b ON b.report_id IN ({marks}) AND b.report_id > a.report_id "
        "AND b.tbl = a.tbl AND b.row_key = a.row_key AND b.col_key = a.col_key "
        f"WHERE a.report_id IN ({marks}) AND a.state = 'number' AND b.state = 'number' AND a.value != b.value "
        "LIMIT 1", ids + ids).fetchone() is not None


def _completeness(report):
    return (STATUS_RANK.get(report["status"], 2), report["unreadable"])


def _later_first(report):
    # ISO dates: a later date sorts first through the negated characters; no date sorts last.
    date = report["published_on"] or ""
    return (0 if date else 1, tuple(-ord(ch) for ch in date))


def choose(conn, reports):
    """(canonical report, whether the numbers differ) for one agency-year's reports."""
    differ = _numbers_differ(conn, [r["id"] for r in reports])
    if differ:
        key = (lambda r: (_later_first(r), _completeness(r), r["id"]))
    else:
        key = (lambda r: (_completeness(r), _later_first(r), r["id"]))
    return min(reports, key=key), differ


def _notes(canonical, others, differ):
    """{report id: (version_of, version_note)} for one group."""
    cid = canonical["id"]
    # Said without report ids: the pages show the note beside a link to the other report.
    count = f"{len(others)} 份" if len(others) > 1 else "一份"
    if differ:
        when = f"于 {canonical['published_on']} " if canonical["published_on"] else ""
        marks = {o["id"]: (cid, f"与同一机构同一年度的另一份报告表格数字不同；那一份{when}发布较晚，"
                                "视为重新发布的版本，以那一份为准") for o in others}
        marks[cid] = (None, f"本机构本年度另有{count}报告，表格数字与本报告不同；本报告发布较晚，以本报告为准")
    else:
        marks = {o["id"]: (cid, "与同一机构同一年度的另一份报告表格数字一致，按解析完整程度以那一份为准")
                 for o in others}
        marks[cid] = (None, f"本机构本年度另有{count}报告，表格数字一致，按解析完整程度以本报告为准")
    return marks


def mark_versions(conn):
    """Recompute ``reports.version_of`` / ``version_note`` for the whole database; returns the
    number of reports marked as versions of another."""
    ensure_columns(conn)
    marks = {}
    for reports in _groups(conn).values():
        canonical, differ = choose(conn, reports)
        marks.update(_notes(canonical, [r for r in reports if r is not canonical], differ))
    with conn:
        conn.execute("UPDATE reports SET version_of = NULL, version_note = NULL "
                     "WHERE version_of IS NOT NULL OR version_note IS NOT NULL")
        conn.executemany("UPDATE reports SET version_of = ?, version_note = ? WHERE id = ?",
                         [(of, note, rid) for rid, (of, note) in marks.items()])
    return sum(1 for of, _ in marks.values() if of)
