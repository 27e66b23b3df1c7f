"""Generic kinds over the table cells: sum identities, value domains, cell states, whole tables.

Every kind returns (violations SELECT, decided condition or None). "Decided" holds for a report
``r`` whose inputs were all parsed (state number or blank); the engine marks the others
`skipped`, so a parse problem is never reported as the agency's arithmetic error.
"""
from fnmatch import fnmatchcase

from .. import labels as L
from ..engine import SKIP
from ..params import Params, check_cell_ref, check_key, check_table
from ..sql import (USABLE, any_unusable, case_map, cell_name_sql, col_name_sql, concat, glob_match, in_list, is_glob,
                   lit, num, odd_number_cells, render, row_name_sql, settled_cells,
                   template_order_sql, unfilled_blank, unusable_cells)

RELATIONS = {"=": "相差 {diff}", ">=": "前者不应小于后者", "<=": "前者不应大于后者"}
BLANK_NOTE = "（空白单元格按 0 计：{names}）"
# A failure that blank cells could explain: they are "not filled", not a measured 0.
UNCERTAIN_NOTE = "。较小一边有空白单元格，若其实填有数字，此式可能成立，故只作警告"
UNFILLED = "{table}以下各{unit}的{side}空白，而等式另一边的合计不为 0，说明是未填写而不是 0，这些{unit}无法核对"
VIOLATION = "report_id, tbl, row_key, col_key, observed, expected, message, locator, severity"


def _expand(p, field, patterns, tbl, fmt, axis):
    """Keys named by ``patterns`` (globs expand over the template of ``fmt``), in order,
    with their display names (a mapping gives its own names)."""
    if isinstance(patterns, dict):
        items = list(patterns.items())
    else:
        items = [(k, None) for k in patterns]
    template = L.template_keys(tbl, fmt, axis)
    names = L.ROWS[tbl] if axis == "row" else L.COLS[tbl]
    out = []
    for pattern, shown in items:
        pattern = str(pattern)
        check_key(p, field, tbl, axis, pattern)
        if is_glob(pattern):
            keys = [k for k in template if fnmatchcase(k, pattern)]
        else:
            keys = [pattern]
        for k in keys:
            if k not in [o[0] for o in out]:
                out.append((k, shown or names.get(k, k)))
    return out


def _exists(tbl, fmt, row, col):
    rows, cols = L.template_keys(tbl, fmt, "row"), L.template_keys(tbl, fmt, "col")
    if row not in rows or col not in cols:
        return True  # a non-template key (e.g. a 法人或其他组织 subtotal) exists only if the report has it
    return (row, col) in set(L.template_cells(tbl, fmt))


def _extra(tbl, fmt, axis, keyed):
    """Keys that are not in the template of ``fmt`` (they exist only where a report has them)."""
    template = L.template_keys(tbl, fmt, axis)
    return [k for k, _ in keyed if k not in template]


def _side(terms, offset, name):
    """SQL text of one side: "一+二 = 28+3 = 31", or the non-zero terms when there are many."""
    cols = [f"coalesce(g.t{offset + j}, 0)" for j in range(len(terms))]
    total = " + ".join(cols) if cols else "0"
    if not terms:
        return lit("0"), "0"
    if len(terms) == 1:
        return concat(lit(terms[0][1] + " = "), num(cols[0])), total
    if len(terms) <= 6:
        values = concat(*[x for j, c in enumerate(cols) for x in ([lit("+")] if j else []) + [num(c)]])
        return concat(lit("+".join(t[1] for t in terms) + " = "), values, lit(" = "), num(total)), total
    nonzero = concat(*[f"(CASE WHEN {c} != 0 THEN {lit(t[1] + ' ')} || {num(c)} || ' + ' ELSE '' END)"
                       for t, c in zip(terms, cols)])
    listed = (f"(CASE WHEN {nonzero} = '' THEN '0' ELSE rtrim({nonzero}, ' +') || ' = ' || {num(total)}"
              f" || '（其余各项为 0）' END)")
    return concat(lit((name or "各项之和") + " = "), listed), total


