"""The database schema (a contract: see DESIGN.md ★ Database) and every write to it.

All writes go through sqlite-utils inside transactions, so an interrupted load leaves whole
reports or nothing. ``sources`` records every input path, which is how "every input file is
accounted for" holds even when two files carry the same report.
"""
import datetime
import json
import marshal
import sqlite3

import sqlite_utils

SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    id TEXT PRIMARY KEY,
    source TEXT,
    sha256 TEXT,
    agency TEXT,
    agency_id TEXT,
    body_type TEXT,
    region TEXT,
    year INTEGER,
    format TEXT,
    published_on TEXT,
    script TEXT,
    parse_status TEXT NOT NULL,
    parse_error TEXT,
    reader TEXT,
    notes TEXT,
    loaded_at TEXT,
    version_of TEXT,                 -- set by the audit: another report of the same agency and year is canonical
    version_note TEXT,               -- why (Chinese)
    province TEXT,                   -- the division named by the agency (regions.py); NULL when not certain
    city TEXT,
    county TEXT,
    region_code TEXT,                -- 行政区划代码 (six digits) of the most specific division known
    url TEXT,
    site_name TEXT,
    site_code TEXT,
    title TEXT                       -- the report's own title as written (NULL: it has none the parser trusts)
);
CREATE TABLE IF NOT EXISTS sources (
    path TEXT PRIMARY KEY,
    report_id TEXT NOT NULL REFERENCES reports(id),
    sha256 TEXT,
    size INTEGER,
    loaded_at TEXT,
    path_hex TEXT,  -- the path's raw bytes in hex when they are not UTF-8 (path is then a readable form)
    url TEXT,
    fetched_at TEXT,
    attachment TEXT
);
CREATE TABLE IF NOT EXISTS sections (
    report_id TEXT NOT NULL REFERENCES reports(id),
    no INTEGER NOT NULL,
    title TEXT,
    text TEXT,
    line INTEGER,
    PRIMARY KEY (report_id, no)
);
CREATE TABLE IF NOT EXISTS cells (
    report_id TEXT NOT NULL REFERENCES reports(id),
    tbl TEXT NOT NULL,
    row_key TEXT NOT NULL,
    col_key TEXT NOT NULL,
    value NUMERIC,
    raw TEXT,
    state TEXT NOT NULL,
    line INTEGER,
    candidates TEXT,
    PRIMARY KEY (report_id, tbl, row_key, col_key)
) WITHOUT ROWID;  -- a report's cells stored together, in key order: every rule reads them that way
CREATE TABLE IF NOT EXISTS claims (
    report_id TEXT NOT NULL REFERENCES reports(id),
    key TEXT NOT NULL,
    value NUMERIC,
    quote TEXT,
    section INTEGER,
    offset INTEGER NOT NULL,
    grp INTEGER,
    PRIMARY KEY (report_id, section, offset, key)
);
CREATE INDEX IF NOT EXISTS idx_reports_agency_id ON reports(agency_id);
CREATE INDEX IF NOT EXISTS idx_reports_year ON reports(year);
CREATE INDEX IF NOT EXISTS idx_sources_report_id ON sources(report_id);
CREATE INDEX IF NOT EXISTS idx_claims_key ON claims(key);
"""
# A cell a rule can compute with; the others (missing, text, ambiguous) make it skip the report.
USABLE_STATES = "('number', 'blank')"
# The cells a rule cannot use (a few percent): a partial index, so "is any input unusable?" is
# one probe per report (audit/sql.py any_unusable). SQLite uses it only for a query whose WHERE
# repeats its condition, so both are written from USABLE_STATES.
UNUSABLE_CELLS_INDEX = "idx_cells_unusable"
UNUSABLE_CELLS_INDEX_SQL = (f"CREATE INDEX IF NOT EXISTS {UNUSABLE_CELLS_INDEX} ON cells(report_id, tbl, row_key, "
                            f"col_key) WHERE state NOT IN {USABLE_STATES}")
SCHEMA += UNUSABLE_CELLS_INDEX_SQL + ";\n"
# Numbers that are negative or not whole: rare, and what a value-domain rule looks for (a count
# of 件 must be a whole number ≥ 0). Indexed the same way, for the same reason.


def odd_number(value="value"):
    """The condition on a cell's ``value`` column that the odd-number index is written with."""
    return f"({value} < 0 OR {value} != CAST({value} AS INTEGER))"


