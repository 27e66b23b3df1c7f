"""Text PDFs → Document with pdfplumber (an optional extra, imported only here).

Each page gives its ruled tables as grids and the rest as text lines, merged top to bottom.
Page-number lines ("- 4 -", "第 4 页") are dropped: they fall inside tables and sentences.
Scanned PDFs have no text layer; they fail with a message saying so.
"""
import io

from ..document import Block, Cell, Document, ReadError
from ..pagenumbers import is_page_number

INSTALL_HINT = "读取 PDF 需要安装 pdfplumber：pip install 'datasette-gov-disclosure[pdf]'"


def read_pdf(data):
    try:
        import pdfplumber
    except ImportError:
        raise ReadError(INSTALL_HINT)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as e:  # pdfminer raises many unrelated types for a broken file
        raise ReadError(f"无法打开 PDF（文件损坏或已加密）：{type(e).__name__}")
    blocks = []
    with pdf:
        for number, page in enumerate(pdf.pages, start=1):
            blocks.extend(_page_blocks(page, number * 1000))
    if not any((b.text.strip() if b.kind == "line" else b.rows) for b in blocks):
        raise ReadError("PDF 中没有文字层（可能是扫描件，需要先做文字识别） / the PDF has no text layer")
    return Document(blocks, "pdf", None, {})


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