def sum_identity(rule, params):
    checks = params.get("checks", list, default=None)
    if checks is None:
        items = [params]
    else:
        items = [Params(c, f"{params.where}: checks[{i}]") for i, c in enumerate(checks, 1)]
        params.done()
    selects, decided = [], []
    for p in items:
        s, d = _one_identity(rule, p)
        selects += s
        decided += d
    if not selects:
        raise params.error("formats", "此规则的表格在所列格式中不存在 / no template cells for these formats")
    return " UNION ALL ".join(selects), " OR ".join(decided)


def _one_identity(rule, p):
    tbl = check_table(p)
    for_each = p.get("for_each", str, choices=("column", "row"))
    inst_axis, term_axis = ("col", "row") if for_each == "column" else ("row", "col")
    inst_col, term_col = f"c.{inst_axis}_key", f"c.{term_axis}_key"
    relation = str(p.get("relation", str, default="=", choices=tuple(RELATIONS)))
    message = p.get("message", str, default="{context}：{left}，{right}，{relation}{blank_note}")
    left_name, right_name = p.get("left_name", str, default=None), p.get("right_name", str, default=None)
    raw_in, raw_left, raw_right = p.get("in", (list, dict), default=["*"]), p.get("left"), p.get("right")
    p.done()
    selects, decided = [], []
    for fmt in rule.table_formats:
        instances = _expand(p, "in", raw_in, tbl, fmt, inst_axis)
        left = _expand(p, "left", raw_left, tbl, fmt, term_axis)
        right = _expand(p, "right", raw_right, tbl, fmt, term_axis)
        terms = left + right

        def pair(i, t):
            return (i, t) if inst_axis == "row" else (t, i)

        counts = {i: sum(_exists(tbl, fmt, *pair(i, t)) for t, _ in terms) for i, _ in instances}
        instances = [(i, n) for i, n in instances if counts[i]]
        if not instances or not terms:
            continue
        keys = in_list([k for k, _ in terms])
        inst_keys = in_list([i for i, _ in instances])
        # When the rule reads most of the table, unary + keeps the key lists out of the index:
        # one range scan per report instead of an index seek per cell.
        scan = "+" if 2 * sum(counts.values()) > len(L.template_cells(tbl, fmt)) else ""
        rule_keys = f"{scan}{inst_col} IN {inst_keys} AND {scan}{term_col} IN {keys}"
        cond = f"c.tbl = {lit(tbl)} AND {rule_keys} AND c.state IN {USABLE}"
        # Only reports that have the non-template keys a rule names (e.g. a subtotal column).
        extras = {axis: _extra(tbl, fmt, axis, instances if inst_axis == axis else terms) for axis in ("row", "col")}
        has = "".join(f" AND EXISTS (SELECT 1 FROM cells x WHERE x.report_id = r.id AND x.tbl = {lit(tbl)} "
                      f"AND x.{axis}_key IN {in_list(extra)})" for axis, extra in extras.items() if extra)
        of_format = f"r.format = {lit(fmt)}{has}"
        reports = f"SELECT r.id FROM reports r WHERE {of_format}"
        # The probe seeks each (row, column) pair when there are few; for many, it reads the
        # report's few unusable cells of the table and tests their keys (3x cheaper for 表三's 154).
        many = "+" if len(instances) * len(terms) > 50 else ""
        unusable = any_unusable("r.id", f"c.tbl = {lit(tbl)} AND {many}{inst_col} IN {inst_keys} "
                                         f"AND {many}{term_col} IN {keys}")
        failing = _failing(tbl, for_each, instances, left, right, relation, reports, cond,
                           counts if has else None)
        pivot = ", ".join(f"max(CASE WHEN {term_col} = {lit(k)} THEN coalesce(c.value, 0) END) AS t{j}"
                          for j, (k, _) in enumerate(terms))
        blank_name = case_map(term_col, dict(terms))
        blank_counts = ", ".join(
            f"sum({term_col} IN {in_list([k for k, _ in side])}) AS {x}n, "
            f"sum({term_col} IN {in_list([k for k, _ in side])} AND c.state = 'blank') AS {x}b"
            for x, side in (("l", left), ("r", right)))
        inner = (f"SELECT f.report_id AS report_id, f.k AS k, {pivot}, {blank_counts}, "
                 f"group_concat(CASE WHEN c.state = 'blank' THEN {blank_name} END, '、') AS blanks "
                 f"FROM ({failing}) f CROSS JOIN cells c ON c.report_id = f.report_id AND {inst_col} = f.k AND {cond} "
                 f"GROUP BY f.report_id, f.k")
        lsql, ltotal = _side(left, 0, left_name)
        rsql, rtotal = _side(right, len(left), right_name)
        unit = "列" if for_each == "column" else " 行"
        values = {
            "context": concat(lit(L.TABLES[tbl] + " "), case_map("g.k", dict(instances)), lit(unit)),
            "left": lsql, "right": rsql,
            "relation": render(RELATIONS[relation], {"diff": num("abs(g.lt - g.rt)")}, p.where),
            "diff": num("abs(g.lt - g.rt)"),
            "blank_note": f"(CASE WHEN g.blanks IS NULL THEN '' ELSE "
                          f"{render(BLANK_NOTE, {'names': 'g.blanks'}, p.where)} END)",
        }
        msg = render(message, values, f"{p.where}: message")
        row_key, col_key = ("g.k", "NULL") if inst_axis == "row" else ("NULL", "g.k")
        short = _short_side(relation, "g.lt", "g.rt")
        side = short["label"](left_name, right_name, left, right)
        warn = "NULL" if rule.severity == "info" else lit("warning")
        # A side left blank is not a finding of this rule but why it could not judge the instance:
        # a row of severity SKIP, its message the reason and ``observed`` the instance (the
        # engine lists the instances after the reason).
        unfilled = render(UNFILLED, {"table": lit(L.TABLES[tbl]), "unit": lit(unit.strip()), "side": side}, p.where)
        is_unfilled = short["unfilled"]
        severity = f"(CASE WHEN {is_unfilled} THEN {lit(SKIP)} WHEN {short['blank']} THEN {warn} END)"
        message_sql = (f"(CASE WHEN {is_unfilled} THEN {unfilled} ELSE {msg} || "
                       f"(CASE WHEN {short['blank']} THEN {lit(UNCERTAIN_NOTE)} ELSE '' END) END)")
        observed = f"(CASE WHEN {is_unfilled} THEN {case_map('g.k', dict(instances))} ELSE g.lt END)"
        selects.append(f"SELECT g.report_id AS report_id, {lit(tbl)} AS tbl, {row_key} AS row_key, "
                       f"{col_key} AS col_key, {observed} AS observed, g.rt AS expected, {message_sql} AS message, "
                       f"NULL AS locator, {severity} AS severity "
                       f"FROM (SELECT g.*, {ltotal} AS lt, {rtotal} AS rt FROM ({inner}) g) g")
        # The loader writes every template cell of a report's format (state 'missing' when the
        # report lacks it), so a report is decided when none of the rule's cells is unusable.
        decided.append(f"({of_format} AND NOT {unusable})")
        if for_each == "column":
            selects.append(_settled_skip(tbl, reports, f"{inst_col} IN {inst_keys} AND {term_col} IN {keys}"))
    return selects, decided


