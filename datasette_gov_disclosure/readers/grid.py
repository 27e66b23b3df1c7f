"""Merged table cells → a full grid (HTML rowspan/colspan).

A merged cell covers several grid positions. ``expand`` fills every covered position with a
copy marked ``origin=False``, so that a value is read once while a label spanning rows still
stands beside every row it belongs to. (DOCX marks its continuation cells explicitly and
pdfplumber returns None for them; those readers mark the copies themselves.)

Spans come from untrusted markup: ``<td rowspan=200 colspan=200>`` two hundred times is 2 KB
that would expand to millions of cells. A span never reaches past the table it is in: a rowspan
stops at its last row, a colspan covers at most as many columns as the fullest row has cells and
stops at the widest row. The work is proportional to the cells produced, and a table that would
still expand past ``MAX_GRID_CELLS`` is refused.
"""
from ..document import Cell, ReadError

# A report's tables hold a few hundred cells each; a hundred thousand is no report table.
MAX_GRID_CELLS = 100_000


def too_big(what):
    return ReadError(f"{what}过大（展开合并单元格后超过 {MAX_GRID_CELLS} 个单元格），不是年度报告的表格 / table too large")


def expand(rows, what="网页表格"):
    """``rows`` is a list of rows, each a list of (text, line, rowspan, colspan).

    Returns a list of rows of ``Cell`` where every spanned position holds a copy.
    """
    height = len(rows)
    # No cell spans more columns than the fullest row has cells, nor reaches past the widest row.
    most_cells = max((len(row) for row in rows), default=0)
    width = max((sum(min(max(1, colspan), most_cells) for *_, colspan in row) for row in rows), default=0)
    grid = [{} for _ in rows]  # per row: column -> Cell
    produced = 0
    for r, row in enumerate(rows):
        taken = grid[r]
        c = 0
        for text, line, rowspan, colspan in row:
            while c in taken:
                c += 1
            if rowspan <= 1 and colspan <= 1:  # most cells: no copies to make
                taken[c] = Cell(text, line, True)
                c += 1
                produced += 1
                if produced > MAX_GRID_CELLS:
                    raise too_big(what)
                continue
            rowspan = max(1, min(rowspan, height - r))
            colspan = max(1, min(colspan, most_cells, width - c))
            produced += rowspan * colspan
            if produced > MAX_GRID_CELLS:
                raise too_big(what)
            for dr in range(rowspan):
                target = grid[r + dr]
                for dc in range(colspan):
                    if c + dc not in target:
                        target[c + dc] = Cell(text, line, dr == 0 and dc == 0)
            c += colspan
    return [[taken.get(c) or Cell("", 0, False) for c in range(max(taken, default=-1) + 1)] for taken in grid]


def span(value, limit=200):
    """A span attribute as an int: junk and absurd values count as 1."""
    if value is None:
        return 1
    try:
        n = int(str(value).strip() or 1)
    except ValueError:
        return 1
    return n if 1 <= n <= limit else 1