ODD_CELLS_INDEX = "idx_cells_odd_number"
ODD_CELLS_INDEX_SQL = (f"CREATE INDEX IF NOT EXISTS {ODD_CELLS_INDEX} ON cells(report_id, tbl, row_key, col_key) "
                       f"WHERE state = 'number' AND {odd_number()}")
SCHEMA += ODD_CELLS_INDEX_SQL + ";\n"
# Numbers chosen among a run's candidate splits by the table's column identities (parse/settle.py):
# the only number cells that keep candidates. Rare, and what makes a column identity's rule
# skip a report (the identity settled the reading, so it is no evidence): indexed like the others.
SETTLED_CELLS_INDEX = "idx_cells_settled"
SETTLED_CELLS_INDEX_SQL = (f"CREATE INDEX IF NOT EXISTS {SETTLED_CELLS_INDEX} ON cells(report_id, tbl, row_key, col_key) "
                           "WHERE state = 'number' AND candidates IS NOT NULL")
SCHEMA += SETTLED_CELLS_INDEX_SQL + ";\n"


# Written by ``gov-disclosure audit`` (audit/engine.py), read by the Datasette plugin. Every
# audit builds them anew beside the current ones and renames them into place when complete, so
# they always match the rules they were made from.
AUDIT_TABLES_SQL = """
CREATE TABLE rules (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    severity TEXT NOT NULL,          -- error | warning | info
    formats TEXT,                    -- JSON list, e.g. ["2021"] or ["2019","2021"]
    basis TEXT,                      -- the instrument and article the rule rests on
    remedy TEXT,                     -- 整改建议: what the agency should do
    description TEXT,
    kind TEXT,                       -- the generic kind, or 'sql'
    sql TEXT,                        -- the compiled SELECT behind view rule_<id>
    source_file TEXT,
    part INTEGER                     -- the part of the report (1–6) its findings are about, when not a table cell
);
CREATE TABLE rule_bases (           -- the basis a finding on a report of this format cites (rules.basis: all formats)
    rule_id TEXT NOT NULL REFERENCES rules(id),
    format TEXT NOT NULL,            -- 2019 | 2021 | legacy: reports.format
    basis TEXT NOT NULL,
    PRIMARY KEY (rule_id, format)
) WITHOUT ROWID;
CREATE TABLE violations (
    violation_id TEXT PRIMARY KEY,   -- stable hash of rule, report and locator
    rule_id TEXT NOT NULL REFERENCES rules(id),
    severity TEXT NOT NULL,
    report_id TEXT NOT NULL REFERENCES reports(id),
    tbl TEXT,
    row_key TEXT,
    col_key TEXT,
    observed,
    expected,
    message TEXT NOT NULL
);
CREATE TABLE rule_results (
    rule_id TEXT NOT NULL REFERENCES rules(id),
    report_id TEXT NOT NULL REFERENCES reports(id),
    status TEXT NOT NULL,            -- pass | fail | skipped
    violations INTEGER NOT NULL DEFAULT 0,
    reason TEXT,                     -- why the rule was skipped (or left part of the report unchecked), Chinese
    PRIMARY KEY (rule_id, report_id)
) WITHOUT ROWID;
CREATE TABLE findings (              -- one row per finding of a canonical report, with what a story list needs
    violation_id TEXT NOT NULL,      -- not the key: Datasette links a key to its row page, this to the finding page
    report_id TEXT NOT NULL,
    agency TEXT,
    agency_id TEXT,
    province TEXT,
    city TEXT,
    county TEXT,
    region_code TEXT,
    year INTEGER,
    published_on TEXT,
    rule_id TEXT NOT NULL,
    rule_title TEXT,
    severity TEXT NOT NULL,
    cell TEXT,                       -- where, in words: 表三 · (一)予以公开 · 自然人, or 第六部分 · 其他需要报告的事项
    message TEXT NOT NULL,
    observed,
    expected,
    tbl TEXT,
    row_key TEXT,
    col_key TEXT,
    loaded_at TEXT,                  -- when the report was loaded
    url TEXT,                        -- 原文链接: where the report is published (reports.url)
    first_found TEXT                 -- when an audit first found it (kept across audits): the feed's order, newest first
);
CREATE TABLE report_findings (       -- per report with findings: counts by severity (the overview's sums)
    report_id TEXT PRIMARY KEY REFERENCES reports(id),
    violations INTEGER NOT NULL,
    error INTEGER NOT NULL,
    warning INTEGER NOT NULL,
    info INTEGER NOT NULL
) WITHOUT ROWID;
"""


