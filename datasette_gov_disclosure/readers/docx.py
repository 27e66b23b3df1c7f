"""Word (.docx) → Document: paragraphs and tables in body order, merged cells expanded.

python-docx opens the package; the body is then walked as XML so that paragraphs and
tables keep their order and merged cells are read from the markup itself (``gridSpan`` for
columns, ``vMerge`` for rows) rather than from python-docx's repeated cell objects.
A block's ``line`` is its position in the body (1 = first paragraph or table).
"""
import io
import zipfile

from ..document import Block, Cell, Document, ReadError
from .grid import MAX_GRID_CELLS, span, too_big

# A .docx is a zip: 1 MB can expand to gigabytes (a zip bomb), and python-docx reads every part
# into memory and parses its XML whole. A real report's parts hold a few MB and tens of
# thousands of XML elements; these bounds are far above that and far below harm.
MAX_UNZIPPED = 64 * 2 ** 20      # all parts together
MAX_XML_PART = 16 * 2 ** 20      # one XML part
MAX_RATIO = 100                  # uncompressed / compressed, for a part above 1 MB
MAX_XML_ELEMENTS = 400_000       # all XML parts together (counted as '<')

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data):
    try:
        import docx
    except ImportError:  # pragma: no cover - python-docx is a hard dependency
        raise ReadError("读取 DOCX 需要 python-docx：pip install python-docx")
    check_package(data)
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


def _bomb(why):
    return ReadError(f"Word 文档{why}，可能是压缩炸弹，未解析 / the DOCX expands too much")


def check_package(data):
    """Refuse a package whose parts expand too much, before python-docx reads them: the sizes the
    zip declares first, then the bytes and XML elements really inflated (read in chunks)."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        members = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        raise ReadError(f"无法打开 Word 文档（文件损坏或不是 .docx）：{type(e).__name__}")
    if sum(m.file_size for m in members) > MAX_UNZIPPED:
        raise _bomb(f"解压后超过 {MAX_UNZIPPED // 2 ** 20} MB")
    for m in members:
        if m.file_size > 2 ** 20 and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise _bomb(f"的 {m.filename} 压缩比为 {m.file_size // max(m.compress_size, 1)}:1")
    total = elements = 0
    for m in members:
        xml = m.filename.endswith((".xml", ".rels"))
        if xml and m.file_size > MAX_XML_PART:
            raise _bomb(f"的 {m.filename} 解压后超过 {MAX_XML_PART // 2 ** 20} MB")
        try:
            with package.open(m) as part:
                while True:
                    chunk = part.read(2 ** 20)
                    if not chunk:
                        break
                    total += len(chunk)
                    elements += chunk.count(b"<") if xml else 0
                    if total > MAX_UNZIPPED:
                        raise _bomb(f"解压后超过 {MAX_UNZIPPED // 2 ** 20} MB")
                    if elements > MAX_XML_ELEMENTS:
                        raise _bomb(f"含有超过 {MAX_XML_ELEMENTS} 个 XML 元素")
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as e:
            raise ReadError(f"无法打开 Word 文档（文件损坏、加密或不是 .docx）：{type(e).__name__}")


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


def _span(tc):
    grid_span = _prop(tc, "gridSpan")
    return span(grid_span.get(W + "val")) if grid_span is not None else 1


def table_grid(tbl, line):
    """Rows of Cells; a gridSpan copy and a vMerge continuation are origin=False copies.

    A span never reaches past the table's grid (``tblGrid``, else its widest row), and a table
    expanding past MAX_GRID_CELLS is refused."""
    trs = [tr for tr in tbl.iter(W + "tr") if tr.getparent() is tbl]  # not rows of a nested table
    columns = len(tbl.findall(f"{W}tblGrid/{W}gridCol")) or max((sum(map(_span, tr.findall(W + "tc"))) for tr in trs),
                                                                 default=0)
    rows = []
    produced = 0
    for tr in trs:
        row = []
        col = 0
        for tc in tr.findall(W + "tc"):
            width = max(1, min(_span(tc), columns - col))
            produced += width
            if produced > MAX_GRID_CELLS:
                raise too_big("Word 表格")
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
