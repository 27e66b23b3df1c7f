"""Tables 二, 三 and 四 drawn in the official layout, from the templates in ``formats``.

The result is plain data (header rows and body rows of cells with their spans) that one
generic Jinja macro renders, and that the ``.json`` twin of the report page returns as is.
"""
import re

from .. import formats as T

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
TABLE_TITLES = {
    "t2": "二、主动公开政府信息情况",
    "t3": "三、收到和处理政府信息公开申请情况",
    "t4": "四、政府信息公开行政复议、行政诉讼情况",
}
_WIDE = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "："})
_T3_RESULT_GROUPS = {  # row-key prefix → the group label printed in the template's second column
    "r.deny": T.T3_GROUP_LABELS[1],
    "r.unable": T.T3_GROUP_LABELS[2],
    "r.noproc": T.T3_GROUP_LABELS[3],
    "r.other": T.T3_GROUP_LABELS[4],
}


def display_label(label):
    """Template labels are stored normalised (ASCII brackets); print them as the form does."""
    return label.translate(_WIDE)


def anchor(tbl, row_key=None, col_key=None):
    """The page anchor of a cell, row or table: ``t3-r_deny_secret-np`` (a ★ contract)."""
    parts = [p.replace(".", "_") for p in (tbl, row_key, col_key) if p]
    return "-".join(parts)


def worst(severities):
    return min(severities, key=lambda s: SEVERITY_ORDER.get(s, 9)) if severities else None


def head(text, rowspan=1, colspan=1, **extra):
    return dict(kind="head", text=text, rowspan=rowspan, colspan=colspan, **extra)


class Grid:
    """Cells of one report plus what the audit says about them, looked up by key.

    ``claims``: narrative numbers already checked (``claim_check``); only those that differ from
    the table are shown in it, on the cell they speak about (a sum: its first part)."""

    def __init__(self, cells, violations, claims, lines=True):
        self.lines = lines
        self.cells = cells_by_key(cells)
        self.marks = {}
        for v in violations:
            if v.get("tbl"):
                self.marks.setdefault((v["tbl"], v.get("row_key"), v.get("col_key")), []).append(v)
        self.claims = {}
        for c in claims:
            if c.get("differs") and c.get("row_key") and c.get("col_key"):
                self.claims.setdefault((c["tbl"], c["row_key"], c["col_key"]), []).append(
                    dict(c, mark=claim_mark(c)))

    def mark(self, tbl, row=None, col=None):
        found = self.marks.get((tbl, row, col), [])
        return {"severity": worst([v["severity"] for v in found]),
                "violations": [v["violation_id"] for v in found]}

    def value(self, tbl, row, col):
        cell = self.cells.get((tbl, row, col)) or {"state": "missing", "value": None, "raw": None, "line": None}
        return dict(kind="value", anchor=anchor(tbl, row, col), text=cell_text(cell), state=cell["state"],
                    raw=cell["raw"], line=cell["line"] if self.lines else None,
                    claims=self.claims.get((tbl, row, col), []),
                    **self.mark(tbl, row, col))

    def label(self, tbl, row, text, rowspan=1, colspan=1):
        return dict(kind="label", text=display_label(text), rowspan=rowspan, colspan=colspan,
                    anchor=anchor(tbl, row), **self.mark(tbl, row))


def claim_cell(key):
    """The table cell a narrative number speaks about: ``t3.new.total`` → (t3, new, total)."""
    parts = key.split(".")
    if len(parts) >= 3 and parts[0] in ("t2", "t3", "t4"):
        return parts[0], ".".join(parts[1:-1]), parts[-1]
    return None


def same_number(a, b):
    try:
        return a is not None and b is not None and float(a) == float(b)
    except (TypeError, ValueError):
        return False


