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
from itertools import repeat
from operator import itemgetter

from ..document import Cell, ReadError

# A report's tables hold a few hundred cells each; a hundred thousand is no report table.
MAX_GRID_CELLS = 100_000


def too_big(what):
    return ReadError(f"{what}过大（展开合并单元格后超过 {MAX_GRID_CELLS} 个单元格），不是年度报告的表格 / table too large")


def expand(rows, what="网页表格", plain=None):
    """``rows`` is a list of rows, each a list of (text, line, rowspan, colspan); ``plain``, when
    given, says for each row whether none of its cells spans (else it is found out here).

    Returns a list of rows of ``Cell`` where every spanned position holds a copy. Rows that no
    cell above reaches into are laid out left to right as they come (most rows of a report's
    tables); the others are placed in a grid around the cells reaching into them.
    """
    height = len(rows)
    # No cell spans more columns than the fullest row has cells, nor reaches past the widest row.
    most_cells = max(map(len, rows), default=0)
    width = None  # the widest row, measured when a cell first spans columns
    grid = [{} for _ in rows]  # per row: column -> Cell, from the rows above that span down into it
    out = []
    produced = 0
    for r, row in enumerate(rows):
        taken = grid[r]
        if not taken:
            if plain[r] if plain is not None else all(rs <= 1 and cs <= 1 for _, _, rs, cs in row):
                produced += len(row)
                if produced > MAX_GRID_CELLS:
                    raise too_big(what)
                out.append([Cell(text, line, True) for text, line, _, _ in row])
                continue
            if max(map(_ROWSPAN, row)) <= 1:  # cells spanning columns only
                cells = []
                for text, line, _, colspan in row:
                    if colspan > 1:
                        if width is None:
                            width = _widest(rows, most_cells)
                        colspan = max(1, min(colspan, most_cells, width - len(cells)))
                    else:
                        colspan = 1
                    produced += colspan
                    if produced > MAX_GRID_CELLS:
                        raise too_big(what)
                    cells.append(Cell(text, line, True))
                    if colspan > 1:
                        cells.extend([Cell(text, line, False) for _ in range(colspan - 1)])
                out.append(cells)
                continue
        c = 0
        for text, line, rowspan, colspan in row:
            while c in taken:
                c += 1
            if rowspan <= 1 and colspan <= 1:
                taken[c] = Cell(text, line, True)
                c += 1
                produced += 1
                if produced > MAX_GRID_CELLS:
                    raise too_big(what)
                continue
            if width is None:
                width = _widest(rows, most_cells)
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
        # a row is complete once its own cells are placed: spans only reach down
        out.append([taken.get(c) or Cell("", 0, False) for c in range(max(taken, default=-1) + 1)])
    return out


_ROWSPAN, _COLSPAN = itemgetter(2), itemgetter(3)


def _widest(rows, most_cells):
    """The most columns a row covers, each cell counted as min(max(1, colspan), most_cells)."""
    return max(sum(map(min, map(max, repeat(1), map(_COLSPAN, cells)), repeat(most_cells))) for cells in rows)


def span(value, limit=200):
    """A span attribute as an int: junk and absurd values count as 1."""
    if value is None:
        return 1
    try:
        n = int(str(value).strip() or 1)
    except ValueError:
        return 1
    return n if 1 <= n <= limit else 1