SETTLED_REASON = "表三有数字连写的行，其读数由本勾稽关系推定，故本条不作为核对依据"


def _settled_skip(tbl, reports, keys):
    """A ``SKIP`` row for each report whose reading this column identity chose (a digit run split
    more than one way and the table's column identities settled it, parse/settle.py): there the
    identity holds by construction, so it is assumed, not evidence. One probe of a tiny index."""
    source, settled = settled_cells()
    return (f"SELECT c.report_id AS report_id, {lit(tbl)} AS tbl, NULL AS row_key, NULL AS col_key, NULL AS observed, "
            f"NULL AS expected, {lit(SETTLED_REASON)} AS message, NULL AS locator, {lit(SKIP)} AS severity "
            f"FROM {source} WHERE {settled} AND c.tbl = {lit(tbl)} AND {keys} AND c.report_id IN ({reports}) "
            f"GROUP BY c.report_id")


def _side_label(name, terms):
    """How a reason names a side of an identity: its own name, or its cells when few."""
    if name:
        return name[:-2] if name.endswith("之和") else name
    if len(terms) <= 3:
        return "、".join(t[1] for t in terms)
    return "各分项"


def _short_side(relation, ltotal, rtotal):
    """SQL conditions on a failing instance ``g``: the side that falls short (the one that
    cells left blank, were they filled, could make up) has a blank cell (``blank``), or has
    only blank cells (``unfilled``: nothing was written there, not an arithmetic error);
    and ``label`` naming that side in a reason."""
    if relation == "=":
        pick = lambda lx, rx: f"(CASE WHEN ({ltotal}) < ({rtotal}) THEN {lx} ELSE {rx} END)"  # noqa: E731
    elif relation == ">=":  # fails when the left is smaller
        pick = lambda lx, rx: lx  # noqa: E731
    else:
        pick = lambda lx, rx: rx  # noqa: E731
    n, b = pick("g.ln", "g.rn"), pick("g.lb", "g.rb")

    def label(left_name, right_name, left, right):
        return pick(lit(_side_label(left_name, left)), lit(_side_label(right_name, right)))

    return {"blank": f"{b} > 0", "unfilled": f"({n} > 0 AND {b} = {n})", "label": label}


