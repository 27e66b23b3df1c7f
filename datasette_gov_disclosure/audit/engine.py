"""Run compiled rules over a database: one view per rule, then the materialised tables.

Everything is set-based SQL. Each rule is evaluated once: its findings and its status for
every report go to two scratch tables, either in this connection (``jobs=1``) or, with
``jobs`` > 1, in a scratch file of the rule's own, written by one of the worker processes,
each reading the database through its own read-only connection (WAL lets them read side by
side). The auditing process copies each rule into the next ``violations`` and ``rule_results``
as soon as it is evaluated; when all are in, the next tables replace the current ones, with
their indexes and the per-report counts, in one transaction. So the audit tables always match
the rules they came from, and a reader never sees half an audit.
"""
import contextlib
import hashlib
import json
import os
import sqlite3
import time
from collections import Counter

from .. import store, template_table
from ..timeouts import RULE_TIMEOUT
from . import summaries
from .scratch import remove_stale, scratch_folder
from .versions import mark_versions

AUDIT_TABLES = ("findings", "report_findings", "rule_results", "violations", "rule_bases", "rules")
NEXT = store.NEXT_PREFIX  # the audit being built, renamed into place when it is complete
LEGACY_NEXT = "gd_next_"  # the same, as earlier versions named them
FOUND_COLUMNS = ("violation_id", "rule_id", "severity", "report_id", "tbl", "row_key", "col_key", "observed",
                 "expected", "message")
SCRATCH_SCHEMA = """
CREATE TABLE IF NOT EXISTS {s}.gd_found (seq INTEGER PRIMARY KEY, {found});
CREATE INDEX IF NOT EXISTS {s}.gd_found_rule ON gd_found (rule_id, report_id);
CREATE TABLE IF NOT EXISTS {s}.gd_results (
    rule_id TEXT NOT NULL, report_id TEXT NOT NULL, status TEXT NOT NULL, violations INTEGER NOT NULL, reason TEXT,
    PRIMARY KEY (rule_id, report_id)) WITHOUT ROWID;
""".replace("{found}", ", ".join(FOUND_COLUMNS))
# A rule's SELECT may yield, instead of a finding, a row with this severity: the report (or part
# of it) could not be judged, and the row's message says why (rule_results.reason).
SKIP = "skipped"
VERSION_REASON = "'本报告是同一机构同一年度报告的另一版本，以计入的那一份为准，不重复审核'"
# Per report, its rows of severity SKIP: one sentence per distinct message, followed by the places
# it applies to (their ``observed``), e.g. "…这些行无法核对：(一)予以公开、(二)部分公开".
SKIP_REASONS = ("SELECT report_id, group_concat(m, '；') AS reason FROM (SELECT report_id, "
                "message || coalesce('：' || group_concat(observed, '、'), '') AS m FROM {into}.gd_found "
                f"WHERE rule_id = ? AND severity = '{SKIP}' GROUP BY report_id, message) GROUP BY report_id")
MAX_JOBS = 8  # worker processes; more than the machine's cores only take turns
# Rules read the cells table dozens of times over. Memory-mapped, the pages are read in place
# from the OS page cache instead of being copied into SQLite's cache on every read: a fifth of
# the audit's time. SQLite caps the size at its build's limit (2 GiB in Debian's); the mapped
# pages count in the process's RSS but are the OS's shared, reclaimable cache.
MMAP_BYTES = 1 << 40


class RuleFailed(Exception):
    """A rule could not be evaluated (past its time budget, or its SQL failed while running)."""


@contextlib.contextmanager
def budget(conn, rule_id, seconds):
    """Run the block with SQLite interrupting it after ``seconds`` (None: no limit)."""
    if seconds:
        deadline = time.monotonic() + seconds
        conn.set_progress_handler(lambda: time.monotonic() > deadline, 100_000)
    try:
        yield
    except sqlite3.OperationalError as e:
        if "interrupted" in str(e):
            raise RuleFailed(f"规则 {rule_id} 超过时间限制（{seconds:g} 秒）仍未算完，已停止 / "
                             "the rule ran past its time limit") from None
        raise RuleFailed(f"规则 {rule_id} 执行出错：{e} / the rule's SQL failed") from None
    finally:
        conn.set_progress_handler(None, 0)


