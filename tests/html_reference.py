"""The HTML reader's chrome, text sizes, content root and table cells as first written,
element by element.

This is the definition that ``readers/content.py`` (one pass over the page) and the table
reading in ``readers/html.py`` (cells serialised by libxml2) must keep: it asks each question
of each element anew, so it is slow (hundreds of milliseconds on a real page) but obviously
right. Tests compare the two.
"""
import lxml.html

from datasette_gov_disclosure.readers.content import _CHROME, _CHROME_MAX, HEADER_MARKS as _HEADER_MARKS
from datasette_gov_disclosure.readers.content import SKIP as _SKIP, SPACES as _SPACES
from datasette_gov_disclosure.document import Cell
from datasette_gov_disclosure.readers.grid import MAX_GRID_CELLS, span, too_big
from datasette_gov_disclosure.readers.html import _cell_text_by_walking as cell_text


def parse(text):
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
    return lxml.html.document_fromstring(text, parser=parser)


def text_of(el):
    return _SPACES.sub(" ", "".join(el.itertext())).strip()


def is_chrome(el):
    if el.tag in _SKIP:
        return True
    if el.find(".//table") is not None:
        return False
    marks = " ".join(filter(None, [el.get("class"), el.get("id"), el.get("role")]))
    if marks and _CHROME.search(marks) and len(text_of(el)) < _CHROME_MAX:
        return True
    if el.tag in ("table", "div", "ul", "dl") and len(el):
        text = text_of(el)
        if len(text) < 400 and sum(1 for w in _HEADER_MARKS if w in text) >= 2:
            return True
    return False


def own_text_size(el):
    if not isinstance(el.tag, str) or is_chrome(el):
        return 0
    size = 0 if el.tag == "a" else len((el.text or "").strip())
    for child in el:
        size += own_text_size(child) + len((child.tail or "").strip())
    return size


def content_root(root):
    node = root.find("body")
    if node is None:
        node = root
    while True:
        total = own_text_size(node)
        children = [c for c in node if isinstance(c.tag, str) and c.tag != "table"]
        best = max(children, key=own_text_size, default=None)
        if best is None or total == 0 or own_text_size(best) < 0.8 * total:
            return node
        node = best


class Definition:
    """What ``readers.html._Walker`` asks of the page (which elements are chrome, which
    tables hold tables), answered element by element."""

    is_chrome = staticmethod(lambda el: not isinstance(el.tag, str) or is_chrome(el))

    class nesting:  # noqa: N801 - stands for PageSizes.nesting, a set
        def __contains__(self, table):
            return table.find(".//table") is not None

    nesting = nesting()


def table_rows(table):
    rows = []
    for tr in table.iter("tr"):
        rows.append([(cell_text(td), td.sourceline or tr.sourceline or 0, span(td.get("rowspan")),
                      span(td.get("colspan"))) for td in tr if isinstance(td.tag, str) and td.tag in ("td", "th")])
    return expand(rows) if any(rows) else []


def expand(rows, what="网页表格"):
    """Spans expanded as first written (readers/grid.py keeps a faster path for rows
    that no span touches): every cell placed in a grid of dicts, the rows read off at the end."""
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
