"""Generic kinds that hold the narrative against the tables.

The numbers come from the parser's claims (``claims`` table), which only records sentences
that count what the table counts ("指导各部门办理200余件" is not a claim); denials such as
"未发出收费通知" are matched as literal phrases listed in the rule file.
"""
from ..params import check_cell_ref
from ..sql import USABLE, any_unusable, cell_name_sql, glob_match, in_list, lit, num, phrase_gates, render

SECTION_TEXT = ("(SELECT report_id, group_concat(text, char(10)) AS t FROM "
                "(SELECT report_id, text FROM sections s WHERE no IN {nos} AND {scope} ORDER BY report_id, no) "
                "GROUP BY report_id)")


def gated_sections(rule, nos, phrases):
    """The CTE ``gates`` (g): for each section the rule reads, whether it holds each gate of
    ``phrases`` (sql.phrase_gates); {phrase: the flag of its gate}; and the condition that the
    section holds any gate."""
    gates = phrase_gates(phrases)
    flags = {gate: f"g{j}" for j, gate in enumerate(gates)}
    flag_of = {x: f"g.{flags[gate]}" for gate, xs in gates.items() for x in xs}
    found = ", ".join(f"instr(s.text, {lit(gate)}) > 0 AS {flag}" for gate, flag in flags.items())
    cte = (f"gates AS MATERIALIZED (SELECT s.report_id, s.no, {found} FROM sections s "
           f"WHERE s.no IN {in_list(nos)} AND {in_scope(rule)})")
    return cte, flag_of, "(" + " OR ".join(f"g.{flag}" for flag in flags.values()) + ")"


def in_scope(rule, alias="s"):
    """Only the reports the rule speaks about: the text of the others is never read."""
    return f"{alias}.report_id IN (SELECT r.id FROM reports r WHERE {rule.applies_sql()})"


def _cells_cond(refs, alias="c"):
    tables = in_list(sorted({t for t, _, _ in refs}))  # lets SQLite use the (report_id, tbl) index prefix
    return f"({alias}.tbl IN {tables} AND (" + " OR ".join(glob_match(alias, t, f"{r}/{c}") for t, r, c in refs) + "))"


def _locator(refs):
    """tbl/row/col of a group of cells: the common row or column, else null."""
    tbls = {t for t, _, _ in refs}
    rows = {r for _, r, _ in refs}
    cols = {c for _, _, c in refs}
    return (refs[0][0] if len(tbls) == 1 else None, refs[0][1] if len(rows) == 1 else None,
            refs[0][2] if len(cols) == 1 else None)


def _parts_sql(single, value="c.value", blank="'空白'"):
    """Names of the cells found, with their values when there are several (``blank``: what a
    blank cell shows; a single cell shows it only when it stands in for the blank)."""
    if single:
        if blank == lit("空白"):
            return f"max({cell_name_sql()})"
        return f"max({cell_name_sql()} || (CASE WHEN c.state = 'blank' THEN ' ' || {blank} ELSE '' END))"
    return f"group_concat({cell_name_sql()} || ' ' || (CASE WHEN c.state = 'blank' THEN {blank} ELSE {num(value)} END), ' + ')"


def _blank_total(p, parts_of):
    """SQL for the value of a cell ``c`` that stands in for a blank total: the sum of the filled
    cells of its row that the total adds up (``parts_of``: {table: column keys}), or null when
    none is filled. A blank total is "not filled", so the row's own figures say what it holds."""
    whens = []
    for tbl, cols in parts_of.items():
        if not isinstance(cols, list) or not cols:
            raise p.error(f"blank_total_parts.{tbl}", "应写成 {t3: [np, org_business, …]}")
        for col in cols:
            check_cell_ref(p, f"blank_total_parts.{tbl}", f"{tbl}/*/{col}", globs=True)
        match = " OR ".join(glob_match("x", tbl, f"*/{col}") for col in cols)
        whens.append(f"WHEN c.tbl = {lit(tbl)} THEN (SELECT sum(x.value) FROM cells x WHERE x.report_id = c.report_id "
                     f"AND x.tbl = c.tbl AND x.row_key = c.row_key AND x.state = 'number' AND ({match}))")
    if not whens:
        return "NULL"
    return f"(CASE WHEN c.state = 'blank' AND c.col_key = 'total' THEN (CASE {' '.join(whens)} END) END)"