def _map_for_reading(conn):
    conn.execute(f"PRAGMA mmap_size={MMAP_BYTES}")


def violation_id(rule_id, report_id, tbl, row_key, col_key, locator):
    """Stable across runs: the same finding at the same place keeps its id (and its URL)."""
    key = "\x1f".join("" if v is None else str(v) for v in (rule_id, report_id, tbl, row_key, col_key, locator))
    return "v" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def reset(conn):
    """Empty tables for the next audit beside the current ones (any left by an audit that was
    interrupted are dropped)."""
    for table in AUDIT_TABLES:
        conn.execute(f"DROP TABLE IF EXISTS {NEXT}{table}")
        conn.execute(f"DROP TABLE IF EXISTS {LEGACY_NEXT}{table}")
    conn.executescript(store.audit_tables_sql(NEXT))


def _swap_in(conn, rules):
    """The new audit replaces the previous one in one transaction, its views included: until it
    commits, whoever reads the database (Datasette serving it) sees the previous audit whole."""
    conn.commit()
    conn.execute("BEGIN")
    try:
        views = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'view' "
                                            "AND name LIKE 'rule\\_%' ESCAPE '\\'")]
        for name in views:
            conn.execute(f'DROP VIEW IF EXISTS "{name}"')
        for rule in rules:
            conn.execute(f'CREATE VIEW "{rule.view}" AS SELECT * FROM ({rule.sql}) WHERE severity IS NOT \'{SKIP}\'')
        store.remember_findings(conn)
        for table in AUDIT_TABLES:  # the tables that refer to rules first
            conn.execute(f"DROP TABLE IF EXISTS {table}")
        for table in reversed(AUDIT_TABLES):
            conn.execute(f"ALTER TABLE {NEXT}{table} RENAME TO {table}")
        for statement in store.AUDIT_INDEXES.split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.execute("INSERT INTO report_findings (report_id, violations, error, warning, info) "
                     + store.FINDINGS_PER_REPORT)
        store.fill_findings(conn)
        for statement in store.FINDINGS_INDEXES.split(";"):
            if statement.strip():
                conn.execute(statement)
        summaries.write(conn)
        conn.commit()
    except BaseException:
        conn.rollback()
        raise


def prepare(conn):
    """Indexes the rules rely on, for a database loaded before they existed: the cross-year
    rules' (same agency, previous year), the unusable cells' and the odd numbers' (part of the load
    schema since)."""
    conn.execute("CREATE INDEX IF NOT EXISTS idx_reports_agency_year ON reports(agency_id, year)")
    conn.execute(store.UNUSABLE_CELLS_INDEX_SQL)
    conn.execute(store.ODD_CELLS_INDEX_SQL)
    conn.execute(store.SETTLED_CELLS_INDEX_SQL)
    template_table.write(conn)


def _rule_row(rule):
    return (rule.id, rule.title, rule.severity, json.dumps(rule.formats), rule.basis, rule.remedy,
            rule.description, rule.kind, rule.sql, rule.file, rule.part)


def evaluate(conn, rule_id, severity, sql, decided_where, into, seconds=None):
    """One rule's findings, and its status for every report, into the scratch tables of ``into``.
    ``decided_where`` is a condition on each report ``r``: asked per report, it costs an index
    probe or two, where a set of decided reports would be built and searched.

    Rows of severity ``SKIP`` are not findings: a report with one is skipped (failed, if the
    rule also found something) and their messages are its reason. A second version of a report
    (``reports.version_of``) is skipped with the reason that it is one (its page links the canonical one).
    Past ``seconds`` the evaluation stops with RuleFailed."""
    with budget(conn, rule_id, seconds):
        _evaluate(conn, rule_id, severity, sql, decided_where, into)


