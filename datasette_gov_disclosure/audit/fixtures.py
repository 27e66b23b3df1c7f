"""Example reports for rule files: a complete, clean report of the rule's format (every cell
0, all six sections with their expected contents) with the example's changes on top.

An example only writes what it is about, e.g.::

    - name: 一+二 比 三+四 多 1
      expect: fail
      t3:
        new: [1, 0, 0, 0, 0, 0, 1]
      violations: [{tbl: t3, col_key: np}]
"""
from .. import formats as T

BASE_SECTIONS = {
    0: None,  # the preamble (前言); absent unless an example gives one
    1: "（一）主动公开：本机关依法主动公开政府信息。（二）依申请公开：依申请公开工作依法办理。"
       "（三）政府信息管理：加强政府信息管理。（四）平台建设：推进政府信息公开平台建设。"
       "（五）监督保障：落实工作考核、社会评议和责任追究制度。",
    2: "主动公开政府信息情况见下表。",
    3: "收到和处理政府信息公开申请情况见下表。",
    4: "政府信息公开行政复议、行政诉讼情况见下表。",
    5: "（一）存在的主要问题：政策解读形式较为单一，上一年度存在的问题已完成整改。"
       "（二）改进措施：下一步将丰富解读形式，加强业务培训。",
    6: "（一）本机关本年度未收取信息处理费。（二）人大代表建议和政协提案办理结果已按要求公开。"
       "（三）落实上级年度政务公开工作要点。（四）政务公开工作创新：开设政策解读专栏。",
}
EXAMPLE_KEYS = {"name", "expect", "report", "t2", "t3", "t4", "cells", "sections", "claims", "previous",
                "violations", "note"}
REPORT_KEYS = {"year", "format", "body_type", "published_on", "agency", "agency_id"}
DEFAULT_YEAR = {"2021": 2025, "2019": 2020, "legacy": 2017}


class FixtureError(Exception):
    pass


def _cell_value(v, where):
    """Example notation → (state, value, raw), as in tests/expected."""
    if v == "blank":
        return "blank", None, "/"
    if v == "missing":
        return "missing", None, None
    if v == "ambiguous":
        return "ambiguous", None, "?"
    if isinstance(v, dict) and "text" in v:
        return "text", v["text"], f"{v['text']}{v.get('unit', '件')}"
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return "number", v, str(v)
    raise FixtureError(f"{where}: {v!r} 应为数字、blank、missing、ambiguous 或 {{text: 数字}}")


def _table_rows(spec, tbl, cols, where):
    """{row: [values in column order]} or {row: {col: value}} → {(row, col): value}."""
    out = {}
    if not isinstance(spec, dict):
        raise FixtureError(f"{where}: 应是 行: 值 的映射")
    for row, values in spec.items():
        if isinstance(values, list):
            if len(values) != len(cols):
                raise FixtureError(f"{where}.{row}: {len(values)} 个值，应为 {len(cols)} 个（{', '.join(cols)}）")
            values = dict(zip(cols, values))
        if not isinstance(values, dict):
            raise FixtureError(f"{where}.{row}: 应是值的列表或 列: 值 的映射")
        for col, v in values.items():
            out[(str(row), str(col))] = v
    return out


def _default_format(rule):
    for f in ("2021", "2019"):
        if f in rule.formats:
            return f
    return (rule.formats or ["2021"])[0]