def _parse_refs(p, field, refs):
    return [check_cell_ref(p, field, ref) for ref in refs]


def claim_vs_cells(rule, p):
    """A number stated in the text (claims.key) against the sum of the table cells it counts."""
    claims = p.get("claims", dict)
    compare = p.get("compare", str, default="equal", choices=("equal", "zero_agreement"))
    ignore = set(p.get("ignore_zero_disagreement", list, default=[]))
    stand_in = _blank_total(p, p.get("blank_total_parts", dict, default={}))
    message = p.get("message", str, default="叙述称“{quote}”，即{what} {claimed} 件；而{cells} = {values} 件")
    p.done()
    selects, undecided = [], []
    for key, spec in claims.items():
        if not isinstance(spec, dict) or "cells" not in spec:
            raise p.error(f"claims.{key}", "应写成 {what: 说明, cells: [t3/new/total, …]}")
        what = str(spec.get("what", key))
        # ``or_cells``: a claim that may mean either of two table numbers ("办理申请40件" is
        # received or handled) is wrong only when it differs from both.
        readings = [_parse_refs(p, f"claims.{key}.{field}", spec[field] if isinstance(spec[field], list) else [spec[field]])
                    for field in ("cells", "or_cells") if field in spec]
        subs, bads = [], []
        for i, refs in enumerate(readings):
            cond = _cells_cond(refs)
            found = (f"cells c WHERE c.report_id IN (SELECT report_id FROM claims WHERE key = {lit(key)}) "
                     f"AND {cond} AND c.state IN {USABLE}")
            if stand_in == "NULL":
                value, shown = "c.value", lit("空白")
            else:  # each cell with the value standing in for it (c.sv), computed once
                found = f"(SELECT c.*, {stand_in} AS sv FROM {found}) c"
                value = "coalesce(c.value, c.sv)"
                shown = f"(CASE WHEN c.sv IS NULL THEN '空白' ELSE '空白（按本行各栏之和 ' || {num('c.sv')} || ' 计）' END)"
            subs.append(f"JOIN (SELECT c.report_id, sum(coalesce({value}, 0)) AS v, count(*) AS n, "
                        f"{_parts_sql(len(refs) == 1, value, shown)} AS parts "
                        f"FROM {found} GROUP BY c.report_id HAVING count(*) = {len(refs)}) s{i} "
                        f"ON s{i}.report_id = k.report_id")
            if compare == "equal":
                bad = f"abs(k.value - s{i}.v) > 1e-7"
                if key in ignore:
                    bad += f" AND (k.value = 0) = (s{i}.v = 0)"
            else:
                bad = f"(k.value = 0) != (s{i}.v = 0)"
            bads.append(f"({bad})")
            undecided.append(
                f"SELECT k.report_id FROM claims k WHERE k.key = {lit(key)} AND (SELECT count(*) FROM cells c "
                f"WHERE c.report_id = k.report_id AND {cond} AND c.state IN {USABLE}) < {len(refs)}")
        # With two readings, {cells} names the first with its value and then the second:
        # "表三“本年新收 · 总计” = 38 件，表三“(七)总计 · 总计”" and {values} is the second's value.
        last = len(readings) - 1
        cells_sql = " || ".join([f"s{i}.parts || ' = ' || {num(f's{i}.v')} || ' 件，'" for i in range(last)]
                                + [f"s{last}.parts"])
        msg = render(message, {"quote": "rtrim(k.quote, '，、；：,;:')", "what": lit(what), "claimed": num("k.value"),
                               "cells": cells_sql, "values": num(f"s{last}.v"),
                               "section": "CAST(k.section AS TEXT)"}, f"{p.where}: message")
        all_refs = [r for refs in readings for r in refs]
        tbl, row, col = _locator(all_refs)
        selects.append(
            f"SELECT k.report_id, {lit(tbl)} AS tbl, {lit(row)} AS row_key, {lit(col)} AS col_key, "
            f"k.value AS observed, s0.v AS expected, {msg} AS message, "
            f"'claim:' || k.section || ':' || k.offset AS locator, NULL AS severity "
            f"FROM claims k {' '.join(subs)} WHERE k.key = {lit(key)} AND {' AND '.join(bads)}")
    if not selects:
        raise p.error("claims", "至少要列出一个叙述数字 / list at least one claim key")
    decided = f"r.id NOT IN ({' UNION '.join(undecided)})"
    return " UNION ALL ".join(selects), decided


