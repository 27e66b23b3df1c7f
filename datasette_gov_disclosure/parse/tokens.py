"""Document → a flat stream of cell tokens, whatever the layout.

Every layout seen in the wild reduces to "cells in reading order, sometimes with known row
ends": one value per line, pipe rows, one cell per line ending in " |", tab-indented Word
exports, and real grids from HTML/DOCX. Rows are later tied together by their labels, never
by position alone; a ``BREAK`` only says "a row of the source ended here".
"""
import re
from dataclasses import dataclass

from ..normalize import clean_line

CELL = "cell"
BREAK = "break"
RUN = "run"  # digits of several cells printed without separators (see runon.py)

_NBSP_ONLY = re.compile(r"^[ \t]*[\u00a0\u3000][\s\u00a0\u3000]*$")
# "label   0   0   12" or "label\t0\t0" on one line: trailing whitespace-separated values.
_TRAILING_VALUES = re.compile(r"^(?P<head>.*?[^\s\d.,/—－-])\s+(?P<values>(?:[\d.,/—－-]+\s+)*[\d.,/—－-]+)\s*$")


_PIPES_ONLY = re.compile(r"^\s*\|(?:\s*\|)*\s*$")
_CELL_THEN_PIPE = re.compile(r"^[^|]*[^|\s][^|]*\|\s*$")


@dataclass
class Token:
    kind: str
    text: str = ""
    line: int = 0


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


def line_tokens(raw, line, is_label=None, cell_per_line=False):
    """Tokens of one text line.

    ``is_label`` (a callable on text) lets a "label 0 0 0" line be split into its cells;
    without it such a line is one cell. With ``cell_per_line`` (every cell printed as
    "text |") a bare "|" is an empty cell and "||" ends a row.
    """
    if cell_per_line and _PIPES_ONLY.match(raw):
        return [Token(CELL, "", line)] if raw.count("|") == 1 else [Token(BREAK, line=line)]
    if "|" in raw:
        cells = _pipe_cells(raw)
        out = [Token(CELL, c, line) for c in cells]
        if len(cells) >= 2:
            out.append(Token(BREAK, line=line))
        return out
    text = clean_line(raw)
    if not text:
        # A line of non-breaking spaces is an empty cell; a truly empty line only separates.
        return [Token(CELL, "", line)] if _NBSP_ONLY.match(raw) else []
    if "\t" in text:
        parts = [p.strip() for p in text.split("\t") if p.strip()]
        if len(parts) >= 2:
            return [Token(CELL, p, line) for p in parts] + [Token(BREAK, line=line)]
    if is_label is not None:
        m = _TRAILING_VALUES.match(text)
        if m and is_label(m.group("head")):
            values = m.group("values").split()
            return ([Token(CELL, m.group("head").strip(), line)]
                    + [Token(CELL, v, line) for v in values] + [Token(BREAK, line=line)])
    return [Token(CELL, text, line)]


def _cell_per_line(doc):
    """Is this the "one cell per line, each ending in ' |'" export (corpus 003)?"""
    texts = [b.text for b in doc.blocks if b.kind == "line"]
    return sum(1 for t in texts if _CELL_THEN_PIPE.match(t)) >= 10


def document_tokens(doc, is_label=None, runs=frozenset()):
    """``runs``: indexes of the line blocks that are digit runs (runon.split_document); each
    is one RUN token, its spaces not cell boundaries."""
    tokens = []
    cell_per_line = _cell_per_line(doc)
    for k, block in enumerate(doc.blocks):
        if k in runs:
            tokens.append(Token(RUN, clean_line(block.text), block.line))
            continue
        if block.kind == "line":
            tokens.extend(line_tokens(block.text, block.line, is_label, cell_per_line))
            continue
        for row in block.rows:
            for cell in row:
                if cell.origin:
                    tokens.append(Token(CELL, clean_line(cell.text), cell.line or block.line))
            tokens.append(Token(BREAK, line=block.line))
    return tokens
