"""Document → a flat stream of cell tokens, whatever the layout.

Every layout seen in the wild reduces to "cells in reading order, sometimes with known row
ends": one value per line, pipe rows, one cell per line ending in " |", tab-indented Word
exports, "label 0 0 0" lines of borderless PDF tables (labels wrapped over lines joined
again), and real grids from HTML/DOCX/PDF. Rows are later tied together by their labels, never
by position alone; a ``BREAK`` only says "a row of the source ended here".
"""
import re
from functools import lru_cache

from ..normalize import clean_line
from ..pagenumbers import is_page_number, strip_glued
from .values import classify

CELL = "cell"
BREAK = "break"
RUN = "run"  # digits of several cells printed without separators (see runon.py)

_NBSP_ONLY = re.compile(r"^[ \t]*[\u00a0\u3000][\s\u00a0\u3000]*$")
# "label   0   0   12" or "label\t0\t0" on one line: trailing whitespace-separated values.
_TRAILING_VALUES = re.compile(r"^(?P<head>.*?[^\s\d.,/—－-])\s+(?P<values>(?:[\d.,/—－-]+\s+)*[\d.,/—－-]+)\s*$")


_VALUE_END = set("0123456789.,/—－-")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_VALUE = re.compile(r"^(?:\d+(?:\.\d+)?|[/—－-])$")
_PIPES_ONLY = re.compile(r"^\s*\|(?:\s*\|)*\s*$")
_CELL_THEN_PIPE = re.compile(r"^[^|]*[^|\s][^|]*\|\s*$")


class Token:
    """One cell, row end or digit run. A plain class with __slots__ rather than a dataclass:
    a report makes a thousand of them, and a dataclass's __init__ costs half as much again."""
    __slots__ = ("kind", "text", "line")

    def __init__(self, kind, text="", line=0):
        self.kind = kind
        self.text = text
        self.line = line

    def __eq__(self, other):
        if not isinstance(other, Token):
            return NotImplemented
        return (self.kind, self.text, self.line) == (other.kind, other.text, other.line)

    __hash__ = None  # mutable, compared by value (as the dataclass it replaces)

    def __repr__(self):
        return f"Token(kind={self.kind!r}, text={self.text!r}, line={self.line!r})"


def _pipe_cells(raw):
    """Cells of a line holding '|' separators; empty pieces are layout padding."""
    pieces = raw.split("|")
    if raw.rstrip().endswith("|"):
        pieces = pieces[:-1]
    cells = []
    for piece in pieces:
        if piece == "":
            continue
        cells.append(clean_line(piece))
    return cells


# Lines this short are table labels, values and headings: the same few hundred texts recur in
# every report, so their cells are worked out once per process. Longer (narrative) lines are
# never cached, so memory stays flat however many reports are parsed.
SHORT_LINE = 64


def read_line(raw, is_label=None, cell_per_line=False):
    """(cells, lone) of one text line as a document holds it, or None for a page number left
    by PDF text extraction (read as if absent: a label may wrap across it). A page number glued
    to the line's end is dropped first. ``cells``: the line's tokens as (kind, text) pairs,
    without a line number so that they can be shared; ``lone``: whether the line is one piece
    of text that may be the start of a label wrapped onto the next line.

    ``is_label`` (a callable on text) lets a "label 0 0 0" line be split into its cells;
    without it such a line is one cell. With ``cell_per_line`` (every cell printed as
    "text |") a bare "|" is an empty cell and "||" ends a row.
    """
    if len(raw) <= SHORT_LINE:
        return _cached_read_line(raw, is_label, cell_per_line)
    return _read_line(raw, is_label, cell_per_line)


@lru_cache(maxsize=1 << 14)
def _cached_read_line(raw, is_label, cell_per_line):
    return _read_line(raw, is_label, cell_per_line)


def _read_line(raw, is_label, cell_per_line):
    if is_page_number(raw):
        return None
    return _line_cells(strip_glued(raw), is_label, cell_per_line)