def _sections(p, default=None):
    nos = p.get("sections", list, default=default)
    for n in nos:
        if n not in range(1, 7):
            raise p.error("sections", f"{n!r} 不是 1–6 的部分编号")
    return nos


def statement_vs_cells(rule, p):
    """A sentence that denies something ("未制发规范性文件") while the table counts it (> 0)."""
    nos = _sections(p, default=[1, 2, 3, 4, 5, 6])
    checks = p.get("checks", list)
    message = p.get("message", str, default="叙述中写有“{phrase}”，但表中{cells}（合计 {value}）")
    p.done()
    selects, cells_all, phrases_of = [], [], {}
    for i, chk in enumerate(checks, 1):
        field = f"checks[{i}]"
        if not isinstance(chk, dict) or not chk.get("phrases") or not chk.get("cells"):
            raise p.error(field, "应写成 {phrases: [短语…], cells: [t2/normative_doc/issued, …]}")
        phrases_of[i] = [str(x) for x in chk["phrases"]]
        refs = _parse_refs(p, f"{field}.cells", chk["cells"])
        cells_all += refs
        cond = _cells_cond(refs)
        # Only the cells that count something are named: blanks and zeros do not contradict the sentence.
        counted = (f"group_concat(CASE WHEN c.state = 'number' AND c.value != 0 THEN {cell_name_sql()} || ' ' || "
                   f"{num('c.value')} END, ' + ')")
        sub = (f"SELECT m.report_id, m.p{i} AS phrase, sum(coalesce(c.value, 0)) AS v, {counted} AS parts "
               f"FROM said m JOIN cells c ON c.report_id = m.report_id AND {cond} AND c.state IN {USABLE} "
               f"WHERE m.p{i} IS NOT NULL GROUP BY m.report_id")
        msg = render(message, {"phrase": "v.phrase", "cells": "v.parts", "value": num("v.v")},
                     f"{p.where}: message")
        tbl, row, col = _locator(refs)
        selects.append(
            f"SELECT v.report_id, {lit(tbl)} AS tbl, {lit(row)} AS row_key, {lit(col)} AS col_key, "
            f"v.v AS observed, 0 AS expected, {msg} AS message, {lit(f'check:{i}')} AS locator, NULL AS severity "
            f"FROM ({sub}) v WHERE v.v > 0")
    # A section is searched for a phrase only if it has the phrase's gate (sql.phrase_gates),
    # found once per section for all phrases: denials start with 未, 无 or 没有, which most
    # sections lack. Then the text is read once for every check (the first phrase each one
    # finds), and the cells only for the reports whose text said something.
    gates, flag_of, any_gate = gated_sections(rule, nos, [x for xs in phrases_of.values() for x in xs])
    firsts = ["min(CASE " + " ".join(f"WHEN {flag_of[x]} AND instr(s.text, {lit(x)}) > 0 THEN {lit(x)}" for x in xs)
              + f" END) AS p{i}" for i, xs in phrases_of.items()]
    said = (f"WITH {gates}, said AS MATERIALIZED (SELECT g.report_id, {', '.join(firsts)} FROM gates g "
            f"JOIN sections s ON s.report_id = g.report_id AND s.no = g.no WHERE {any_gate} GROUP BY g.report_id) ")
    decided = (f"EXISTS (SELECT 1 FROM sections x WHERE x.report_id = r.id AND x.no IN {in_list(nos)}) "
               f"AND NOT {any_unusable('r.id', _cells_cond(cells_all))}")
    return said + " UNION ALL ".join(selects), decided