AUDIT_TABLE_NAMES = ("rules", "rule_bases", "violations", "rule_results", "findings", "report_findings")
# The prefix of the tables an audit is building. The leading "_" keeps them out of Datasette's
# table lists while an audit runs (1.0 hides such names itself, 0.65 through the plugin).
NEXT_PREFIX = "_gd_next_"


def audit_tables_sql(prefix=""):
    """AUDIT_TABLES_SQL with the tables' names, and the references between them, prefixed: the
    audit builds its tables beside the current ones and renames them into place at the end."""
    sql = AUDIT_TABLES_SQL.replace("REFERENCES rules(id)", f"REFERENCES {prefix}rules(id)")
    for name in AUDIT_TABLE_NAMES:
        sql = sql.replace(f"CREATE TABLE {name} (", f"CREATE TABLE {prefix}{name} (")
    return sql


# Built after the audit tables are filled: one sort each instead of an index updated per row.
AUDIT_INDEXES = """
CREATE INDEX idx_violations_rule ON violations(rule_id);
CREATE INDEX idx_violations_cell ON violations(report_id, tbl, row_key, col_key);  -- also serves report_id alone
CREATE INDEX idx_violations_severity ON violations(severity);
"""
# Built once findings is filled (FINDINGS_ROWS): the story list's facets and the feed's filters.
FINDINGS_INDEXES = """
CREATE UNIQUE INDEX idx_findings_violation ON findings(violation_id);
CREATE INDEX idx_findings_agency ON findings(agency_id, year);
CREATE INDEX idx_findings_region ON findings(region_code);
CREATE INDEX idx_findings_province ON findings(province, city);
CREATE INDEX idx_findings_year ON findings(year);
CREATE INDEX idx_findings_rule ON findings(rule_id);
CREATE INDEX idx_findings_severity ON findings(severity);
CREATE INDEX idx_findings_first_found ON findings(first_found);
"""
# The findings of canonical reports with everything a story list or a feed needs beside them
# (the audit writes it; one JOIN here instead of one per page, export and feed).
FINDINGS_ROWS_TEMPLATE = """
SELECT v.violation_id, v.report_id, r.agency, r.agency_id, r.province, r.city, r.county, r.region_code, r.year,
       r.published_on, v.rule_id, ru.title, v.severity,
       CASE WHEN v.tbl IS NULL THEN {part_names}
            WHEN tc.row_key IS NOT NULL THEN tc.table_name || ' · ' || tc.row_name || ' · ' || tc.col_name
            WHEN tr.row_key IS NOT NULL THEN tr.table_name || ' · ' || tr.row_name
            WHEN tk.col_key IS NOT NULL THEN tk.table_name || ' · ' || tk.col_name || '列'
            ELSE CASE v.tbl WHEN 't2' THEN '表二' WHEN 't3' THEN '表三' WHEN 't4' THEN '表四' ELSE v.tbl END END,
       v.message, v.observed, v.expected, v.tbl, v.row_key, v.col_key, r.loaded_at, r.url,
       coalesce((SELECT s.first_found FROM temp.{seen} s WHERE s.violation_id = v.violation_id), :now)
FROM violations v
JOIN reports r ON r.id = v.report_id
JOIN rules ru ON ru.id = v.rule_id
LEFT JOIN template_cells tc ON tc.format = r.format AND tc.tbl = v.tbl AND tc.row_key = v.row_key
     AND tc.col_key = v.col_key
LEFT JOIN (SELECT DISTINCT format, tbl, row_key, table_name, row_name FROM template_cells) tr
     ON v.col_key IS NULL AND tr.format = r.format AND tr.tbl = v.tbl AND tr.row_key = v.row_key
LEFT JOIN (SELECT DISTINCT format, tbl, col_key, table_name, col_name FROM template_cells) tk
     ON v.row_key IS NULL AND tk.format = r.format AND tk.tbl = v.tbl AND tk.col_key = v.col_key
WHERE r.version_of IS NULL
ORDER BY v.rowid
"""