FAILS = {"=": "abs({d}) > 1e-7", ">=": "{d} < -1e-7", "<=": "{d} > 1e-7"}


def _failing(tbl, for_each, instances, left, right, relation, reports, cond, counts):
    """Pass 1 of an identity: the (report, instance) pairs where it fails, from one signed sum
    per instance (left terms +, right terms −).

    An instance is judged only when all its term cells are usable. The loader writes every
    template cell, so that is "none of them is unusable", asked of the partial index for the
    few failing instances; ``counts`` (usable cells expected per instance) is given instead when
    the rule names non-template keys, which a report may have for some rows and not others.
    Per column, the sums are taken per report (the order cells are stored in: no sort) and then
    unfolded into one row per column.
    """
    inst_axis, term_axis = ("col", "row") if for_each == "column" else ("row", "col")
    term_col = f"c.{term_axis}_key"
    value = "coalesce(c.value, 0)"
    lk, rk = [k for k, _ in left], [k for k, _ in right]
    if set(lk) & set(rk):
        signed = (f"(CASE WHEN {term_col} IN {in_list(lk)} THEN {value} ELSE 0 END) - "
                  f"(CASE WHEN {term_col} IN {in_list(rk)} THEN {value} ELSE 0 END)")
    else:  # only term cells are read: a cell not on the left is on the right
        signed = f"(CASE WHEN {term_col} IN {in_list(lk)} THEN {value} ELSE -{value} END)"

    def judged(report, key, n):
        if counts:
            return f"{n} = {case_map(key, {i: counts[i] for i, _ in instances}, '0')}"
        return "NOT " + any_unusable(report, f"u.tbl = {lit(tbl)} AND u.{inst_axis}_key = {key} "
                                     f"AND u.{term_axis}_key IN {in_list(lk + rk)}", alias="u")

    scanned = f"FROM cells c WHERE c.report_id IN ({reports}) AND {cond}"
    if for_each == "row":  # rows are stored together: grouping by row follows the index
        fails = FAILS[relation].format(d=f"sum({signed})")
        return (f"SELECT c.report_id AS report_id, c.row_key AS k {scanned} GROUP BY c.report_id, c.tbl, c.row_key "
                f"HAVING {fails} AND {judged('c.report_id', 'c.row_key', 'count(*)')}")
    sums = ", ".join(f"sum(CASE WHEN c.col_key = {lit(i)} THEN {signed} END) AS d{j}"
                     + (f", sum(c.col_key = {lit(i)}) AS n{j}" if counts else "")
                     for j, (i, _) in enumerate(instances))
    unfold = " UNION ALL ".join(f"SELECT {j} AS j, {lit(i)} AS k" for j, (i, _) in enumerate(instances))
    pick = {x: "(CASE i.j " + " ".join(f"WHEN {j} THEN p.{x}{j}" for j in range(len(instances))) + " END)"
            for x in ("d", "n")}
    return (f"SELECT p.report_id AS report_id, i.k AS k FROM (SELECT c.report_id AS report_id, {sums} {scanned} "
            f"GROUP BY c.report_id) p CROSS JOIN ({unfold}) i "
            f"WHERE {FAILS[relation].format(d=pick['d'])} AND {judged('p.report_id', 'i.k', pick['n'])}")


