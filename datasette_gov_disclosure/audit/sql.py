"""Small builders of SQL text: literals, CASE maps, number formatting, message templates.

Rule views must run in any SQLite (Datasette opens them without our Python functions), so
messages are assembled in plain SQL from these pieces.
"""
import os
import re

from .. import store
from . import labels as L


class RuleError(Exception):
    """A rule file is wrong: the message names the file and the field."""


def lit(value):
    if value is None:
        return "NULL"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def in_list(values):
    return "(" + ", ".join(lit(v) for v in values) + ")"


def case_map(expr, mapping, default=None):
    """CASE expr WHEN key THEN name … END (default: the expression itself)."""
    if not mapping:
        return default if default is not None else expr
    whens = " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in mapping.items())
    return f"(CASE {expr} {whens} ELSE {default if default is not None else expr} END)"


def num(expr):
    """A number as text without a trailing '.0' ("31", "4166.241619")."""
    return (f"(CASE WHEN ({expr}) IS NULL THEN '空' WHEN ({expr}) = CAST(({expr}) AS INTEGER) "
            f"THEN CAST(CAST(({expr}) AS INTEGER) AS TEXT) ELSE CAST(round(({expr}), 6) AS TEXT) END)")


def concat(*parts):
    parts = [p for p in parts if p]
    return "(" + " || ".join(parts) + ")" if parts else "''"


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def render(template, values, where):
    """A message template ("{context}：{left}") as an SQL expression; ``values`` maps a
    placeholder to an SQL expression. An unknown placeholder is a rule error."""
    pieces, pos = [], 0
    for m in _PLACEHOLDER.finditer(template):
        if m.group(1) not in values:
            known = "、".join("{" + k + "}" for k in values)
            raise RuleError(f"{where}: 未知的占位符 {{{m.group(1)}}}（可用：{known}）")
        if m.start() > pos:
            pieces.append(lit(template[pos:m.start()]))
        pieces.append(f"coalesce({values[m.group(1)]}, '')")
        pos = m.end()
    if pos < len(template):
        pieces.append(lit(template[pos:]))
    return concat(*pieces)


CLAUSE_ENDS = "。！？；"   # kept before the …
CLAUSE_BREAKS = "，、,;："  # dropped before the …


def clause_clip(expr, limit):
    """SQL: the text ``expr`` whole when it has at most ``limit`` characters; else cut at the first
    clause boundary after its first third (or at ``limit`` when there is none) and marked with …,
    so that a quote never stops in the middle of a word."""
    start = limit // 3
    rest = f"substr({expr}, {start + 1})"
    found = ", ".join(f"(CASE WHEN instr({rest}, {lit(p)}) > 0 THEN instr({rest}, {lit(p)}) + {start} "
                      f"ELSE {limit + 1} END)" for p in CLAUSE_ENDS + CLAUSE_BREAKS)
    at = f"min({found})"
    kept = (f"(CASE WHEN {at} > {limit} THEN substr({expr}, 1, {limit}) "
            f"WHEN instr({lit(CLAUSE_ENDS)}, substr({expr}, {at}, 1)) > 0 THEN substr({expr}, 1, {at}) "
            f"ELSE substr({expr}, 1, {at} - 1) END)")
    return f"(CASE WHEN length({expr}) <= {limit} THEN {expr} ELSE {kept} || '…' END)"


def row_name_sql(tbl_expr, row_expr):
    return "(CASE " + tbl_expr + " " + " ".join(
        f"WHEN {lit(t)} THEN {case_map(row_expr, L.ROWS[t])}" for t in L.ROWS) + f" ELSE {row_expr} END)"


def col_name_sql(tbl_expr, col_expr):
    return "(CASE " + tbl_expr + " " + " ".join(
        f"WHEN {lit(t)} THEN {case_map(col_expr, L.COLS[t])}" for t in L.COLS) + f" ELSE {col_expr} END)"


def template_order_sql(tbl_expr, key_expr, axis):
    """SQL for a key's place in its table's printed order (rows top to bottom, columns left to
    right; the 2021 template, with the keys only the 2019 one has in their place there), so that
    lists read like the table."""
    whens = []
    for tbl in L.TABLES:
        keys = []
        for fmt in ("2021", "2019"):
            before = -1  # a key only one template has goes after the key before it there
            for k in L.template_keys(tbl, fmt, axis):
                if k not in keys:
                    keys.insert(before + 1, k)
                before = keys.index(k)
        whens.append(f"WHEN {lit(tbl)} THEN {case_map(key_expr, {k: i for i, k in enumerate(keys)}, '999')}")
    return f"(CASE {tbl_expr} {' '.join(whens)} ELSE 999 END)"


def cell_name_sql(alias="c"):
    """SQL for 表三“(一)予以公开 · 自然人” of the cell row ``alias``: the row and column named as
    the pages' 位置 names them, quoted, so that a message reads as a sentence, not a formula."""
    return concat(case_map(f"{alias}.tbl", L.TABLES), "'“'", row_name_sql(f"{alias}.tbl", f"{alias}.row_key"),
                  "' · '", col_name_sql(f"{alias}.tbl", f"{alias}.col_key"), "'”'")