def _part_names_sql():
    """SQL naming the part of the report a rule's findings are about (rules.part), for findings.cell:
    整份报告 when the rule names none, as the pages' 位置 says."""
    from .formats import SECTIONS, part_name

    return "CASE ru.part " + " ".join(f"WHEN {no} THEN '{part_name(no)}'" for no in SECTIONS) + " ELSE '整份报告' END"


# The findings an earlier audit wrote, with when each was first found (FINDINGS_ROWS reads it).
FINDINGS_SEEN = "gd_findings_seen"
FINDINGS_ROWS = FINDINGS_ROWS_TEMPLATE.format(part_names=_part_names_sql(), seen=FINDINGS_SEEN)
_SEEN_TABLE = f"CREATE TEMP TABLE IF NOT EXISTS {FINDINGS_SEEN} (violation_id TEXT PRIMARY KEY, first_found TEXT)"


def remember_findings(conn):
    """When each finding of the previous audit was first found, by its stable id, before its tables
    are dropped: a finding found again keeps its time, and the feed puts only new ones on top. A
    previous audit without first_found gives its report's load time (the feed's order until then)."""
    conn.execute(_SEEN_TABLE)
    have = {row[1] for row in conn.execute("PRAGMA main.table_info(findings)")}
    if "violation_id" in have:
        when = "first_found" if "first_found" in have else "loaded_at"
        conn.execute(f"INSERT OR IGNORE INTO temp.{FINDINGS_SEEN} SELECT violation_id, {when} FROM main.findings")


def fill_findings(conn):
    """The findings table from violations (FINDINGS_ROWS): first found now, unless
    ``remember_findings`` kept an earlier time."""
    conn.execute(_SEEN_TABLE)
    conn.execute("INSERT INTO findings " + FINDINGS_ROWS, {"now": now()})
    conn.execute(f"DROP TABLE temp.{FINDINGS_SEEN}")


# What report_findings holds, from violations (the audit writes it; the pages fall back to it).
FINDINGS_PER_REPORT = ("SELECT report_id, count(*) AS violations, sum(severity = 'error') AS error, "
                       "sum(severity = 'warning') AS warning, sum(severity = 'info') AS info "
                       "FROM violations GROUP BY report_id")
# rule_results has no index of its own beyond its key (rule_id, report_id): one row per rule and
# report (4.6 million at 100,000 reports) would cost the audit seconds to index, and a report's
# results are still found through the key, one probe per rule:
#   SELECT * FROM rule_results WHERE rule_id IN (SELECT id FROM rules) AND report_id = ?
AUDIT_SCHEMA = AUDIT_TABLES_SQL + AUDIT_INDEXES + FINDINGS_INDEXES

CHILD_TABLES = ("sections", "cells", "claims")


# Columns added after databases were first written: open_db adds them to an older database.
ADDED_COLUMNS = {"reports": ("province", "city", "county", "region_code", "url", "site_name", "site_code", "title"),
                 "sources": ("path_hex", "url", "fetched_at", "attachment")}


def _add_columns(conn):
    for table, names in ADDED_COLUMNS.items():
        have = {row[1] for row in conn.execute(f"PRAGMA table_info([{table}])")}
        for name in names:
            if name not in have:
                conn.execute(f"ALTER TABLE [{table}] ADD COLUMN [{name}] TEXT")


def open_db(path):
    db = sqlite_utils.Database(path)
    db.conn.execute("PRAGMA journal_mode=WAL")  # Datasette can read while we write
    db.conn.execute("PRAGMA busy_timeout=30000")
    db.conn.executescript(SCHEMA)
    _add_columns(db.conn)
    enable_search(db)
    from . import template_table  # late: it reads the audit's short names, and the audit imports store
    template_table.write(db.conn)
    return db


def tune_for_loading(db):
    """Settings for the one connection that loads reports, a batch per transaction.

    ``synchronous=NORMAL``: in WAL mode a commit no longer waits for the disk; a power cut can
    lose the last batches committed, never the database's consistency, and the next load reads
    the files of a lost batch again (their ``sources`` rows went with it). A larger page cache
    keeps a batch's pages in memory instead of spilling them to the WAL before the commit.
    Together they cut the writer's CPU per real page from ~3.6 to ~2.7 ms (2,000 real pages).
    """
    db.conn.execute("PRAGMA synchronous=NORMAL")
    db.conn.execute(f"PRAGMA cache_size=-{LOAD_CACHE_KIB}")
    for table in SEARCHABLE:
        if db[f"{table}_fts"].exists():
            # FTS5 merges the index segments of a level once 4 exist (the default); waiting for 8
            # rewrites each term fewer times: the sections' trigram index cost 5.4 instead of 7.2
            # million instructions per real page (600 pages), and a search of the 2,000-page
            # index took 0.49 against 0.46 ms.
            with db.conn:
                db.conn.execute(f"INSERT INTO [{table}_fts] ([{table}_fts], rank) VALUES ('automerge', {FTS_AUTOMERGE})")