def _evaluate(conn, rule_id, severity, sql, decided_where, into):
    conn.execute(
        f"INSERT INTO {into}.gd_found ({', '.join(FOUND_COLUMNS)}) SELECT gd_violation_id(?, v.report_id, v.tbl, "
        "v.row_key, v.col_key, v.locator), ?, coalesce(v.severity, ?), v.report_id, v.tbl, v.row_key, v.col_key, "
        f"v.observed, v.expected, v.message FROM ({sql}) v", [rule_id, rule_id, severity])
    # A repeated violation id is one finding (violations keeps the first row): count distinct ids.
    conn.execute(
        f"INSERT INTO {into}.gd_results (rule_id, report_id, status, violations, reason) "
        "SELECT ?, r.id, CASE WHEN coalesce(f.n, 0) > 0 THEN 'fail' WHEN k.reason IS NOT NULL THEN 'skipped' "
        f"WHEN {decided_where} THEN 'pass' ELSE 'skipped' END, coalesce(f.n, 0), "
        f"CASE WHEN r.version_of IS NOT NULL THEN {VERSION_REASON} ELSE k.reason END FROM reports r "
        f"LEFT JOIN (SELECT report_id, count(DISTINCT violation_id) AS n FROM {into}.gd_found "
        f"WHERE rule_id = ? AND severity != '{SKIP}' GROUP BY report_id) f ON f.report_id = r.id "
        f"LEFT JOIN ({SKIP_REASONS.format(into=into)}) k ON k.report_id = r.id ORDER BY r.id", [rule_id, rule_id, rule_id])


def _task(rule):
    return rule.id, rule.severity, rule.sql, rule.decided_where


# Heavier kinds first, so that two workers finish at about the same time.
_WEIGHT = {"sum_identity": 4, "statement_vs_cells": 3, "sql": 2, "section_keywords": 2, "text_contains": 2}


def _scheduled(rules):
    return sorted(rules, key=lambda r: -_WEIGHT.get(r.kind, 1))


