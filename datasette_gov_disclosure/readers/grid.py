"""Merged table cells → a full grid (HTML rowspan/colspan).

A merged cell covers several grid positions. ``expand`` fills every covered position with a
copy marked ``origin=False``, so that a value is read once while a label spanning rows still
stands beside every row it belongs to. (DOCX marks its continuation cells explicitly and
pdfplumber returns None for them; those readers mark the copies themselves.)
"""
from ..document import Cell


def expand(rows):
    """``rows`` is a list of rows, each a list of (text, line, rowspan, colspan).

    Returns a list of rows of ``Cell`` where every spanned position holds a copy.
    """
    grid = {}
    for r, row in enumerate(rows):
        c = 0
        for text, line, rowspan, colspan in row:
            while (r, c) in grid:
                c += 1
            if rowspan <= 1 and colspan <= 1:
                grid[(r, c)] = Cell(text, line, True)
                c += 1
                continue
            rowspan, colspan = max(1, rowspan), max(1, colspan)
            for dr in range(rowspan):
                for dc in range(colspan):
                    origin = dr == 0 and dc == 0
                    grid.setdefault((r + dr, c + dc), Cell(text, line, origin))
            c += colspan
    widths = [0] * len(rows)
    for r, c in grid:
        if r < len(rows) and c >= widths[r]:
            widths[r] = c + 1
    return [[grid[(r, c)] if (r, c) in grid else Cell("", 0, False) for c in range(width)]
            for r, width in enumerate(widths)]


def span(value, limit=200):
    """A span attribute as an int: junk and absurd values count as 1."""
    if value is None:
        return 1
    try:
        n = int(str(value).strip() or 1)
    except ValueError:
        return 1
    return n if 1 <= n <= limit else 1