def _one(ex, rule, where, year=None, fmt=None, agency=None):
    unknown = set(ex) - EXAMPLE_KEYS
    if unknown:
        raise FixtureError(f"{where}: 未知字段 {sorted(unknown)[0]!r}")
    meta = ex.get("report") or {}
    if set(meta) - REPORT_KEYS:
        raise FixtureError(f"{where}.report: 未知字段 {sorted(set(meta) - REPORT_KEYS)[0]!r}")
    fmt = str(meta.get("format", fmt or _default_format(rule)))
    year = meta.get("year", year or DEFAULT_YEAR.get(fmt, 2025))
    report = {
        "id": "rexample" if agency is None else "rexampleprev", "source": "example", "sha256": "",
        "agency": meta.get("agency", agency or "示例市示例局"), "agency_id": meta.get("agency_id", "aexample"),
        "body_type": meta.get("body_type", "department"), "region": "示例市", "year": year,
        "format": None if fmt == "none" else fmt,
        "published_on": meta.get("published_on", f"{year + 1}-01-20" if isinstance(year, int) else None),
        "script": "simplified", "parse_status": "ok",
    }
    cells = {}
    if fmt in T.FORMATS:
        for tbl, row, col in T.template_cells(fmt):
            cells[(tbl, row, col)] = ("number", 0, "0")
        changes = {}
        t2 = ex.get("t2") or {}
        for row, cols in t2.items():
            for col, v in (cols or {}).items():
                changes[("t2", str(row), str(col))] = v
        for tbl, cols in (("t3", T.T3_COLS), ("t4", T.T4_COLS)):
            for (row, col), v in _table_rows(ex.get(tbl) or {}, tbl, cols, f"{where}.{tbl}").items():
                changes[(tbl, row, col)] = v
        for key, v in changes.items():
            if key not in cells:
                raise FixtureError(f"{where}: {fmt} 格式的模板没有单元格 {'/'.join(key)}（非模板单元格写在 cells 里）")
            cells[key] = _cell_value(v, f"{where}: {'/'.join(key)}")
    elif any(ex.get(t) for t in ("t2", "t3", "t4")):
        raise FixtureError(f"{where}: {fmt} 格式没有统计表模板")
    for i, c in enumerate(ex.get("cells") or [], 1):
        try:
            rows = ([r for t, r in dict.fromkeys((t, r) for t, r, _ in cells) if t == c["tbl"]]
                    if c["row_key"] == "*" else [c["row_key"]])
            for row in rows:
                cells[(c["tbl"], row, c["col_key"])] = _cell_value(c["value"], f"{where}.cells[{i}]")
        except (KeyError, TypeError):
            raise FixtureError(f"{where}.cells[{i}]: 应写成 {{tbl, row_key（* = 每一行）, col_key, value}}") from None
    sections = dict(BASE_SECTIONS)
    for no, text in (ex.get("sections") or {}).items():
        if no not in sections:
            raise FixtureError(f"{where}.sections: {no!r} 不是 0–6 的部分编号（0 = 前言）")
        sections[no] = text
    claims = []
    for i, c in enumerate(ex.get("claims") or [], 1):
        if not isinstance(c, dict) or "key" not in c or "value" not in c:
            raise FixtureError(f"{where}.claims[{i}]: 应写成 {{key, value, quote, section}}")
        claims.append({"report_id": report["id"], "key": c["key"], "value": c["value"],
                       "quote": c.get("quote", f"（例句）{c['key']} = {c['value']}"),
                       "section": c.get("section", 1), "offset": i * 10, "grp": c.get("group")})
    return {
        "report": report,
        "cells": [{"report_id": report["id"], "tbl": t, "row_key": r, "col_key": c, "value": v, "raw": raw,
                   "state": s, "line": n} for n, ((t, r, c), (s, v, raw)) in enumerate(cells.items(), 1)],
        "sections": [{"report_id": report["id"], "no": no, "title": T.SECTIONS[no]["title"] if no else "前言", "text": text,
                      "line": no} for no, text in sections.items() if text is not None],
        "claims": claims,
    }


def build(ex, rule):
    """The example's report, and its previous-year report when it has one."""
    current = _one(ex, rule, "example")
    out = [current]
    if ex.get("previous") is not None:
        prev = ex["previous"]
        if not isinstance(prev, dict):
            raise FixtureError("previous: 应是一个报告例子")
        year = current["report"]["year"]
        out.append(_one(prev, rule, "previous", year=(year - 1) if isinstance(year, int) else None,
                        fmt=current["report"]["format"], agency=current["report"]["agency"]))
        out[-1]["report"]["agency_id"] = (prev.get("report") or {}).get("agency_id", current["report"]["agency_id"])
    return out