FTS_AUTOMERGE = 8
LOAD_CACHE_KIB = 64 * 1024  # 64 MiB: a batch of 200 real report pages writes ~10 MB of database pages


# The reports' text, and their agencies and places: a report is found by what it says or by who wrote it.
SEARCHABLE = {"sections": ["title", "text"], "reports": ["agency", "region"]}


def enable_search(db):
    """Full-text search over the reports' text, for Datasette's search box and ``?_search=``.

    FTS5 with the trigram tokenizer: Chinese has no spaces between words, so an index of words
    finds nothing, while trigrams find any substring of three characters or more (信息处理费).
    Triggers keep the index in step with every insert and delete, so a database is searchable
    as soon as it is loaded. An SQLite without the trigram tokenizer (before 3.34) gets no
    index; everything else works the same.
    """
    for table, columns in SEARCHABLE.items():
        if db[f"{table}_fts"].exists():
            continue
        try:
            with db.conn:
                db[table].enable_fts(columns, tokenize="trigram", create_triggers=True)
        except sqlite3.OperationalError:  # no such tokenizer: trigram
            return


def now():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()


COLUMNS = {
    "reports": ("id", "source", "sha256", "agency", "agency_id", "body_type", "region", "year", "format",
                "published_on", "script", "parse_status", "parse_error", "reader", "notes", "loaded_at",
                "province", "city", "county", "region_code", "url", "site_name", "site_code", "title"),
    "sources": ("path", "report_id", "sha256", "size", "loaded_at", "path_hex", "url", "fetched_at", "attachment"),
    "sections": ("report_id", "no", "title", "text", "line"),
    "cells": ("report_id", "tbl", "row_key", "col_key", "value", "raw", "state", "line", "candidates"),
    "claims": ("report_id", "key", "value", "quote", "section", "offset", "grp"),
}


def _report_row(report, loaded_at):
    notes = json.dumps(report.notes, ensure_ascii=False) if report.notes else None
    return (report.id, report.source, report.sha256, report.agency, report.agency_id, report.body_type,
            report.region, report.year, report.format, report.published_on, report.script,
            report.parse_status, report.parse_error, report.reader, notes, loaded_at,
            report.province, report.city, report.county, report.region_code,
            report.url, report.site_name, report.site_code, report.title)


def child_rows(report):
    """{table: [row tuples in COLUMNS order]} for a report's sections, cells and claims."""
    rid = report.id
    return {
        "sections": [(rid, s["no"], s["title"], s["text"], s.get("line")) for s in report.sections],
        "cells": [(rid, c["tbl"], c["row_key"], c["col_key"], c["value"], c["raw"], c["state"], c["line"],
                   json.dumps(c["candidates"]) if c.get("candidates") else None) for c in report.cells],
        "claims": [(rid, c["key"], c["value"], c["quote"], c["section"], c["offset"], c.get("group"))
                   for c in report.claims],
    }


def pack(report):
    """Prepare a report for the writer in another process: its child rows built as tuples
    (no work left for the single writer), marshalled into one bytes object. Bytes cross the
    pipe as they are, and marshal reads the ~250 row tuples back in half the time pickle
    takes, in the writer's process."""
    report.packed_rows = marshal.dumps(child_rows(report))
    report.sections, report.cells, report.claims = [], [], []
    return report


def _rows(report):
    """A report's child rows: unpacked (see ``pack``), or built now."""
    packed = getattr(report, "packed_rows", None)
    return marshal.loads(packed) if packed is not None else child_rows(report)


def _delete_report(db, report_id):
    for table in CHILD_TABLES:
        db.execute(f"DELETE FROM {table} WHERE report_id = ?", [report_id])
    db.execute("DELETE FROM reports WHERE id = ?", [report_id])