def _cell_filter(p, tbl, alias="c"):
    cells = p.get("cells", list, default=["*/*"])
    exclude = p.get("exclude", list, default=[])
    for field, refs in (("cells", cells), ("exclude", exclude)):
        for ref in refs:
            if str(ref).count("/") != 1:
                raise p.error(field, f"{ref!r} 应写成 行/列，如 new/total 或 */*")
            row, col = str(ref).split("/")
            check_key(p, field, tbl, "row", row)
            check_key(p, field, tbl, "col", col)
    cond = "(" + " OR ".join(glob_match(alias, tbl, ref) for ref in cells) + ")"
    if exclude:
        cond += " AND NOT (" + " OR ".join(glob_match(alias, tbl, ref) for ref in exclude) + ")"
    return cond


def cell_domain(rule, p):
    """Counts are non-negative integers; amounts non-negative numbers."""
    tables = p.get("tables", list)
    minimum = p.get("min", (int, float), default=0)
    decimals = p.get("decimal_cells", list, default=[])
    message = p.get("message", str, default="{cell} = {value}，应为{what}")
    conds = []
    for t in tables:
        if t not in L.TABLES:
            raise p.error("tables", f"没有表 {t!r}（t2/t3/t4）")
        conds.append(_cell_filter(p, t))
    p.done()
    where = f"(c.tbl IN {in_list(tables)} AND (" + " OR ".join(conds) + "))"
    is_decimal = " OR ".join(glob_match("c", *str(ref).split("/", 1)) for ref in decimals) or "0"
    bad = (f"(c.value < {lit(minimum)} OR (NOT ({is_decimal}) AND c.value != CAST(c.value AS INTEGER)))")
    source, number = "cells c", "c.state = 'number'"
    if minimum <= 0:  # every bad value is negative or not whole: read the index of those alone
        source, number = odd_number_cells()
    what = f"(CASE WHEN {is_decimal} THEN '不小于 {minimum} 的数' ELSE '不小于 {minimum} 的整数' END)"
    msg = render(message, {"cell": cell_name_sql(), "value": num("c.value"), "what": what}, f"{p.where}: message")
    sql = (f"SELECT c.report_id, c.tbl, c.row_key, c.col_key, c.value AS observed, NULL AS expected, "
           f"{msg} AS message, NULL AS locator, NULL AS severity FROM {source} "
           f"WHERE {where} AND {number} AND {bad}")
    decided = f"NOT {any_unusable('r.id', where)}"
    return sql, decided