def phrase_gates(phrases):
    """{gate: its phrases}: the phrases grouped by first character, each group's gate the start
    its phrases share ("未", "没有", "本单位"). A text without the gate holds none of them, and
    finding that out is one scan for the group instead of one per phrase; most texts have none
    of the phrases a rule looks for."""
    groups = {}
    for phrase in phrases:
        groups.setdefault(phrase[0], []).append(phrase)
    return {os.path.commonprefix(group): group for group in groups.values()}


def is_glob(pattern):
    """A key pattern with wildcards ("r.deny.*") rather than one key."""
    return any(ch in pattern for ch in "*?[")


def glob_match(alias, tbl, pattern):
    """SQL condition for a cell reference "row/col" (globs allowed) of table ``tbl``."""
    row, col = pattern.split("/")

    def match(column, pat):  # "=" for a plain key: SQLite can then seek the cell by its primary key
        return f"{alias}.{column} {'GLOB' if is_glob(pat) else '='} {lit(pat)}"

    # "*" matches every key (keys are NOT NULL): no test per row for it.
    terms = [f"{alias}.tbl = {lit(tbl)}"] + [match(c, pat) for c, pat in (("row_key", row), ("col_key", col))
                                             if pat != "*"]
    return "(" + " AND ".join(terms) + ")"


USABLE = store.USABLE_STATES


def unusable_cells(alias="c"):
    """FROM and WHERE for the cells that could not be read as a number or a blank (missing,
    text, ambiguous). They are a few percent of all cells: the partial index that holds only
    them is read instead of the table (SQLite uses it for a WHERE that repeats its condition)."""
    return f"cells {alias} INDEXED BY {store.UNUSABLE_CELLS_INDEX}", f"{alias}.state NOT IN {USABLE}"


def odd_number_cells(alias="c"):
    """FROM and WHERE for the numbers that are negative or not whole: rare, so the partial
    index that holds only them is read instead of the table (the twin of ``unusable_cells``)."""
    return (f"cells {alias} INDEXED BY {store.ODD_CELLS_INDEX}",
            f"{alias}.state = 'number' AND {store.odd_number(f'{alias}.value')}")


def any_unusable(report, cond, alias="c"):
    """EXISTS: one of the report's cells matching ``cond`` is unusable; one index probe per
    report instead of a seek per input cell."""
    source, unusable = unusable_cells(alias)
    return f"EXISTS (SELECT 1 FROM {source} WHERE {alias}.report_id = {report} AND {unusable} AND {cond})"


def settled_cells(alias="c"):
    """FROM and WHERE for the numbers chosen by a table's column identities (they keep their
    row's candidates): rare, read through their partial index like ``unusable_cells``."""
    return (f"cells {alias} INDEXED BY {store.SETTLED_CELLS_INDEX}",
            f"{alias}.state = 'number' AND {alias}.candidates IS NOT NULL")


def unfilled_blank(alias="c"):
    """SQL condition: the blank cell ``alias`` cannot be 0, so it was left unfilled — the cells
    STRUCT-010 reports (its SQL states the same three cases): a 总计 of table 三 or 四 whose row's
    other cells add up to more than 0; a result cell of a table 三 column whose results are all
    blank while its (七)总计 is more than 0; a result cell of a table 四 row whose four results are
    blank while its 总计 is more than 0. Rules listing blank cells leave these to it, so that one
    cause is named once."""
    c = alias
    same_row = f"x.report_id = {c}.report_id AND x.tbl = {c}.tbl AND x.row_key = {c}.row_key"
    total_blank = (f"({c}.tbl IN ('t3', 't4') AND {c}.col_key = 'total' AND coalesce((SELECT sum(x.value) "
                   f"FROM cells x WHERE {same_row} AND x.col_key NOT IN ('total', 'org_subtotal') "
                   f"AND x.state = 'number'), 0) > 0)")  # a row with no number: its blank 总计 may be 0
    t3_results = (f"({c}.tbl = 't3' AND {c}.row_key GLOB 'r.*' AND {c}.row_key != 'r.total' AND {c}.col_key != 'total' "
                  f"AND EXISTS (SELECT 1 FROM cells s WHERE s.report_id = {c}.report_id AND s.tbl = 't3' "
                  f"AND s.row_key = 'r.total' AND s.col_key = {c}.col_key AND s.state = 'number' AND s.value > 0) "
                  f"AND NOT EXISTS (SELECT 1 FROM cells x WHERE x.report_id = {c}.report_id AND x.tbl = 't3' "
                  f"AND x.col_key = {c}.col_key AND x.row_key GLOB 'r.*' AND x.row_key != 'r.total' "
                  f"AND x.state != 'blank'))")
    t4_results = (f"({c}.tbl = 't4' AND {c}.col_key != 'total' "
                  f"AND EXISTS (SELECT 1 FROM cells s WHERE s.report_id = {c}.report_id AND s.tbl = 't4' "
                  f"AND s.row_key = {c}.row_key AND s.col_key = 'total' AND s.state = 'number' AND s.value > 0) "
                  f"AND NOT EXISTS (SELECT 1 FROM cells x WHERE {same_row} AND x.col_key != 'total' "
                  f"AND x.state != 'blank'))")
    return f"({c}.state = 'blank' AND ({total_blank} OR {t3_results} OR {t4_results}))"