# SQLite's default limit on the ? of one statement before 3.32 (later ones allow 32766).
_MAX_VARIABLES = 999


def insert_many(db, table, rows):
    """Insert row tuples (in COLUMNS order), as many rows per INSERT statement as the
    statement's ? allow.

    The schema is fixed (SCHEMA above), so the column inference and per-value JSON checks
    of ``insert_all`` buy nothing here; skipping them is 2.4x faster (measured: the cell rows
    of 1,000 reports, 200,000 rows, in 1.1 s instead of 2.6 s). Many rows per statement
    rather than one statement per row (``executemany``): every statement that reaches the
    sections' full-text index (a trigger) makes FTS5 write its pending terms out, so one row
    per statement indexed the sections of real report pages 5x slower (15 against 3 ms per
    report, 100 real pages); the cells go in 30 % faster too.
    """
    if not rows:
        return
    columns = COLUMNS[table]
    head = f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) VALUES "
    one = "(" + ", ".join("?" * len(columns)) + ")"
    per = max(1, _MAX_VARIABLES // len(columns))
    full = None
    for start in range(0, len(rows), per):
        chunk = rows[start:start + per]
        if len(chunk) == per:
            full = full or head + ", ".join([one] * per)
            sql = full
        else:
            sql = head + ", ".join([one] * len(chunk))
        db.conn.execute(sql, [value for row in chunk for value in row])


class Writer:
    """Stores parsed reports, buffering their child rows so that one statement per table
    serves many reports. Use inside ``with db.atomic():`` and call ``flush()``
    before the transaction ends."""

    # Rows are written once this many cells are buffered (two dozen reports), not all at the
    # end of a batch: the writing is spread over the load, and the last batch's flush, which
    # no parsing overlaps, stays short. Tables get their rows in the same order either way.
    FLUSH_CELLS = 5000

    def __init__(self, db):
        self.db = db
        self.buffer = {table: [] for table in CHILD_TABLES}

    def add(self, report, path, size, path_hex=None, source=None):
        """Store one report for one input path: 'added', 'replaced' or 'duplicate'.
        ``path_hex``: the raw bytes of a path that is not UTF-8 (see filenames.py).
        ``source``: the file's own provenance (``url``, ``fetched_at``, ``attachment``, and its
        ``sha256`` when the report was read from another file, its attachment)."""
        source = source or {}
        db = self.db
        loaded_at = now()
        outcome = "added"
        old = db.execute("SELECT report_id FROM sources WHERE path = ?", [path]).fetchone()
        if old is not None:
            outcome = "replaced"
            self.flush()  # the old report's rows may still be in the buffer
            db.execute("DELETE FROM sources WHERE path = ?", [path])
            still_used = db.execute("SELECT 1 FROM sources WHERE report_id = ? LIMIT 1", [old[0]]).fetchone()
            if not still_used and old[0] != report.id:
                _delete_report(db, old[0])
        exists = db.execute("SELECT 1 FROM reports WHERE id = ?", [report.id]).fetchone()
        if exists and outcome == "added":
            outcome = "duplicate"
        if exists and (report.url or report.published_on):
            # The same report seen again, published somewhere: keep where and when if not known yet.
            db.execute("UPDATE reports SET url = coalesce(url, ?), site_name = coalesce(site_name, ?), "
                       "site_code = coalesce(site_code, ?), published_on = coalesce(published_on, ?) WHERE id = ?",
                       [report.url, report.site_name, report.site_code, report.published_on, report.id])
        if not exists:
            insert_many(db, "reports", [_report_row(report, loaded_at)])
            for table, table_rows in _rows(report).items():
                self.buffer[table].extend(table_rows)
            if len(self.buffer["cells"]) >= self.FLUSH_CELLS:
                self.flush()
        insert_many(db, "sources", [(path, report.id, source.get("sha256") or report.sha256, size, loaded_at, path_hex,
                                     source.get("url"), source.get("fetched_at"), source.get("attachment"))])
        return outcome

    def flush(self):
        for table, rows in self.buffer.items():
            if rows:
                insert_many(self.db, table, rows)
                rows.clear()


def save(db, report, path, size, path_hex=None):
    """Store one parsed report for one input path (see ``Writer.add``)."""
    writer = Writer(db)
    with db.atomic():
        outcome = writer.add(report, path, size, path_hex)
        writer.flush()
    return outcome
