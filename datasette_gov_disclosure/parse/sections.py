"""The six numbered sections of a report (FORMAT.md §2), with their title variants."""
import re
from dataclasses import dataclass

from .. import formats as T
from ..formats import NUMERALS
from ..normalize import label_key

_HEADING = re.compile(r"^(?P<num>[一二三四五六])[、.,](?P<title>.+)$")
# The first test of heading_number, done in C on every line of a report.
_NUMBERED = re.compile(r"[ \t\u3000\u00a0]*[一二三四五六]")
# What a line _NUMBERED matches can start with: most lines are let go without the regex call.
_HEADING_START = frozenset("一二三四五六 \t\u3000\u00a0")
MAX_HEADING_KEY = 40  # no heading is longer once keyed (label_key)
# label_key keeps every CJK ideograph: a line with more of them than a heading's key can hold
# is not keyed at all (NFKC of a long narrative line with a "，" costs ~0.4 µs a character).
_IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")
_TITLE_KEYS = {
    no: {label_key(t) for t in [spec["title"], *spec["aliases"]]} for no, spec in T.SECTIONS.items()
}


@dataclass
class Section:
    no: int
    title: str
    line: int      # line of the heading
    start: int     # index of the first line after the heading (in the line list)
    end: int = 0   # index one past the last line
    text: str = ""


def heading_number(text):
    """The section number a line announces, or None. Table rows such as
    "四、结转下年度继续办理" share the numbering but not the title."""
    stripped = text.lstrip(" \t\u3000\u00a0")
    if not stripped or stripped[0] not in NUMERALS:
        return None
    if len(text) > MAX_HEADING_KEY and len(_IDEOGRAPH.findall(text)) > MAX_HEADING_KEY:
        return None
    key = label_key(text)
    if len(key) > MAX_HEADING_KEY:
        return None
    m = _HEADING.match(key)
    if not m:
        return None
    no = NUMERALS.index(m.group("num")) + 1
    title = m.group("title")
    if title in _TITLE_KEYS[no]:
        return no
    for words in T.SECTION_KEYWORDS[no]:
        if all(w in title for w in words) and not title.endswith(("数量", "办理", "处理", "结果")):
            return no
    return None


def find_sections(lines):
    """``lines`` is [(line_no, text)]. Returns the sections found, in document order.

    A heading immediately followed by the next section's heading is a table-of-contents
    entry (some pages list all titles up front) and is skipped.
    """
    candidates = [(i, heading_number(text)) for i, (_, text) in enumerate(lines)
                  if text[:1] in _HEADING_START and _NUMBERED.match(text)]
    candidates = [(i, no) for i, no in candidates if no]
    skip = set()
    run = []
    for k, (i, no) in enumerate(candidates + [(-2, 0)]):
        if run and i == candidates[run[-1]][0] + 1:
            run.append(k)
            continue
        if len(run) >= 3:
            later = {n for _, n in candidates[run[-1] + 1:]}
            if {candidates[r][1] for r in run} <= later:
                skip.update(run)
        run = [k]
    chosen = []
    for k, (i, no) in enumerate(candidates):
        if k in skip or (chosen and chosen[-1].no >= no):
            # A contents list, or the same number again after real content: keep the first.
            continue
        chosen.append(Section(no, lines[i][1].strip(), lines[i][0], i + 1))
    for a, b in zip(chosen, chosen[1:]):
        a.end = b.start - 1
    if chosen:
        chosen[-1].end = len(lines)
    for s in chosen:
        s.text = "\n".join(text for _, text in lines[s.start:s.end]).strip()
    return chosen


def section_of(sections, index):
    """The number of the section containing line index ``index`` (0 = before section 一)."""
    no = 0
    for s in sections:
        if s.start - 1 <= index:
            no = s.no
    return no
