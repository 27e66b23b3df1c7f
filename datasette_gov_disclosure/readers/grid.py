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


def expand(rows, spans, what="网页表格"):
    """``rows`` is a list of rows of ``Cell`` (each ``origin=True``, one per cell of the markup);
    ``spans`` gives for each row None when none of its cells spans, else {index in the row:
    (rowspan, colspan)} of the cells that do, in the order of the row.

    Returns a list of rows of ``Cell`` where every spanned position holds a copy. A report's
    table is mostly rows that no cell spans and no cell above reaches into: they are kept as
    they come. Rows whose cells span columns only are widened; only the rows that a cell above
    reaches into, or that hold a cell spanning rows, are placed in a grid.
    """
    return _Grid(rows, spans, what).rows()


class _Grid:
    """The state of one expansion: the cells produced so far (refused past MAX_GRID_CELLS) and,
    per row, the columns taken by cells of the rows above that span down into it."""

    def __init__(self, rows, spans, what):
        self.source, self.spans, self.what = rows, spans, what
        # No cell spans more columns than the fullest row has cells, nor reaches past the widest row.
        self.most_cells = max(map(len, rows), default=0)
        self.width = None  # the widest row, measured when a cell first spans columns
        self.taken = [{} for _ in rows]  # per row: column -> Cell, from the rows above
        self.produced = 0

    def rows(self):
        out = []
        for r, row in enumerate(self.source):
            taken, row_spans = self.taken[r], self.spans[r]
            if row_spans is None:
                self.count(len(row))
                out.append(self.around(taken, row) if taken else row)
            elif not taken and not _spans_rows(row_spans):
                out.append(self.widened(row, row_spans))
            else:
                out.append(self.placed(r, row, row_spans))
        return out

    def count(self, cells):
        self.produced += cells
        if self.produced > MAX_GRID_CELLS:
            raise too_big(self.what)

    def colspan(self, colspan, column):
        """A colspan clamped to the fullest row's cell count and to the widest row."""
        if self.width is None:
            self.width = self.widest()
        return max(1, min(colspan, self.most_cells, self.width - column))

    def widest(self):
        """The most columns a row covers, each cell counted as min(its colspan, most_cells)."""
        widest = 0
        for row, row_spans in zip(self.source, self.spans):
            covered = len(row)
            for _, colspan in row_spans.values() if row_spans else ():
                covered += min(colspan, self.most_cells) - 1
            widest = max(widest, covered)
        return widest

    @staticmethod
    def around(taken, row):
        """A row with no span of its own: its cells fill, left to right, the columns no cell
        above takes; a column left over before the last taken one is blank."""
        own = iter(row)
        return [taken.get(c) or next(own, None) or Cell("", 0, False)
                for c in range(max(max(taken) + 1, len(taken) + len(row)))]

    def widened(self, row, row_spans):
        """A row no cell above reaches into whose cells span columns only."""
        cells, done = [], 0
        for i, (_, colspan) in row_spans.items():
            cells += row[done:i]
            self.count(i - done)
            colspan = self.colspan(colspan, len(cells)) if colspan > 1 else 1
            self.count(colspan)
            cell = row[i]
            cells.append(cell)
            cells += [Cell(cell.text, cell.line, False) for _ in range(colspan - 1)]
            done = i + 1
        self.count(len(row) - done)
        return cells + row[done:]

    def placed(self, r, row, row_spans):
        """Row ``r``'s cells placed around the columns taken from above; a cell spanning rows
        takes its columns in the rows below."""
        taken, height = self.taken[r], len(self.source)
        c = 0
        for i, cell in enumerate(row):
            while c in taken:
                c += 1
            rowspan, colspan = row_spans.get(i, (1, 1))
            if rowspan <= 1 and colspan <= 1:
                taken[c] = cell
                c += 1
                self.count(1)
                continue
            rowspan = max(1, min(rowspan, height - r))
            colspan = self.colspan(colspan, c)
            self.count(rowspan * colspan)
            for dr in range(rowspan):
                target = self.taken[r + dr]
                for dc in range(colspan):
                    if c + dc not in target:
                        target[c + dc] = cell if dr == 0 and dc == 0 else Cell(cell.text, cell.line, False)
            c += colspan
        # a row is complete once its own cells are placed: spans only reach down
        return [taken.get(c) or Cell("", 0, False) for c in range(max(taken, default=-1) + 1)]


def _spans_rows(row_spans):
    """Does a cell of the row span rows (its rowspan above 1)?"""
    for rowspan, _ in row_spans.values():
        if rowspan > 1:
            return True
    return False


def span(value, limit=200):
    """A span attribute as an int: junk and absurd values count as 1."""
    if value is None:
        return 1
    try:
        n = int(str(value).strip() or 1)
    except ValueError:
        return 1
    return n if 1 <= n <= limit else 1
