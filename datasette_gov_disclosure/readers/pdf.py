"""Text PDFs → Document with pdfplumber (an optional extra, imported only here).

Each page gives its ruled tables as grids and the rest as text lines, merged top to bottom.
Page-number lines ("- 4 -", "第 4 页") are dropped: they fall inside tables and sentences.
Scanned PDFs have no text layer; they fail with a message saying so.

Only the first MAX_PAGES pages are read, each closed (its caches flushed) once its blocks are
taken: pdfplumber keeps every page's objects otherwise, and a 3,000-page file of 2 MB took
12 GB. A longer file is read as far as the cap and the report says so (``meta["truncated"]``).
"""
import io

from ..document import Block, Cell, Document, ReadError
from ..pagenumbers import is_page_number

INSTALL_HINT = "读取 PDF 需要安装 pdfplumber：pip install 'datasette-gov-disclosure[pdf]'"
# A real annual report runs to under ~40 pages.
MAX_PAGES = 60


def read_pdf(data):
    try:
        import pdfplumber
    except ImportError:
        raise ReadError(INSTALL_HINT)
    stream = io.BytesIO(data)
    try:
        pdf = pdfplumber.open(stream)
    except Exception as e:  # pdfminer raises many unrelated types for a broken file
        raise ReadError(f"无法打开 PDF（文件损坏或已加密）：{type(e).__name__}")
    blocks = []
    meta = {}
    # Not ``with pdf``: pdfplumber's close() builds every page in order to close it.
    with stream:
        for page in _first_pages(pdf):
            if page is None:
                meta["truncated"] = f"PDF 共 {_page_count(pdf)} 页，只读取了前 {MAX_PAGES} 页（年度报告通常不超过 40 页）"
                break
            blocks.extend(_page_blocks(page, page.page_number * 1000))
            page.close()
    if not any((b.text.strip() if b.kind == "line" else b.rows) for b in blocks):
        raise ReadError("PDF 中没有文字层（可能是扫描件，需要先做文字识别） / the PDF has no text layer")
    return Document(blocks, "pdf", None, meta)


def _first_pages(pdf):
    """pdfplumber pages up to MAX_PAGES, then None if there are more. (``pdf.pages`` would
    build every page first: seconds for a file of thousands.)"""
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page

    doctop = 0
    for number, page in enumerate(PDFPage.create_pages(pdf.doc), start=1):
        if number > MAX_PAGES:
            yield None
            return
        page = Page(pdf, page, page_number=number, initial_doctop=doctop)
        doctop += page.height
        yield page


def _page_count(pdf):
    """The page count the file declares (its page tree's /Count)."""
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(pdf.doc.catalog["Pages"])["Count"])
    except Exception:  # a broken page tree: say "more than"
        count = None
    return count if isinstance(count, int) and count > MAX_PAGES else f"超过 {MAX_PAGES}"


def _inside(line, box):
    middle = (line["top"] + line["bottom"]) / 2
    return box[1] <= middle <= box[3] and line["x0"] >= box[0] - 2 and line["x1"] <= box[2] + 2


def _page_blocks(page, base):
    """Blocks of one page; ``line`` numbers are page*1000 + position, so they stay ordered."""
    tables = page.find_tables()
    placed = []  # (top, Block)
    for table in tables:
        rows = _grid(table.extract())
        if rows:
            placed.append((table.bbox[1], Block("table", 0, rows=rows)))
    for line in page.extract_text_lines():
        text = line["text"]
        if is_page_number(text) or any(_inside(line, t.bbox) for t in tables):
            continue
        placed.append((line["top"], Block("line", 0, text)))
    placed.sort(key=lambda item: item[0])
    out = []
    for k, (_, block) in enumerate(placed, start=1):
        block.line = base + k
        if block.kind == "table":
            block.rows = [[Cell(c.text, block.line, c.origin) for c in row] for row in block.rows]
        out.append(block)
    return out


def _grid(rows):
    """pdfplumber returns None where a merged cell covers a position: make it a copy."""
    out = []
    for r, row in enumerate(rows):
        cells = []
        for c, text in enumerate(row):
            if text is not None:
                cells.append(Cell(" ".join(text.split()), 0, True))
            elif cells:
                cells.append(Cell(cells[-1].text, 0, False))
            elif r and c < len(out[-1]):
                cells.append(Cell(out[-1][c].text, 0, False))
            else:
                cells.append(Cell("", 0, False))
        out.append(cells)
    return out if any(any(c.text for c in row) for row in out) else []