def number_text(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def cell_text(cell):
    state = cell["state"]
    if state == "number" and cell["value"] is not None:
        return number_text(cell["value"])
    if state == "missing":
        return "缺"
    if state == "blank":
        return "空"
    if state == "ambiguous":
        return "？"
    return cell["raw"] or ""


def table2(grid, fmt):
    """Table 二: one block per 第二十条 item, each with its own column header."""
    rows = []
    width = max(len(sub["cols"]) for sub in T.T2[fmt].values())
    for sub in T.T2[fmt].values():
        cols = list(sub["cols"])
        rows.append({"cells": [head(display_label(sub["caption"]), colspan=width + 1, cls="caption")]})
        rows.append({"cells": [head("信息内容")] + [head(display_label(sub["cols"][c][0])) for c in cols]
                     + ([head("", colspan=width - len(cols))] if width > len(cols) else [])})
        for row_key, labels in sub["rows"].items():
            cells = [grid.label("t2", row_key, labels[0])]
            cells += [grid.value("t2", row_key, c) for c in cols]
            if width > len(cols):
                cells.append(head("", colspan=width - len(cols), cls="filler"))
            rows.append({"cells": cells})
    return {"tbl": "t2", "anchor": "t2", "title": TABLE_TITLES["t2"], "head": [], "body": rows,
            **grid.mark("t2")}


def table3(grid, fmt):
    """Table 三: header bands 申请人情况 / 法人或其他组织, three label columns with group spans."""
    col_labels = T.T3_COL_LABELS
    heads = [
        [head(display_label(T.T3_NOTE), rowspan=3, colspan=3, cls="note"), head("申请人情况", colspan=7)],
        [head(col_labels["np"], rowspan=2, anchor=anchor("t3", None, "np")),
         head("法人或其他组织", colspan=5),
         head(col_labels["total"], rowspan=2, anchor=anchor("t3", None, "total"))],
        [head(col_labels[c], anchor=anchor("t3", None, c)) for c in T.T3_COLS[1:-1]],
    ]
    for cell in heads[1] + heads[2]:
        if cell.get("anchor"):
            cell.update(grid.mark("t3", None, cell["anchor"].split("-")[-1]))
    rows = T.T3_ROWS[fmt]
    result_rows = [k for k, _ in rows if k.startswith("r.")]
    body = []
    for row_key, labels in rows:
        cells = []
        if not row_key.startswith("r."):
            cells.append(grid.label("t3", row_key, labels[0], colspan=3))
        else:
            if row_key == result_rows[0]:
                cells.append(head(T.T3_GROUP_LABELS[0], rowspan=len(result_rows), cls="group"))
            group = ".".join(row_key.split(".")[:2])
            members = [k for k in result_rows if k.startswith(group + ".")]
            if group in _T3_RESULT_GROUPS and members:
                if row_key == members[0]:
                    cells.append(head(display_label(_T3_RESULT_GROUPS[group]), rowspan=len(members), cls="group"))
                cells.append(grid.label("t3", row_key, labels[0]))
            else:
                cells.append(grid.label("t3", row_key, labels[0], colspan=2))
        cells += [grid.value("t3", row_key, c) for c in T.T3_COLS]
        body.append({"cells": cells})
    return {"tbl": "t3", "anchor": "t3", "title": TABLE_TITLES["t3"], "head": heads, "body": body,
            **grid.mark("t3")}


def table4(grid):
    """Table 四: 行政复议 | 行政诉讼 (未经复议直接起诉, 复议后起诉), one data row of 15 cells."""
    labels = T.T4_COL_LABELS
    lit_groups = [g for g in T.T4_GROUPS if g != "rev"]
    heads = [
        [head(T.T4_GROUPS["rev"], colspan=len(T.T4_COLS), anchor=anchor("t4", "rev")),
         head("行政诉讼", colspan=len(T.T4_COLS) * len(lit_groups))],
        [head(labels[c], rowspan=2) for c in T.T4_COLS]
        + [head(T.T4_GROUPS[g], colspan=len(T.T4_COLS), anchor=anchor("t4", g)) for g in lit_groups],
        [head(labels[c]) for g in lit_groups for c in T.T4_COLS],
    ]
    for cells in heads:
        for cell in cells:
            if cell.get("anchor"):
                cell.update(grid.mark("t4", cell["anchor"].split("-", 1)[1]))
    body = [{"cells": [grid.value("t4", g, c) for g, c in T.T4_CELL_ORDER]}]
    return {"tbl": "t4", "anchor": "t4", "title": TABLE_TITLES["t4"], "head": heads, "body": body,
            **grid.mark("t4")}


def loose_table(grid, tbl):
    """A report in no known format: its cells as found, one line per row key."""
    rows = {}
    for (t, row, col) in grid.cells:
        if t == tbl:
            rows.setdefault(row, []).append(col)
    body = [{"cells": [grid.label(tbl, row, row_label(None, tbl, row) or "（模板以外的行）")]
             + [dict(grid.value(tbl, row, c), col=col_label(None, tbl, c) or "") for c in cols]}
            for row, cols in rows.items()]
    return {"tbl": tbl, "anchor": tbl, "title": TABLE_TITLES[tbl], "head": [], "body": body,
            **grid.mark(tbl)}


def anchors(tables):
    """Every id the report page's tables carry: a link to any other place in them would be dead
    (a report in no known format shows only the cells it has)."""
    found = set()
    for t in tables:
        found.add(t["anchor"])
        for row in t["head"] + [r["cells"] for r in t["body"]]:
            found.update(c["anchor"] for c in row if c.get("anchor"))
    return found


def report_tables(fmt, cells, violations, claims, lines=True):
    """The three statistical tables of a report, ready for the template. ``lines``: whether the
    cells' line numbers tell a reader where they are (not when they all share one, see cell_lines)."""
    grid = Grid(cells, violations, claims, lines)
    if fmt in T.FORMATS:
        return [table2(grid, fmt), table3(grid, fmt), table4(grid)]
    return [loose_table(grid, tbl) for tbl in ("t2", "t3", "t4") if any(k[0] == tbl for k in grid.cells)]


# ---------------------------------------------------------------- words for keys
_DEPARTMENT_END = re.compile(r"(?:[局委办厅馆院所站队处科部室]|中心|委员会)$")


def body_type_label(agency, body_type):
    """The kind of body a report's agency is, in words, only when its name says so: the loader
    files a place name alone (平潭综合实验区, run by a 管委会) under government, and that is
    not a 人民政府. None: not known for sure, not shown."""
    name = agency or ""
    if body_type == "government":
        if name.endswith("人民政府"):
            return "人民政府"
        if name.endswith(("管理委员会", "管委会")):
            return "管理委员会"
        return None
    if body_type == "township":
        return "乡镇、街道" if re.search(r"街道|[乡镇](?:人民政府)?$", name) else None
    if body_type == "department":
        return "部门" if _DEPARTMENT_END.search(name) and not name.endswith("人民政府") else None
    return None


TABLE_SHORT = {"t2": "表二", "t3": "表三", "t4": "表四"}
EXTRA_T3_COLS = {"org_subtotal": "法人或其他组织小计"}  # printed by some reports, not by the template


def _t2_label(fmt, part, key):
    """A Table 二 row or column label, preferring the report's own format."""
    for f in ([fmt] if fmt in T.T2 else []) + list(T.T2):
        for sub in T.T2[f].values():
            if key in sub[part]:
                return display_label(sub[part][key][0])
    return None


def row_label(fmt, tbl, row_key):
    if tbl == "t3":
        for fmt_rows in ([T.T3_ROWS[fmt]] if fmt in T.T3_ROWS else []) + list(T.T3_ROWS.values()):
            for key, labels in fmt_rows:
                if key == row_key:
                    return display_label(labels[0])
    if tbl == "t4":
        return T.T4_GROUPS.get(row_key)
    if tbl == "t2":
        return _t2_label(fmt, "rows", row_key)
    return None


def col_label(fmt, tbl, col_key):
    if tbl == "t3":
        return T.T3_COL_LABELS.get(col_key) or EXTRA_T3_COLS.get(col_key)
    if tbl == "t4":
        return T.T4_COL_LABELS.get(col_key)
    if tbl == "t2":
        return _t2_label(fmt, "cols", col_key)
    return None


def locator_text(fmt, tbl, row_key, col_key, part=None):
    """Where a finding sits, in the words of the form: 表三 · 四、结转下年度继续办理 · 总计; a finding
    about the text of one part (``part``: rules.part) names it: 第六部分 · 其他需要报告的事项."""
    if not tbl:
        return T.part_name(part) if part in T.SECTIONS else "整份报告"
    parts = [TABLE_SHORT.get(tbl, tbl)]
    if row_key:
        parts.append(row_label(fmt, tbl, row_key) or "模板以外的行")
    if col_key:
        parts.append(col_label(fmt, tbl, col_key) or "模板以外的列")
    return " · ".join(parts)


CLAIM_WORDS = {"proactive.total": "主动公开信息总数", "proactive.part": "主动公开信息分项",
               "t4.lit.total": "表四 · 行政诉讼（未经复议直接起诉＋复议后起诉）· 总计",
               "t3.open_partial": "表三 ·（一）予以公开＋（二）部分公开 · 总计",
               "t3.new_or_done": "表三 · 本年新收或办结申请 · 总计"}
# Narrative numbers that speak about the sum of several cells: key → (table, rows, column).
CLAIM_SUMS = {"t3.open_partial": ("t3", ("r.open", "r.partial"), "total")}


def claims_once(claims):
    """The narrative numbers, a sentence that the report repeats in another part counted in the
    first part only (one sentence may still state the same number twice: 部门预算1条、决算1条)."""
    first_part = {}
    return [c for c in claims
            if first_part.setdefault((c["key"], c["value"], c["quote"]), c.get("section")) == c.get("section")]


# Pre-2019 reports have none of today's tables: their narrative numbers are named without one.
LEGACY_CLAIM_WORDS = {"t3.new.total": "收到的政府信息公开申请", "t3.r.total.total": "办结的政府信息公开申请",
                      "t3.carry_in.total": "上年结转的申请", "t3.carry_out.total": "结转下年度办理的申请",
                      "t3.open_partial": "予以公开或部分公开的申请", "t3.new_or_done": "收到或办结的申请",
                      "t4.rev.total": "行政复议", "t4.lit.total": "行政诉讼"}


def claim_label(key, fmt=None):
    """What a narrative number counts, in words: t3.new.total → 表三 · 一、本年新收… · 总计."""
    if fmt == "legacy" and key in LEGACY_CLAIM_WORDS:
        return LEGACY_CLAIM_WORDS[key]
    if key in CLAIM_WORDS:
        return CLAIM_WORDS[key]
    where = claim_cell(key)
    return locator_text(fmt, *where) if where else "叙述中的其他数字"


# The cells whose sum stands in for a blank 总计, as the narrative rules (TEXT-002, T4-005) count it.
TOTAL_PARTS = {"t3": tuple(T.T3_COLS[:-1]), "t4": tuple(T.T4_COLS[:-1])}


def table_number(by_key, tbl, row, col):
    """(the number a cell holds, whether it is the sum of its row's filled cells standing in for a
    blank 总计) — the way the audit compares a narrative number; (None, False) when there is none."""
    cell = by_key.get((tbl, row, col))
    if cell is not None and cell["state"] == "number" and cell["value"] is not None:
        return cell["value"], False
    if cell is not None and cell["state"] == "blank" and col == "total" and tbl in TOTAL_PARTS:
        parts = [by_key.get((tbl, row, part)) for part in TOTAL_PARTS[tbl]]
        numbers = [c["value"] for c in parts if c and c["state"] == "number" and c["value"] is not None]
        if numbers:
            return sum(numbers), True
    return None, False


def _checked(claim, tbl, row, col, numbers):
    """The claim's place and its table value (None when a part has none), and whether they differ."""
    values = [n for n, _ in numbers]
    value = None if not values or None in values else sum(values)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return {"tbl": tbl, "row_key": row, "col_key": col, "table_value": value,
            "from_parts": any(estimated for _, estimated in numbers),
            "differs": None if value is None else not same_number(claim["value"], value)}


def claim_mark(claim):
    """What a table cell says of a narrative number that differs from it: the number, and the
    table's when the cell does not show it (a sum of rows, or a blank 总计 counted from its row)."""
    text = f"文中：{number_text(claim['value'])}"
    value = claim.get("table_value")
    if value is None:
        return text
    how = "（总计栏空白，按各栏之和计）" if claim.get("from_parts") else ""
    if claim.get("rows", 1) > 1:
        return f"{text}，表中{NUMBER_WORDS.get(claim['rows'], claim['rows'])}行合计 {number_text(value)}{how}"
    return f"{text}，表中为 {number_text(value)}{how}" if how else text


NUMBER_WORDS = {2: "两", 3: "三", 4: "四"}


def cells_by_key(cells):
    """A report's cells by (tbl, row_key, col_key)."""
    return {(c["tbl"], c["row_key"], c["col_key"]): c for c in cells}


def claim_check(claim, by_key):
    """A narrative number next to the table number it speaks about, and whether they differ
    (``by_key``: the report's cells_by_key, made once for all its claims)."""
    if claim["key"] in CLAIM_SUMS:
        tbl, rows, col = CLAIM_SUMS[claim["key"]]
        return dict(_checked(claim, tbl, rows[0], col, [table_number(by_key, tbl, r, col) for r in rows]),
                    rows=len(rows))
    where = claim_cell(claim["key"])
    if not where:
        return {"tbl": None, "row_key": None, "col_key": None, "table_value": None, "from_parts": False,
                "differs": None}
    tbl, row, col = where
    if where not in by_key:  # e.g. t4.lit.total: the two litigation groups together
        groups = sorted({k[1] for k in by_key if k[0] == tbl and k[1].startswith(row + "_") and k[2] == col})
        return _checked(claim, tbl, None, None, [table_number(by_key, tbl, g, col) for g in groups])
    return _checked(claim, tbl, row, col, [table_number(by_key, tbl, row, col)])


COMPARE_CELLS = [
    ("t3", "new", "total", "一、本年新收申请"),
    ("t3", "carry_in", "total", "二、上年结转申请"),
    ("t3", "r.total", "total", "三、办理结果总计"),
    ("t3", "carry_out", "total", "四、结转下年度"),
    ("t4", "rev", "total", "行政复议"),
    ("t4", "lit_direct", "total", "未经复议直接起诉"),
    ("t4", "lit_after_rev", "total", "复议后起诉"),
]


def agency_compare(reports, cells, violations):
    """An agency's reports side by side: one column per report, the totals that carry over."""
    by_report = {}
    for c in cells:
        by_report[(c["report_id"], c["tbl"], c["row_key"], c["col_key"])] = c
    counts = {}
    marked = {}
    for v in violations:
        counts.setdefault(v["report_id"], {}).setdefault(v["severity"], 0)
        counts[v["report_id"]][v["severity"]] += 1
        marked.setdefault((v["report_id"], v["tbl"], v["row_key"], v["col_key"]), []).append(v["severity"])
    rows = []
    for sev in SEVERITY_ORDER:
        rows.append({"label": sev, "kind": "count",
                     "values": [{"text": counts.get(r["id"], {}).get(sev, 0)} for r in reports]})
    for tbl, row, col, label in COMPARE_CELLS:
        values = []
        for r in reports:
            cell = by_report.get((r["id"], tbl, row, col))
            # the report page draws every cell of a known format's tables, of another only those it has
            drawn = r["format"] in T.FORMATS or cell is not None
            values.append({"text": cell_text(cell) if cell else "—",
                           "severity": worst(marked.get((r["id"], tbl, row, col), [])),
                           "url": r["url"] + "#" + anchor(tbl, row, col) if drawn else None})
        rows.append({"label": label, "kind": "cell", "values": values})
    return rows


def ordered_cells(fmt, cells, violation):
    """The cells of a finding's row (or column) in the order of the form, the finding's own first marked."""
    order = {}
    if fmt in T.FORMATS:
        for i, (tbl, row, col) in enumerate(T.template_cells(fmt)):
            order[(tbl, row, col)] = i
    out = []
    for c in sorted(cells, key=lambda c: order.get((c["tbl"], c["row_key"], c["col_key"]), 10**6)):
        c = dict(c, text=cell_text(c), row_label=row_label(fmt, c["tbl"], c["row_key"]) or "模板以外的行",
                 col_label=col_label(fmt, c["tbl"], c["col_key"]) or "模板以外的列",
                 anchor=anchor(c["tbl"], c["row_key"], c["col_key"]))
        c["is_finding"] = (c["row_key"] == violation["row_key"] or not violation["row_key"]) and \
                          (c["col_key"] == violation["col_key"] or not violation["col_key"])
        out.append(c)
    return out


def cell_lines(reader, cells):
    """How a finding's cells are placed in the original: "each" (a line number per cell), the one
    line they share, or None. A web page's line numbers are those of its HTML source (often every
    cell on line 1), which tell a reader nothing, so they are never shown."""
    lines = {c["line"] for c in cells if c.get("line")}
    if reader == "html" or not lines:
        return None
    return "each" if len(lines) > 1 else lines.pop()