def _line_cells(raw, is_label, cell_per_line):
    cells = tuple(_split_line(raw, is_label, cell_per_line))
    return cells, _lone_text(cells, is_label)


def _split_line(raw, is_label, cell_per_line):
    """The (kind, text) pairs of one line (see ``read_line``)."""
    if cell_per_line and _PIPES_ONLY.match(raw):
        return [(CELL, "")] if raw.count("|") == 1 else [(BREAK, "")]
    if "|" in raw:
        cells = _pipe_cells(raw)
        out = [(CELL, c) for c in cells]
        if len(cells) >= 2:
            out.append((BREAK, ""))
        return out
    text = clean_line(raw)
    if not text:
        # A line of non-breaking spaces is an empty cell; a truly empty line only separates.
        return [(CELL, "")] if _NBSP_ONLY.match(raw) else []
    if classify(text) is not None:
        return [(CELL, text)]  # a lone value, the commonest line in a table
    if "\t" in text:
        parts = [p.strip() for p in text.split("\t") if p.strip()]
        if len(parts) >= 2:
            return [(CELL, p) for p in parts] + [(BREAK, "")]
    if is_label is not None:
        row = _labelled_cells(text, is_label)
        if row:
            return row
        pieces = text.split()
        if sum(1 for p in pieces if _NUMBER.match(p)) >= 2 and all(_VALUE.match(p) for p in pieces):
            # "0 0 0 0 0" on a line of its own (Table 四's data row in a borderless PDF)
            return [(CELL, p) for p in pieces] + [(BREAK, "")]
    return [(CELL, text)]


def labelled_row(text, line, is_label, prefix=""):
    """"label 0 0 0" as tokens, or None. The label may follow a group label ("（三）不予公开
    8.属于行政查询事项 0 0 …", a borderless PDF table) and may have begun on earlier lines
    (``prefix``: "2.其他法律行政法规禁" + "止公开 0 0 …")."""
    cells = _labelled_cells(text, is_label, prefix)
    return [Token(kind, cell, line) for kind, cell in cells] if cells else None


def _labelled_cells(text, is_label, prefix=""):
    """``labelled_row`` as (kind, text) pairs, or None."""
    if text[-1:] not in _VALUE_END:  # cheap test before a regex that backtracks on long lines
        return None
    m = _TRAILING_VALUES.match(text)
    if not m:
        return None
    parts = m.group("head").split()
    for k in range(len(parts)):
        label = prefix + " ".join(parts[k:])
        if is_label(label):
            junk = [(CELL, " ".join(parts[:k]))] if k else []
            values = [(CELL, v) for v in m.group("values").split()]
            return junk + [(CELL, label)] + values + [(BREAK, "")]
    return None


def _cell_per_line(doc):
    """Is this the "one cell per line, each ending in ' |'" export (corpus 003)?"""
    found = 0
    for b in doc.blocks:
        # The '|' test first: the regex alone backtracks badly over long narrative lines.
        if b.kind == "line" and "|" in b.text and _CELL_THEN_PIPE.match(b.text):
            found += 1
            if found >= 10:
                return True
    return False


def _lone_text(cells, is_label):
    """A line that is one piece of text: maybe the start of a label wrapped onto the next line."""
    if len(cells) != 1 or is_label is None:
        return False
    kind, text = cells[0]
    return bool(kind == CELL and text and classify(text) is None and not is_label(text))


