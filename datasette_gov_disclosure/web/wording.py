"""How a finding's two numbers and its quotes are put into words on the pages.

A finding stores an ``observed`` and an ``expected`` value; what they are depends on the rule
(a narrative figure against a table cell, a total against the sum of its parts, the cells a row
has against the cells it should have). A reader must see that, never a bare 表中值 / 应为.
"""
import re

from .. import formats as T
from . import layout

# (observed, expected) names. None: the value is not shown (it says nothing by itself).
BY_RULE = {
    "T3-001": ("本年新收＋上年结转", "办理结果总计＋结转下年度"),
    "T3-002": ("总计", "各类申请人之和"),
    "T3-003": ("办理结果总计", "各项办理结果之和"),
    "T3-008": ("法人或其他组织小计", "五类组织之和"),
    "T4-001": ("总计", "分项之和"),
    "T4-002": ("总计", "分项之和"),
    "T4-003": ("总计", "分项之和"),
    "T2-006": ("对外公开总数量", "本年新公开数量"),
    "T2-002": ("表中填写", "折合万元应填"),
    "T2-003": ("现行有效件数", "按上年推算应为"),
    "T2-004": ("本年废止件数", "可废止的文件数"),
    "T3-005": ("办结或结转件数", "可办理的申请数（一＋二）"),
    "T3-006": ("各列收支差额", None),
    "T3-007": ("本年“上年结转”", "上一年度“结转下年度”"),
    "T3-011": ("结转下年度", "本年新收"),
    "TEXT-001": ("叙述中的总数", "叙述中的分项之和"),
    "TEXT-003": ("统计期限写作", "报告年度"),
    "TEXT-004": ("出现的往年年份", "报告年度"),
    "TEXT-009": ("雷同字数", None),
    "PUB-004": ("发布日期", "不应早于"),
    "STRUCT-010": ("空白的栏目", None),
    "STRUCT-006": ("缺项的单元格数", "所在各行应有的单元格数"),
    "STRUCT-007": ("未填数字的单元格数", "所在各行的单元格总数"),
}
BY_KIND = {
    "claim_vs_cells": ("叙述称", "表中为"),
    # the sentence says something ("均获维持", "未制发") rather than a number: its phrase is in the
    # message; the 0 stored as expected is what it implies, not what it says
    "statement_vs_cells": ("表中合计", None),
    "sum_identity": ("总数", "分项之和"),
    "cell_domain": ("表中为", None),
    "section_keywords": ("该部分开头", None),
    "text_contains": ("出现的文字", None),
    "sections_present": (None, "缺少的部分"),
    "deadline": ("发布日期", "最迟应于"),
    "template_year": ("使用的格式", "应使用的格式"),
}
# cell_state per table (STRUCT-006, STRUCT-007): the cells without a number against all cells of
# the rows they sit in; per cell (STRUCT-008): the text found in the cell.
CELL_STATE_TABLE = ("没有数字的单元格数", "所在各行的单元格总数")
CELL_STATE_CELL = ("原文为", None)
FALLBACK = ("报告中为", "应为")

FORMAT_NAMES = {"2019": "2019 年格式（试行）", "2021": "2021 年格式", "legacy": "2019 年以前的旧统计表"}
QUOTE_LIMIT = 60
_CLAUSE_END = "。！？!?"     # kept before the …
_CLAUSE_BREAK = "，、；：,;:"  # dropped before the …


def value_labels(rule_id, kind, expected=None):
    """(observed label, expected label) for a finding of this rule."""
    if rule_id in BY_RULE:
        return BY_RULE[rule_id]
    if kind == "cell_state":
        return CELL_STATE_TABLE if expected is not None else CELL_STATE_CELL
    return BY_KIND.get(kind, FALLBACK)


def clip(text, limit=QUOTE_LIMIT):
    """A quote cut at the last clause boundary within ``limit`` characters, marked with …."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    head = text[:limit]
    cut = max(head.rfind(ch) for ch in _CLAUSE_END + _CLAUSE_BREAK)
    if cut >= limit // 3:
        kept = head[:cut + 1] if head[cut] in _CLAUSE_END else head[:cut]
    else:  # no boundary early enough: never cut inside a number
        kept = re.sub(r"[\d.,，]+$", "", head) or head
    return kept.rstrip() + "…"


def shown_value(value, kind=None, role="observed"):
    """A finding's value as the pages print it: numbers plain, formats and sections named, quotes clipped."""
    if value is None or value == "":
        return None
    if kind == "template_year" and str(value) in FORMAT_NAMES:
        return FORMAT_NAMES[str(value)]
    if kind == "sections_present" and role == "expected":
        try:
            return f"第{T.NUMERALS[int(float(value)) - 1]}部分"
        except (ValueError, IndexError):
            return str(value)
    if isinstance(value, (int, float)):
        return layout.number_text(value)
    return clip(value)


def describe(v, kind=None):
    """The labelled values of one finding: [{"label", "text"}], the ones worth showing. A quote
    the message already gives (the opening of a part, a template's placeholder words) is not
    printed a second time beside it."""
    observed_label, expected_label = value_labels(v.get("rule_id"), kind, v.get("expected"))
    message = v.get("message") or ""
    out = []
    for role, label in (("observed", observed_label), ("expected", expected_label)):
        value = v.get(role)
        text = shown_value(value, kind, role)
        if isinstance(value, str) and _quoted(value, message):
            continue
        if label and text is not None:
            out.append({"label": label, "text": text})
    return out


def basis_parts(basis):
    """A rule's stored basis as the paragraphs it is made of: one per different text when the
    basis differs by format (the catalogue puts each on its own line, led by its formats)."""
    return [line for line in (basis or "").split("\n") if line.strip()]


QUOTED_PREFIX = 24  # a message quoting a text's first this many characters quotes the text


def _quoted(value, message):
    """Does the message already quote ``value``, whole or by its beginning (clipped with …)?"""
    value, message = " ".join(value.split()), " ".join(message.split())
    return len(value) > 1 and value[:QUOTED_PREFIX] in message


# ------------------------------------------------------------------ parse notes
TABLES = {"t2": "表二", "t3": "表三", "t4": "表四"}
_NOTE_KEY = re.compile(r"\b(t[234]) 行 ([A-Za-z_.]+) ")


def note_text(note, fmt, row_label):
    """A parser note with its table and row keys replaced by the form's words."""
    def named(m):
        return f"{TABLES[m.group(1)]}“{row_label(fmt, m.group(1), m.group(2)) or '未知行'}”行"

    return _NOTE_KEY.sub(lambda m: named(m), note)


STATE_REASONS = {
    "missing": "报告中没有这个单元格",
    "ambiguous": "数字连在一起，有不止一种拆分方式，无法确定各格的数",
    "text": "单元格中是文字而不是数字",
}


def format_name(fmt):
    return FORMAT_NAMES.get(fmt, fmt or "未识别")


def template_order(fmt):
    return {k: i for i, k in enumerate(T.template_cells(fmt))} if fmt in T.FORMATS else {}
