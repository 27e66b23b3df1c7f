"""Numbers the narrative states about the tables ("共受理申请31件", "行政复议3件").

Precision over recall: each pattern names what is counted right next to the number, and a
clause about guiding others ("指导各部门办理200余件") is never read as this body's count.
"""
import re
from dataclasses import dataclass
from typing import Optional

from .numerals import to_int

NUM = r"(?P<n>\d+|[零〇一二两三四五六七八九十百千]+)"
_GAP = r"[^，,。；;：:]{0,14}?"
# A clause about guiding others. ("全市共受理…" in a city's own report is its own count.)
_NOT_OWN = re.compile(r"指导|督促|帮助|协助|各镇|各部门|各单位|各乡镇")

# (key, pattern, words). The number must be followed by 件 directly ("200余件" is not a count).
# ``words``: every match contains one of them, and a text without any is not searched. That
# matters for a pattern starting with the number: it is tried at every position otherwise.
_PATTERNS = [
    ("t3.open_partial", re.compile(r"予以公开(?:和|及|与|、)部分公开" + _GAP + NUM + r"\s*件"), None),
    ("t3.carry_in.total", re.compile(r"上一?年度?结转" + _GAP + NUM + r"\s*件"), None),
    ("t3.carry_out.total", re.compile(r"结转(?:至|到)?(?:下一?年度?|(?:19|20)\d\d\s*年度?)" + _GAP + NUM + r"\s*件"), None),
    # "另有72件申请按照《条例》顺延到下年度答复": the number comes first.
    ("t3.carry_out.total", re.compile(NUM + r"\s*件[^，,。；;]{0,12}?(?:顺延|结转)(?:到|至)下一?年度?"),
     ("顺延到下", "顺延至下", "结转到下", "结转至下")),
    ("t3.new.total", re.compile(
        r"(?:新收|受理|收到|接收|接到)(?:了)?" + _GAP +
        r"(?:政府信息公开申请|信息公开申请|依申请公开申请|依申请公开|公开申请|申请)"
        r"(?:共|共计|数量为|数为|为)?\s*" + NUM + r"\s*件"), None),
    ("t3.r.total.total", re.compile(r"(?:办结|答复|办理完毕)" + r"(?:申请|政府信息公开申请)?(?:共|共计)?\s*" + NUM + r"\s*件"), None),
    ("t4.rev.total", re.compile(r"行政复议(?:案件|申请)?(?:共|共计|数量为|为)?\s*" + NUM + r"\s*(?:件|起)"), None),
    ("t4.lit.total", re.compile(r"行政诉讼(?:案件)?(?:共|共计|数量为|为)?\s*" + NUM + r"\s*(?:件|起)"), None),
    # "行政复议7件，诉讼9件": 诉讼 right after the review count means lawsuits.
    ("t4.lit.total", re.compile(r"行政复议[^，,。；;]{0,8}?\d+\s*[件起][，,、]\s*诉讼(?:案件)?\s*" + NUM + r"\s*(?:件|起)"), None),
]
_NO_APPLICATION = re.compile(
    r"未(?:收到|接到|受理|发生)(?:任何)?(?:有关)?(?:公民、法人或其他组织(?:提出)?的)?(?:政府信息公开|依申请公开|信息公开)?申请"
    r"(?![^，。；]*(?:复议|诉讼))")
_NO_REVIEW = re.compile(r"(?:未|没有)(?:收到|发生|被申请|出现|产生)?[^，。；]{0,16}?行政复议")
_NO_LAWSUIT = re.compile(r"(?:未|没有)(?:收到|发生|被|出现|产生)?[^。；]{0,24}?行政诉讼")
_PROACTIVE = re.compile(
    r"(?:主动公开|公开政府信息|公布政府信息)" + _GAP + r"(?:共|共计)?\s*(?P<n>\d+|[零〇一二两三四五六七八九十百千万]+)\s*条"
    r"\s*[，,。]\s*(?P<paren>[(（])?\s*其中\s*[，,:：]?(?P<rest>[^。；]*)")
