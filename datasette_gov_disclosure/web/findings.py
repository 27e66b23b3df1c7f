"""A report's findings as the report page and the rectification notice present them: grouped by
rule, counted as problems (errors, warnings) apart from suggestions, and the parse notes that say
why a cell could not be read."""
import datetime
import json

from . import layout, wording

SKIPPED_REASON = "本报告不在规则适用范围内，或规则所需的单元格未能读出"
COLLAPSE_OVER = 5  # a rule with more findings than this is shown folded
CHINA = datetime.timezone(datetime.timedelta(hours=8))


def by_rule(violations, rules):
    """Findings grouped by rule, worst rule first, each group with its rule's title, basis and remedy."""
    groups = {}
    for v in violations:
        g = groups.get(v["rule_id"])
        if g is None:
            rule = rules.get(v["rule_id"], {})
            g = groups[v["rule_id"]] = {
                "rule_id": v["rule_id"], "title": rule.get("title") or v.get("rule_title") or "",
                "severity": v["severity"], "basis": rule.get("basis"), "remedy": rule.get("remedy"),
                "rule_url": v.get("rule_url"), "items": []}
        g["severity"] = layout.worst([g["severity"], v["severity"]])
        g["items"].append(v)
    out = sorted(groups.values(), key=lambda g: (layout.SEVERITY_ORDER.get(g["severity"], 9), g["rule_id"]))
    for i, g in enumerate(out, 1):
        g["collapsed"] = len(g["items"]) > COLLAPSE_OVER
        g["numeral"] = numeral(i)
    return out


def numeral(n):
    """1 → 一, 12 → 十二, 46 → 四十六: the headings of an official document (n < 100)."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else digits[tens] + "十")
    return head + (digits[ones] if ones or not head else "")


def counts(violations):
    """Errors and warnings are problems; info findings are suggestions (建议), counted apart."""
    found = {s: 0 for s in layout.SEVERITY_ORDER}
    for v in violations:
        found[v["severity"]] = found.get(v["severity"], 0) + 1
    return dict(found, problems=found["error"] + found["warning"])


def skipped_by_reason(rep, skipped):
    """The rules that could not judge a report, grouped under the reason (the audit's, else what
    the rule's formats tell, else the general one): one line per reason, not per rule."""
    groups = {}
    for s in skipped:
        reason = s.get("reason") or _format_reason(rep, json_list(s.get("formats"))) or SKIPPED_REASON
        groups.setdefault(reason, []).append(s)
    return [{"reason": reason, "rules": rules} for reason, rules in groups.items()]


def _format_reason(rep, formats):
    if formats and rep.get("format") not in formats:
        names = "、".join(wording.format_name(f) for f in formats)
        return f"只适用于 {names}的报告，本报告使用的是 {wording.format_name(rep.get('format'))}"
    return None


def parse_notes(rep, cells):
    """Why cells show ？, 缺 or words instead of a number, and what the reader could not do."""
    fmt = rep["format"]
    order = wording.template_order(fmt)
    notes = []
    for c in sorted((c for c in cells if c["state"] in wording.STATE_REASONS),
                    key=lambda c: order.get((c["tbl"], c["row_key"], c["col_key"]), 10 ** 6)):
        text = wording.STATE_REASONS[c["state"]]
        if c["state"] == "ambiguous":
            text += _candidates(c)
        if c.get("raw") and c["state"] != "missing":
            text += f"；原文“{wording.clip(c['raw'], 40)}”"
        if c.get("line"):
            text += f"（第 {c['line']} 行）"
        notes.append({"tbl": c["tbl"], "row_key": c["row_key"], "col_key": c["col_key"],
                      "where": layout.locator_text(fmt, c["tbl"], c["row_key"], c["col_key"]),
                      "mark": layout.cell_text(c), "text": text})
    general = []
    if rep.get("parse_error"):
        general.append(rep["parse_error"])
    for note in json_list(rep.get("notes")):
        if "ambiguous" not in note:  # ambiguous runs are listed cell by cell above
            general.append(wording.note_text(note, fmt, layout.row_label))
    return notes + [{"where": "整份报告", "text": g, "mark": ""} for g in general]


def _candidates(cell):
    found = json_list(cell.get("candidates"))
    return f"，可能的拆分有 {len(found)} 种" if found else "，没有一种拆分符合该行的合计关系"


def json_list(text):
    """A JSON list stored as text (a lone value or unreadable text becomes a list of one)."""
    try:
        value = json.loads(text) if text else []
    except ValueError:
        return [text]
    return value if isinstance(value, list) else [value]


def date_line(today=None):
    """The date an official document is signed with, in China's time zone: 2026年12月3日."""
    d = today or datetime.datetime.now(CHINA).date()
    return f"{d.year}年{d.month}月{d.day}日"