def run(conn, rules, jobs=1, db_path=None, progress=None, rule_timeout=RULE_TIMEOUT):
    """Audit every report in ``conn`` (a sqlite3 connection). Returns a summary dict.

    ``jobs`` > 1 needs ``db_path`` (the file behind ``conn``): the workers open it themselves.
    ``progress`` is called once per evaluated rule. A rule still running after ``rule_timeout``
    seconds raises RuleFailed, and the previous audit stays as it was.
    """
    started = time.perf_counter()
    remove_stale()  # scratch folders of audits that were killed
    conn.create_function("gd_violation_id", 6, violation_id, deterministic=True)
    conn.commit()
    prepare(conn)
    mark_versions(conn)
    reset(conn)
    with conn:
        conn.executemany(f"INSERT INTO {NEXT}rules (id, title, severity, formats, basis, remedy, description, kind, "
                         "sql, source_file, part) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [_rule_row(r) for r in rules])
        conn.executemany(f"INSERT INTO {NEXT}rule_bases (rule_id, format, basis) VALUES (?, ?, ?)",
                         [(r.id, f, text) for r in rules for f, text in r.bases.items()])
    done = progress or (lambda: None)
    jobs = min(jobs, MAX_JOBS, len(rules))
    number = {rule.id: n for n, rule in enumerate(rules)}  # rules come sorted by id
    if jobs > 1 and db_path:
        # Each rule's evaluation is copied in as soon as a worker hands it over: the copying
        # uses the core a worker leaves idle, instead of coming after all of them.
        with scratch_folder() as scratch_dir:
            for rule_id, path in _evaluate_in_workers(db_path, rules, jobs, scratch_dir, rule_timeout):
                conn.execute("ATTACH DATABASE ? AS gd_rule", [path])
                try:
                    with conn:
                        _copy(conn, "gd_rule", number[rule_id], rule_id)
                finally:
                    conn.execute("DETACH DATABASE gd_rule")
                os.remove(path)
                done()
    else:
        _map_for_reading(conn)
        conn.executescript(SCRATCH_SCHEMA.format(s="temp"))
        for rule in _scheduled(rules):
            with conn:
                evaluate(conn, *_task(rule), into="temp", seconds=rule_timeout)
                _copy(conn, "temp", number[rule.id], rule.id)
                conn.execute("DELETE FROM temp.gd_found")
                conn.execute("DELETE FROM temp.gd_results")
            done()
        conn.executescript("DROP TABLE temp.gd_found; DROP TABLE temp.gd_results;")
    _swap_in(conn, rules)
    severities = Counter(dict(conn.execute("SELECT severity, count(*) FROM violations GROUP BY severity")))
    reports, parsed = conn.execute("SELECT count(*), count(*) FILTER (WHERE parse_status != 'failed') "
                                   "FROM reports").fetchone()
    return {"reports": reports, "parsed": parsed, "rules": len(rules), "violations": sum(severities.values()),
            "by_severity": {s: severities.get(s, 0) for s in ("error", "warning", "info")},
            "seconds": time.perf_counter() - started}


def _copy(conn, schema, number, rule_id):
    """One rule's findings and statuses, from the scratch tables in ``schema`` to the audit tables.

    Rules finish in any order, so a finding's row id says where it belongs instead: rule
    ``number`` (in id order) times 2³², plus the order the rule found it in. A repeated id keeps
    its first row.
    """
    columns = ", ".join(FOUND_COLUMNS)
    conn.execute(f"INSERT OR IGNORE INTO {NEXT}violations (rowid, {columns}) SELECT ? * 4294967296 + seq, {columns} "
                 f"FROM {schema}.gd_found WHERE rule_id = ? AND severity != '{SKIP}' ORDER BY seq", [number, rule_id])
    conn.execute(f"INSERT INTO {NEXT}rule_results (rule_id, report_id, status, violations, reason) SELECT rule_id, "
                 f"report_id, status, violations, reason FROM {schema}.gd_results WHERE rule_id = ?", [rule_id])


_WORKER = {}


def _init_worker(db_path, scratch_dir, seconds):
    """A read-only connection to the audited database (one per worker process)."""
    from urllib.parse import quote

    conn = sqlite3.connect(f"file:{quote(os.path.abspath(db_path))}?mode=ro", uri=True)
    conn.execute("PRAGMA busy_timeout=30000")
    _map_for_reading(conn)
    conn.create_function("gd_violation_id", 6, violation_id, deterministic=True)
    _WORKER.update(conn=conn, dir=scratch_dir, seconds=seconds)


def _evaluate_task(item):
    """Evaluate one rule into a scratch file of its own, which the auditing process copies from
    while this worker goes on with the next rule."""
    n, task = item
    conn = _WORKER["conn"]
    path = os.path.join(_WORKER["dir"], f"rule-{n}.db")
    conn.execute("ATTACH DATABASE ? AS scratch", [path])
    try:
        conn.executescript("PRAGMA scratch.journal_mode=OFF; PRAGMA scratch.synchronous=OFF;"
                           + SCRATCH_SCHEMA.format(s="scratch"))
        with conn:
            evaluate(conn, *task, into="scratch", seconds=_WORKER["seconds"])
    finally:
        conn.execute("DETACH DATABASE scratch")
    return task[0], path


def _evaluate_in_workers(db_path, rules, jobs, scratch_dir, seconds):
    """Evaluate the rules in ``jobs`` processes; yields (rule id, its scratch file) as each is done."""
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with multiprocessing.get_context(method).Pool(jobs, initializer=_init_worker,
                                                  initargs=(db_path, scratch_dir, seconds)) as pool:
        yield from pool.imap_unordered(_evaluate_task, list(enumerate(_task(r) for r in _scheduled(rules))))
        pool.close()
        pool.join()


def summary_line(s):
    if not s["parsed"]:
        return (f"数据库中的 {s['reports']} 份报告都没有解析成功，没有一份报告可以审核"
                f"（规则 {s['rules']} 条）。")
    sev = s["by_severity"]
    return (f"审核 {s['reports']} 份报告、{s['rules']} 条规则：发现问题 {s['violations']} 条"
            f"（error {sev['error']}，warning {sev['warning']}，info {sev['info']}），用时 {s['seconds']:.1f} 秒。")