def cell_state(rule, p):
    """Cells in a given state (missing, blank, text): the form was not filled as the template asks."""
    states = p.get("states", list)
    for s in states:
        if s not in ("missing", "blank", "text", "ambiguous"):
            raise p.error("states", f"{s!r} 不是 missing/blank/text/ambiguous 之一")
    tables = p.get("tables", list, default=["t2", "t3", "t4"])
    per = p.get("per", str, default="cell", choices=("cell", "row", "table"))
    only_present = p.get("only_present_tables", bool, default=False)
    overrides = p.get("severity_by_cell", dict, default={})
    exclude = p.get("exclude_cells", list, default=[])
    leave_unfilled = p.get("leave_unfilled", bool, default=False)
    # A short row ("| 0 | 0 | 0 | 0 | 0 | 0 |" for 7 columns) does not show which cell it lacks:
    # count them instead of naming a column.
    count_only = p.get("count_short_rows", bool, default=False)
    message = p.get("message", str)
    by_cell = p.get("message_by_cell", dict, default={})
    p.done()
    for ref in list(exclude) + list(by_cell):
        check_cell_ref(p, "exclude_cells" if ref in exclude else "message_by_cell", ref, globs=True)
    if by_cell and per != "cell":
        raise p.error("message_by_cell", "只能用于 per: cell / only with per: cell")
    tcond = f"c.tbl IN {in_list(tables)}"
    if exclude:  # cells where the rule's premise does not hold (e.g. a header without a unit)
        tcond += " AND NOT (" + " OR ".join(glob_match("c", *str(ref).split("/", 1)) for ref in exclude) + ")"
    hit = f"c.state IN {in_list(states)}"
    if leave_unfilled:  # cells that cannot be 0 are another rule's (STRUCT-010) finding
        hit = f"({hit} AND NOT {unfilled_blank('c')})"
    source = "cells c"
    if "blank" not in states:  # only unusable cells asked for: read their index, not every cell
        source, unusable = unusable_cells()
        tcond += f" AND {unusable}"
    present = ""
    if only_present:
        present = (" AND EXISTS (SELECT 1 FROM cells x WHERE x.report_id = c.report_id AND x.tbl = c.tbl "
                   "AND x.state != 'missing')")
    sev = "NULL"
    if overrides:
        for ref, level in overrides.items():
            if level not in ("error", "warning", "info"):
                raise p.error("severity_by_cell", f"{level!r} 不是 error/warning/info 之一")
            if str(ref).count("/") != 2:
                raise p.error("severity_by_cell", f"{ref!r} 应写成 表/行/列")
        sev = "(CASE " + " ".join(f"WHEN {glob_match('c', *str(ref).split('/', 1))} THEN {lit(level)}"
                                  for ref, level in overrides.items()) + " END)"
    if per == "cell":
        raw = "coalesce(nullif(trim(replace(c.raw, char(160), '')), ''), '空白')"
        values = {"cell": cell_name_sql(), "raw": raw, "line": "CAST(c.line AS TEXT)"}
        msg = render(message, values, f"{p.where}: message")
        if by_cell:  # a cell whose header says more (e.g. its unit) gets its own wording
            msg = ("(CASE " + " ".join(f"WHEN {glob_match('c', *str(ref).split('/', 1))} THEN "
                                       f"{render(text, values, f'{p.where}: message_by_cell')}"
                                       for ref, text in by_cell.items()) + f" ELSE {msg} END)")
        sql = (f"SELECT c.report_id, c.tbl, c.row_key, c.col_key, c.raw AS observed, NULL AS expected, "
               f"{msg} AS message, NULL AS locator, {sev} AS severity FROM {source} "
               f"WHERE {tcond} AND {hit}{present}")
        return sql, None
    rows = f"SELECT DISTINCT c.report_id, c.tbl, c.row_key FROM {source} WHERE {tcond} AND {hit}{present}"
    inner = (f"SELECT c.report_id, c.tbl, c.row_key, sum({hit}) AS bad, count(*) AS n, "
             f"sum(c.state = 'ambiguous') AS amb, count(CASE WHEN {hit} THEN {sev} END) AS ov_n, "
             f"min(CASE WHEN {hit} THEN {sev} END) AS ov_min, max(CASE WHEN {hit} THEN {sev} END) AS ov_max, "
             f"max(CASE WHEN {hit} THEN c.col_key END) AS one_col, max(c.col_key = 'total') AS has_total, "
             f"group_concat(CASE WHEN {hit} THEN {col_name_sql('c.tbl', 'c.col_key')} END, '、') AS cols, "
             f"{row_name_sql('c.tbl', 'c.row_key')} AS row_name, "
             f"{case_map('c.tbl', L.TABLES)} AS tbl_name, min(c.line) AS line "
             f"FROM (SELECT c.* FROM ({rows}) m JOIN cells c ON c.report_id = m.report_id AND c.tbl = m.tbl "
             f"AND c.row_key = m.row_key ORDER BY c.report_id, c.tbl, c.row_key, "
             f"{template_order_sql('c.tbl', 'c.col_key', 'col')}) c "  # the columns named in printed order
             f"GROUP BY c.report_id, c.tbl, c.row_key")
    if per == "table":
        return _per_table(inner, message, p, count_only), None
    msg = render(message, {"table": "g.tbl_name", "row": "g.row_name", "count": "CAST(g.bad AS TEXT)",
                           "total": "CAST(g.n AS TEXT)", "found": "CAST(g.n - g.bad AS TEXT)",
                           "cols": "(CASE WHEN g.bad = g.n AND g.n > 1 THEN '整行' WHEN g.amb > 0 "
                                   "THEN '无法确定是哪一列' ELSE g.cols END)",
                           "line": "CAST(g.line AS TEXT)"}, f"{p.where}: message")
    # Only a row whose values sit unambiguously can say which cell is the missing one.
    sql = (f"SELECT g.report_id, g.tbl, g.row_key, CASE WHEN g.bad = 1 AND g.amb = 0 THEN g.one_col END AS col_key, "
           f"g.n - g.bad AS observed, g.n AS expected, {msg} AS message, NULL AS locator, NULL AS severity "
           f"FROM ({inner}) g")
    return sql, None