def document_tokens(doc, is_label=None, runs=frozenset()):
    """``runs``: indexes of the line blocks that are digit runs (runon.split_document); each
    is one RUN token, its spaces not cell boundaries. Page numbers left by PDF text extraction
    are dropped, on their own line or glued to a row's end."""
    tokens = []
    cell_per_line = _cell_per_line(doc)
    wrapped = []  # the last lines of lone text (at most 3): a label may have begun there
    consumed = set()  # lines already read as the end of a label wrapped around its numbers
    for k, block in enumerate(doc.blocks):
        if k in runs:
            tokens.append(Token(RUN, clean_line(block.text), block.line))
            continue
        if k in consumed:
            continue
        if block.kind == "line":
            read = read_line(block.text, is_label, cell_per_line)
            if read is None or not read[0]:
                continue  # a page number (as if absent: a label may wrap across it) or no text
            cells, lone = read
            toks = [Token(kind, text, block.line) for kind, text in cells]
            # Only a line ending in a value can end a wrapped label's row (see _labelled_cells).
            if wrapped and lone and toks[0].text[-1:] in _VALUE_END:
                for start in range(len(wrapped)):
                    row = labelled_row(toks[0].text, block.line, is_label,
                                       "".join(t.text for t in tokens[len(tokens) - len(wrapped) + start:]))
                    if row:
                        del tokens[len(tokens) - len(wrapped) + start:]
                        toks, lone = row, False  # the wrapped label is whole again
                        break
            if wrapped or lone:
                around = _label_around_values(doc.blocks, k, cells, [t.text for t in tokens[len(tokens) - len(wrapped):]],
                                              is_label, cell_per_line)
                if around:
                    label, values, used, following = around
                    if used:
                        del tokens[len(tokens) - len(wrapped) + used[0]:len(tokens) - len(wrapped) + used[1] + 1]
                    toks = [Token(CELL, label, block.line)] + [Token(CELL, v, block.line) for v in values]
                    toks.append(Token(BREAK, line=block.line))
                    consumed.update(following)
                    lone = False
            tokens.extend(toks)
            wrapped = (wrapped + [k])[-3:] if lone else []
            continue
        wrapped = []
        for row in block.rows:
            for cell in row:
                if cell.origin:
                    tokens.append(Token(CELL, clean_line(cell.text), cell.line or block.line))
            tokens.append(Token(BREAK, line=block.line))
    return tokens


WRAP_LINES = 3  # a label wraps over at most this many lines before and after its numbers


def _label_around_values(blocks, k, cells, before, is_label, cell_per_line):
    """A row label wrapped *around* its numbers by PDF text extraction::

        5.要求行政机关确认或重新出
        1 0 0 0 0 0 1
        具已获取信息

    Line ``k`` holds the numbers (after the label's middle, if any); ``before``: the texts of
    the lone lines just above it. Returns (label, values, (first, last) of ``before`` used or
    None, indexes of the lines after it used), or None. The label must begin before or on
    line ``k`` and end after it, and be a whole label once joined (so a table's next label,
    or a lone data row such as Table 四's, is never taken for a label's end).
    """
    if is_label is None:
        return None
    if cells and cells[-1][0] == BREAK and all(_VALUE.match(t) for kind, t in cells if kind == CELL):
        head, values = "", [t for kind, t in cells if kind == CELL]
    elif len(cells) == 1 and cells[0][1][-1:] in _VALUE_END:
        m = _TRAILING_VALUES.match(cells[0][1])
        if not m:
            return None
        head, values = m.group("head").strip(), m.group("values").split()
    else:
        return None
    if not head and not before:
        return None
    following = []
    for j in range(k + 1, min(k + 1 + WRAP_LINES, len(blocks))):
        if blocks[j].kind != "line":
            break
        read = read_line(blocks[j].text, is_label, cell_per_line)
        if read is None:
            continue  # a page number
        after, lone = read
        if not lone:
            break
        following.append((j, after[0][1]))
    starts = [None] + [(first, last) for last in reversed(range(len(before))) for first in range(last + 1)]
    for n in range(1, len(following) + 1):
        suffix = "".join(text for _, text in following[:n])
        for used in starts:
            prefix = "".join(before[used[0]:used[1] + 1]) if used else ""
            if (prefix or head) and is_label(prefix + head + suffix):
                return prefix + head + suffix, values, used, [j for j, _ in following[:n]]
    return None
