"""Is this database one this tool wrote? The tables and columns the audit pages read, checked once
per schema version.

Datasette serves any SQLite file; one that merely has a table called ``reports`` must get a plain
404, not a page that fails half way. A page that starts reading a new column adds it here, so a
database written by an older version of the tool is recognised as such instead of failing.
"""
import threading

LOADED = {  # written by ``gov-disclosure load``
    "reports": ("id", "source", "sha256", "agency", "agency_id", "body_type", "region", "year", "format",
                "published_on", "script", "parse_status", "parse_error"),
    "sources": ("path", "report_id", "sha256", "size"),
    "sections": ("report_id", "no", "title", "text", "line"),
    "cells": ("report_id", "tbl", "row_key", "col_key", "value", "raw", "state", "line"),
    "claims": ("report_id", "key", "value", "quote", "section", "offset", "grp"),
}
AUDITED = {  # written by ``gov-disclosure audit``
    "rules": ("id", "title", "severity", "formats", "basis", "description", "kind", "sql", "source_file"),
    "violations": ("violation_id", "rule_id", "severity", "report_id", "tbl", "row_key", "col_key", "observed",
                   "expected", "message"),
    "rule_results": ("rule_id", "report_id", "status", "violations"),
}
FINDINGS = {"report_findings": ("report_id", "violations", "error", "warning", "info")}  # optional

_cache = {}
_lock = threading.Lock()


def _has(columns, needs):
    return all(set(wanted) <= columns.get(table, set()) for table, wanted in needs.items())


def _read(conn):
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")]
    wanted = set(LOADED) | set(AUDITED) | set(FINDINGS)
    columns = {name: {r[1] for r in conn.execute("SELECT * FROM pragma_table_info(?)", [name])}
               for name in names if name in wanted}
    ours = _has(columns, LOADED)
    return {"ours": ours, "has_reports": ours, "audited": ours and _has(columns, AUDITED),
            "report_findings": ours and _has(columns, FINDINGS)}


def recognise(conn):
    """{"ours", "has_reports", "audited", "report_findings"}: which of the tool's tables are there, whole.

    Cached by (file, schema version): SQLite bumps the version on every change of schema, so an
    audit that renames its tables into place is seen at once.
    """
    path = conn.execute("SELECT file FROM pragma_database_list WHERE name = 'main'").fetchone()[0]
    version = conn.execute("PRAGMA schema_version").fetchone()[0]
    key = (path, version)
    if path and key in _cache:
        return dict(_cache[key])
    found = _read(conn)
    if path:
        with _lock:
            if len(_cache) > 256:
                _cache.clear()
            _cache[key] = found
    return dict(found)