def _per_table(rows, message, p, count_only=False):
    """One finding per table, listing its rows and their cells (``rows``: the per-row summary
    of cell_state). It names the cell when there is only one, and its row when only one row;
    with ``count_only``, a partly filled row is described by how many cells it has, not which, and
    the finding is on the row."""
    msg = render(message, {"table": "g.tbl_name", "count": "CAST(g.bad AS TEXT)", "rows": "CAST(g.nrows AS TEXT)",
                           "cells": "g.cells"}, f"{p.where}: message")
    # 整行 only for a row of several cells: a row of one (表二 行政事业性收费) names its cell.
    listed = ("group_concat(g.row_name || '：' || (CASE WHEN g.bad = g.n AND g.n > 1 THEN '整行' WHEN g.amb > 0 "
              "THEN '无法确定是哪一列' ELSE g.cols END), '；')")
    if count_only:
        listed = ("group_concat('“' || g.row_name || '”' || (CASE WHEN g.bad = g.n THEN '整行缺失' ELSE '一行只有' "
                  "|| (g.n - g.bad) || '个数字，应有' || g.n || '个' || (CASE WHEN g.has_total THEN '（含总计）' ELSE '' END) "
                  "END), '；')")
    table = (f"SELECT g.report_id, g.tbl, max(g.tbl_name) AS tbl_name, sum(g.bad) AS bad, count(*) AS nrows, "
             f"{listed} AS cells, max(g.row_key) AS one_row, max(g.one_col) AS one_col, sum(g.amb) AS amb, "
             f"sum(g.n) AS n, sum(g.ov_n) AS ov_n, min(g.ov_min) AS ov_min, max(g.ov_max) AS ov_max "
             f"FROM (SELECT * FROM ({rows}) g ORDER BY g.report_id, g.tbl, "
             f"{template_order_sql('g.tbl', 'g.row_key', 'row')}) g GROUP BY g.report_id, g.tbl")
    # A table whose cells are all overridden to the same level (e.g. only the fee amount) takes it.
    severity = "(CASE WHEN g.ov_n = g.bad AND g.ov_min = g.ov_max THEN g.ov_min END)"
    return (f"SELECT g.report_id, g.tbl, CASE WHEN g.nrows = 1 THEN g.one_row END AS row_key, "
            f"CASE WHEN g.bad = 1 AND g.amb = 0 AND {int(not count_only)} THEN g.one_col END AS col_key, "
            f"g.bad AS observed, g.n AS expected, "
            f"{msg} AS message, NULL AS locator, {severity} AS severity FROM ({table}) g")


def table_present(rule, p):
    """A whole table absent (every template cell missing)."""
    tables = p.get("tables", list, default=["t2", "t3", "t4"])
    names = p.get("names", dict)
    message = p.get("message", str)
    p.done()
    msg = render(message, {"table": case_map("t.tbl", names)}, f"{p.where}: message")
    each = " UNION ALL ".join(f"SELECT {lit(t)} AS tbl" for t in tables)
    # Index probes only: a table is present as soon as one of its cells is not missing.
    sql = (f"SELECT r.id AS report_id, t.tbl, NULL AS row_key, NULL AS col_key, NULL AS observed, NULL AS expected, "
           f"{msg} AS message, NULL AS locator, NULL AS severity FROM reports r CROSS JOIN ({each}) t "
           f"WHERE EXISTS (SELECT 1 FROM cells c WHERE c.report_id = r.id AND c.tbl = t.tbl) "
           f"AND NOT EXISTS (SELECT 1 FROM cells c WHERE c.report_id = r.id AND c.tbl = t.tbl AND c.state != 'missing')")
    decided = " AND ".join(
        f"EXISTS (SELECT 1 FROM cells c WHERE c.report_id = r.id AND c.tbl = {lit(t)})" for t in tables)
    return sql, decided