_PART = re.compile(r"(?P<n>\d+|[零〇一二两三四五六七八九十百千万]+)\s*条")
# Blanks (spaces, tabs, at least one line break) after a character that ends no sentence and
# before one that starts no list item. The pattern begins with the blank itself rather than a
# lookbehind, so that re skips in C to the next blank instead of trying every position: same
# matches as (?<=[^。；;！!？?：:\s])[ \t]*\n(?:[ \t]*\n)*[ \t]*(?=…), 2x faster.
_WRAPPED = re.compile(
    r"[ \t\n](?<=[^。；;！!？?：:\s][ \t\n])"  # the first blank, after a character ending no sentence
    r"(?:(?<=\n)[ \t\n]*|[ \t]*\n[ \t\n]*)"  # the other blanks, with at least one line break
    r"(?=[^\s（(一二三四五六七八九十\d])")  # before a character starting no list item
_SENTENCE_END = re.compile(r"[。；;!！?？\n]")


def _parts(text, m, total):
    """(start, end, value) of the parts of a "共X条，其中A条、B条…" list.

    The list ends with its sentence (or its parenthesis). When its parts fall short of the
    total, a following sentence that opens with another part ("…1509条，占71.11%。各乡镇…613条")
    continues it, as long as the sum stays within the total.
    """
    rest_start = m.start("rest")
    rest = m.group("rest")
    if m.group("paren"):
        close = re.search(r"[)）]", rest)
        rest = rest[:close.start()] if close else rest
    found = [(rest_start + p.start("n"), rest_start + p.end(), to_int(p.group("n"))) for p in _PART.finditer(rest)]
    pos = rest_start + len(m.group("rest"))
    while total is not None and found and sum(v for _, _, v in found) < total and pos < len(text):
        nxt = re.match(r"[。；;]([^。；;]*)", text[pos:])
        first = _PART.search(nxt.group(1).split("，")[0].split(",")[0]) if nxt else None
        if first is None:
            break
        more = [(pos + 1 + p.start("n"), pos + 1 + p.end(), to_int(p.group("n"))) for p in _PART.finditer(nxt.group(1))]
        if sum(v for _, _, v in found + more) > total:
            break
        found += more
        pos += len(nxt.group(0))
    return found


@dataclass
class Claim:
    key: str
    value: int
    quote: str
    section: int
    offset: int
    group: Optional[int] = None


def _sentence(text, start, end):
    """The sentence around text[start:end]."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    m = _SENTENCE_END.search(text, end)
    right = m.end() if m else len(text)
    return text[left:right].strip()


def _clause(text, start):
    left = max(text.rfind(c, 0, start) for c in "，,。；;\n")
    return text[left + 1:start]


def unwrap(text):
    """Join lines a PDF wrapped mid-sentence ("答\n复 3050 件"): a line break not after a
    sentence end is not a boundary. Offsets of claims refer to this joined text."""
    return _WRAPPED.sub("", text)


def find_claims(text, section):
    """Claims in the text of one section (0 = the preamble)."""
    text = unwrap(text)
    found = []
    group = 0
    taken = set()

    def add(key, value, start, end, grp=None):
        if value is None or (key, start) in taken:
            return
        taken.add((key, start))
        found.append(Claim(key, value, _sentence(text, start, end), section, start, grp))

    for m in _PROACTIVE.finditer(text):
        group += 1
        total = to_int(m.group("n"))
        add("proactive.total", total, m.start("n"), m.end(), group)
        for start, end, value in _parts(text, m, total):
            add("proactive.part", value, start, end, group)
    for key, pattern, words in _PATTERNS:
        if words and not any(w in text for w in words):
            continue
        for m in pattern.finditer(text):
            if _NOT_OWN.search(_clause(text, m.start()) + m.group(0)):
                continue
            add(key, to_int(m.group("n")), m.start("n"), m.end())
    for m in _NO_APPLICATION.finditer(text):
        add("t3.new.total", 0, m.start(), m.end())
    # A denial is located at the word it denies, so "未收到…行政复议、…行政诉讼" keeps text order.
    # (Each ends with the word it denies: a text without the word is not searched.)
    for m in _NO_REVIEW.finditer(text) if "行政复议" in text else ():
        add("t4.rev.total", 0, m.end() - len("行政复议"), m.end())
    for m in _NO_LAWSUIT.finditer(text) if "行政诉讼" in text else ():
        add("t4.lit.total", 0, m.end() - len("行政诉讼"), m.end())
    found.sort(key=lambda c: (c.offset, c.key))
    return found
