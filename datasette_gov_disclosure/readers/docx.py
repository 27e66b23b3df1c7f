"""Word (.docx) → Document: paragraphs and tables in body order, merged cells expanded.

python-docx opens the package; the body is then walked as XML so that paragraphs and
tables keep their order and merged cells are read from the markup itself (``gridSpan`` for
columns, ``vMerge`` for rows) rather than from python-docx's repeated cell objects.
A block's ``line`` is its position in the body (1 = first paragraph or table).
"""
import io

from ..document import Block, Cell, Document, ReadError
from .grid import span

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data):
    try:
        import docx
    except ImportError:  # pragma: no cover - python-docx is a hard dependency
        raise ReadError("读取 DOCX 需要 python-docx：pip install python-docx")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises many types for a broken package
        raise ReadError(f"无法打开 Word 文档（文件损坏或不是 .docx）：{type(e).__name__}")
    blocks = []
    for element in _body_elements(document.element.body):
        line = len(blocks) + 1
        if element.tag == W + "p":
            for piece in _paragraph_text(element).split("\n"):
                blocks.append(Block("line", line, piece))
        else:
            rows = table_grid(element, line)
            if rows:
                blocks.append(Block("table", line, rows=rows))
    if not any((b.text.strip() if b.kind == "line" else b.rows) for b in blocks):
        raise ReadError("Word 文档中没有文字 / the DOCX document holds no text")
    meta = {}
    title = (document.core_properties.title or "").strip()
    if title:
        meta["title"] = title
    return Document(blocks, "docx", "utf-8", meta)


def _body_elements(body):
    """Paragraphs and tables directly in the body (content controls are looked through)."""
    for child in body:
        if child.tag in (W + "p", W + "tbl"):
            yield child
        elif child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _body_elements(content)


def _paragraph_text(p):
    parts = []
    for el in p.iter(W + "t", W + "tab", W + "br", W + "cr"):
        if el.tag == W + "t":
            parts.append(el.text or "")
        elif el.tag == W + "tab":
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _cell_text(tc):
    texts = [_paragraph_text(p).strip() for p in tc.iter(W + "p")]
    return " ".join(t.replace("\n", " ") for t in texts if t)


def _prop(tc, name):
    pr = tc.find(W + "tcPr")
    return None if pr is None else pr.find(W + name)


def table_grid(tbl, line):
    """Rows of Cells; a gridSpan copy and a vMerge continuation are origin=False copies."""
    rows = []
    for tr in tbl.iter(W + "tr"):
        if tr.getparent() is not tbl:
            continue  # a row of a table nested in a cell
        row = []
        col = 0
        for tc in tr.findall(W + "tc"):
            grid_span = _prop(tc, "gridSpan")
            width = span(grid_span.get(W + "val")) if grid_span is not None else 1
            v_merge = _prop(tc, "vMerge")
            continues = v_merge is not None and v_merge.get(W + "val") in (None, "continue")
            if continues:
                above = rows[-1][col] if rows and col < len(rows[-1]) else Cell("", line, False)
                cells = [Cell(above.text, above.line, False) for _ in range(width)]
            else:
                text = _cell_text(tc)
                cells = [Cell(text, line, k == 0) for k in range(width)]
            row.extend(cells)
            col += width
        rows.append(row)
    return rows if any(rows) else []
