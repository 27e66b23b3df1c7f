"""Word 97–2003 (.doc) → Document: paragraphs and tables in reading order, merged cells expanded.

Many report pages of 2019–2021 carry the report only as a .doc attachment. The file is an OLE
compound file (read with ``olefile``); its ``WordDocument`` stream starts with the FIB, which
says where the piece table (CLX → PlcPcd) lies in the table stream. The piece table maps the
document's characters to bytes: each piece is UTF-16 or "compressed" 8-bit cp1252 text.

In the text, ``\\r`` ends a paragraph and ``\\x07`` ends a table cell; a row ends with one more
``\\x07`` in a paragraph whose properties say "table row end" (TTP). Those properties (PAPX, in
FKP pages listed by PlcBtePapx) also carry the row's cell boundaries and merge flags
(sprmTDefTable, sprmTVertMerge): a cell spanning several columns of the table's grid is copied
into each (``origin=False`` copies), as the DOCX reader does with gridSpan and vMerge.

The format is [MS-DOC]. Sizes declared in the file are never trusted beyond the bytes present.
"""
import bisect
import io
import struct

from ..document import Block, Cell, Document, ReadError

_CELL, _PARA = "\x07", "\r"
_SPRM_IN_TABLE, _SPRM_TTP = 0x2416, 0x2417
_HUGE_PAPX = struct.pack("<H", 0x6646)  # sprmPHugePapx: the properties are in the Data stream
_SPRM_DEF_TABLE, _SPRM_VERT_MERGE, _SPRM_CHANGE_TABS = 0xD608, 0xD62B, 0xC615
_FIB_CLX, _FIB_BTE_PAPX = 33, 13  # indexes of (fc, lcb) pairs in FibRgFcLcb97
_SAME_EDGE = 10  # twips (1/1440 inch): boundaries closer than this are one column edge
_MAX_SPAN = 63  # a row holds at most 63 cells in Word
_WORD97 = 0x00C1  # nFib of Word 97; older (Word 6/95) files have another layout
# Characters that are Word's own marks, not text (fields are handled apart).
_DROP = dict.fromkeys(map(ord, "\x01\x02\x03\x04\x05\x06\x08\x1f"), None)
_DROP.update({0x0B: "\n", 0x0C: "\n", 0x1E: "-"})


def read_doc(data, name=""):
    ole = _open(data)
    try:
        streams = {"/".join(entry) for entry in ole.listdir(streams=True, storages=False)}
        if "WordDocument" not in streams:
            raise ReadError(_not_word(streams, name))
        word = _stream(ole, "WordDocument", len(data))
        fib = _Fib(word)
        table_name = "1Table" if fib.which_table else "0Table"
        if table_name not in streams:
            raise ReadError("Word 文档已损坏（缺少表格流），无法读取 / the .doc file is damaged (no table stream)")
        table = _stream(ole, table_name, len(data))
        extra = _stream(ole, "Data", len(data)) if "Data" in streams else b""
        title = _title(ole)
    finally:
        ole.close()
    text, pieces = _text(word, table, fib)
    blocks = _blocks(text, _Locator(pieces, _paragraph_properties(word, table, extra, fib)))
    if not any((b.text.strip() if b.kind == "line" else b.rows) for b in blocks):
        raise ReadError("Word 文档中没有文字 / the .doc document holds no text")
    return Document(blocks, "doc", "utf-16", {"title": title} if title else {})


# ---------------------------------------------------------------- the container

def _open(data):
    try:
        import olefile
    except ImportError:  # pragma: no cover - olefile is a hard dependency
        raise ReadError("读取 .doc 需要 olefile：pip install olefile")
    try:
        return olefile.OleFileIO(io.BytesIO(data))
    except Exception as e:  # olefile raises many types for a broken container
        raise ReadError(f"无法打开 .doc 文件（文件已损坏）：{type(e).__name__} / cannot open the OLE container")


def _stream(ole, name, limit):
    """A whole stream, refused when it declares more bytes than the file holds (a looping
    sector chain would otherwise be read over and over)."""
    try:
        size = ole.get_size(name)
        if size > limit:
            raise ReadError("Word 文档已损坏（数据流长度超出文件大小），无法读取 / the .doc file is damaged")
        return ole.openstream(name).read(size)
    except ReadError:
        raise
    except Exception as e:
        raise ReadError(f"Word 文档已损坏，无法读取：{type(e).__name__} / the .doc file is damaged")


def _not_word(streams, name):
    """What an OLE file without a WordDocument stream is, in words for the user."""
    if {"EncryptionInfo", "EncryptedPackage"} <= streams:
        return "加密（设有打开密码）的 Office 文档，无法读取，请提供未加密的版本 / password-protected Office file"
    if streams & {"Workbook", "Book"}:
        return "这是 Excel 表格（.xls），不是 Word 报告，无法读取 / an Excel workbook, not a Word document"
    if "PowerPoint Document" in streams:
        return "这是 PowerPoint 演示文稿（.ppt），不是 Word 报告，无法读取 / a PowerPoint file"
    if name.lower().endswith(".wps") or streams & {"CONTENTS", "MatOST", "SPELLING"}:
        return ("WPS 文字（.wps）文件，不是 Word 兼容格式，无法读取，请另存为 .docx、.doc 或 PDF"
                " / a .wps file in a format other than Word's")
    return "复合文档（OLE）中没有 Word 正文，不是可读的 Word 报告 / an OLE file without a WordDocument stream"


def _title(ole):
    try:
        meta = ole.get_metadata()
    except Exception:
        return ""
    title = meta.title
    if isinstance(title, bytes):
        codepage = meta.codepage if isinstance(meta.codepage, int) else 0
        codepage = codepage & 0xFFFF
        encoding = "utf-16-le" if codepage == 1200 else f"cp{codepage}" if codepage else "gb18030"
        try:
            title = title.decode(encoding, errors="replace")
        except LookupError:
            title = title.decode("gb18030", errors="replace")
    return (title or "").replace("\x00", "").strip()


# ---------------------------------------------------------------- the FIB

class _Fib:
    """The fields of the File Information Block that reading the text needs."""

    def __init__(self, word):
        if len(word) < 34 or _u16(word, 0) != 0xA5EC:
            raise ReadError("不是有效的 Word 文档（文件头不对） / not a Word document (bad FIB)")
        n_fib = _u16(word, 2)
        flags = _u16(word, 10)
        if flags & 0x0100 or flags & 0x8000:  # fEncrypted, fObfuscated
            raise ReadError("加密（设有打开密码）的 Word 文档，无法读取，请提供未加密的版本 / encrypted .doc")
        if n_fib < _WORD97:
            raise ReadError("Word 95 或更早版本的 .doc 文件，无法读取，请另存为 .docx 或 PDF / Word 6/95 file")
        self.which_table = bool(flags & 0x0200)
        pos = 32
        csw = _u16(word, pos)
        pos += 2 + 2 * csw
        cslw = _u16(word, pos)
        lw = pos + 2
        self.ccp_text = _i32(word, lw + 4 * 3) if cslw > 3 else 0
        pos = lw + 4 * cslw
        count = _u16(word, pos)
        self.blob = pos + 2
        self.pairs = count
        self.word = word

    def pair(self, index):
        if index >= self.pairs:
            return 0, 0
        at = self.blob + 8 * index
        return _u32(self.word, at), _u32(self.word, at + 4)


# ---------------------------------------------------------------- text

def _text(word, table, fib):
    """The main document's text and its pieces [(cp_start, cp_end, fc, compressed)]."""
    fc, lcb = fib.pair(_FIB_CLX)
    clx = table[fc:fc + lcb]
    if lcb == 0 or len(clx) != lcb:
        raise ReadError("Word 文档已损坏（找不到文字索引），无法读取 / the .doc file is damaged (no piece table)")
    plc = _piece_table(clx)
    n = (len(plc) - 4) // 12
    if n <= 0:
        raise ReadError("Word 文档已损坏（文字索引为空），无法读取 / the .doc file is damaged (empty piece table)")
    cps = struct.unpack_from(f"<{n + 1}i", plc, 0)
    limit = min(fib.ccp_text, len(word)) if fib.ccp_text > 0 else len(word)
    parts, pieces, total = [], [], 0
    for i in range(n):
        start, end = cps[i], min(cps[i + 1], limit)
        if start >= limit:
            break
        if end <= start or start < (pieces[-1][1] if pieces else 0):
            continue  # empty, or going back over text already read: not a real piece table
        total += end - start
        if total > len(word):  # more characters than the stream has bytes
            raise ReadError("Word 文档已损坏（文字索引超出文件），无法读取 / the .doc file is damaged (piece table)")
        raw_fc = _u32(plc, 4 * (n + 1) + 8 * i + 2)
        compressed = bool(raw_fc & 0x40000000)
        offset = (raw_fc & 0x3FFFFFFF) // 2 if compressed else raw_fc & 0x3FFFFFFF
        count = end - start
        if compressed:
            piece = word[offset:offset + count].decode("cp1252", errors="replace")
        else:
            piece = word[offset:offset + 2 * count].decode("utf-16-le", errors="replace")
        if len(piece) < count:
            piece += " " * (count - len(piece))  # the file ends inside the piece: keep the positions
        parts.append(piece)
        pieces.append((start, end, offset, compressed))
    return "".join(parts), pieces


def _piece_table(clx):
    """The PlcPcd inside a CLX, skipping the Prc blocks in front of it."""
    pos = 0
    while pos < len(clx):
        kind = clx[pos]
        if kind == 0x01:
            pos += 3 + _u16(clx, pos + 1)
        elif kind == 0x02:
            size = _u32(clx, pos + 1)
            return clx[pos + 5:pos + 5 + size]
        else:
            break
    raise ReadError("Word 文档已损坏（文字索引格式不对），无法读取 / the .doc file is damaged (bad CLX)")


# ---------------------------------------------------------------- paragraph properties

class _Paragraphs:
    """Paragraph properties by file offset: runs (fc_start, fc_end, grpprl) from the PAPX FKPs."""

    def __init__(self, runs):
        runs.sort()
        self.starts = [r[0] for r in runs]
        self.runs = runs

    def at(self, fc):
        i = bisect.bisect_right(self.starts, fc) - 1
        if i >= 0 and self.runs[i][0] <= fc < self.runs[i][1]:
            return self.runs[i][2]
        return b""


def _paragraph_properties(word, table, extra, fib):
    """Paragraph properties from the PAPX FKP pages; a big table row's properties stand in the
    Data stream (``extra``), pointed to by sprmPHugePapx."""
    fc, lcb = fib.pair(_FIB_BTE_PAPX)
    plc = table[fc:fc + lcb]
    runs = []
    n = (len(plc) - 4) // 8
    for i in range(max(n, 0)):
        page = _u32(plc, 4 * (n + 1) + 4 * i) & 0x3FFFFF
        fkp = word[page * 512:page * 512 + 512]
        if len(fkp) < 512:
            continue
        crun = fkp[511]
        if crun == 0 or 4 * (crun + 1) + 13 * crun > 511:
            continue
        fcs = struct.unpack_from(f"<{crun + 1}I", fkp, 0)
        for j in range(crun):
            offset = 2 * fkp[4 * (crun + 1) + 13 * j]
            grpprl = b""
            if offset and offset < 511:
                cb = fkp[offset]
                if cb:
                    size, start = 2 * cb - 1, offset + 1
                else:
                    size, start = 2 * fkp[offset + 1], offset + 2
                grpprl = fkp[start + 2:start + size]  # after the istd
                if grpprl[:2] == _HUGE_PAPX:
                    at = _u32(grpprl, 2)
                    grpprl = extra[at + 2:at + 2 + _u16(extra, at)]
            runs.append((fcs[j], fcs[j + 1], grpprl))
    return _Paragraphs(runs)


def _sprms(grpprl):
    """(sprm, operand) pairs of a grpprl; stops at the first malformed one."""
    pos, end = 0, len(grpprl)
    while pos + 2 <= end:
        sprm = _u16(grpprl, pos)
        pos += 2
        spra = sprm >> 13
        if spra in (0, 1):
            size = 1
        elif spra in (2, 4, 5):
            size = 2
        elif spra == 3:
            size = 4
        elif spra == 7:
            size = 3
        elif sprm == _SPRM_DEF_TABLE:
            if pos + 2 > end:
                return
            size = _u16(grpprl, pos) - 1
            pos += 2
        elif sprm == _SPRM_CHANGE_TABS and pos < end and grpprl[pos] == 255:
            return  # the rare complex form; nothing of a table follows in practice
        else:
            if pos >= end:
                return
            size = grpprl[pos]
            pos += 1
        if size < 0 or pos + size > end:
            return
        yield sprm, grpprl[pos:pos + size]
        pos += size


class _Props:
    """What a paragraph's properties say of tables: in a table, row end (TTP), and for a row
    end the row's cell boundaries and, per cell, how it is merged."""

    def __init__(self, grpprl):
        self.in_table = self.ttp = False
        self.bounds = []
        self.merged = []  # per cell: "" | "h" (part of the cell before) | "v" (part of the cell above)
        vertical = {}
        for sprm, operand in _sprms(grpprl):
            on = operand[:1] not in (b"", b"\x00")
            if sprm == _SPRM_IN_TABLE:
                self.in_table = on
            elif sprm == _SPRM_TTP:
                self.ttp = on
            elif sprm == _SPRM_DEF_TABLE and operand:
                self._define(operand)
            elif sprm == _SPRM_VERT_MERGE and len(operand) >= 2:
                vertical[operand[0]] = operand[1]
        for index, value in vertical.items():  # Word 2000's override of the flags below
            if index < len(self.merged) and self.merged[index] != "h":
                self.merged[index] = "v" if value == 1 else ""

    def _define(self, operand):
        count = operand[0]
        if 1 + 2 * (count + 1) > len(operand):
            return
        self.bounds = list(struct.unpack_from(f"<{count + 1}h", operand, 1))
        flags_at = 1 + 2 * (count + 1)
        for i in range(count):
            at = flags_at + 20 * i
            flags = _u16(operand, at) if at + 2 <= len(operand) else 0
            if flags & 0x0020 and not flags & 0x0040:  # fVertMerge, not fVertRestart
                self.merged.append("v")
            elif flags & 0x0002:  # fMerged: part of the cell before it
                self.merged.append("h")
            else:
                self.merged.append("")


_NO_PROPS = _Props(b"")


class _Locator:
    """Character position → the properties of the paragraph whose mark is there."""

    def __init__(self, pieces, paragraphs):
        self.pieces = pieces
        self.starts = [p[0] for p in pieces]
        self.paragraphs = paragraphs

    def props(self, cp):
        i = bisect.bisect_right(self.starts, cp) - 1
        if i < 0 or not self.pieces[i][0] <= cp < self.pieces[i][1]:
            return _NO_PROPS
        start, _, offset, compressed = self.pieces[i]
        return _Props(self.paragraphs.at(offset + (cp - start) * (1 if compressed else 2)))


# ---------------------------------------------------------------- blocks

def _blocks(text, locate):
    """Lines and tables in reading order; a block's ``line`` is its position (1 = first)."""
    blocks, rows, row, cell = [], [], [], []

    def close_table():
        nonlocal rows, row, cell
        if cell:
            row.append(_cell_text(cell))
        if row:
            rows.append((row, _NO_PROPS))
        if rows:
            blocks.append(_table(rows, len(blocks) + 1))
        rows, row, cell = [], [], []

    cp = 0
    for part in _split_marks(text):
        mark = part[-1] if part[-1] in (_CELL, _PARA) else ""
        body = _clean(part[:-1] if mark else part)
        props = locate.props(cp + len(part) - 1) if mark else _NO_PROPS
        cp += len(part)
        if mark == _CELL and props.ttp:  # the row-end mark
            if cell:
                row.append(_cell_text(cell))
                cell = []
            rows.append((row, props))
            row = []
        elif mark == _CELL:
            cell.append(body)
            row.append(_cell_text(cell))
            cell = []
        elif mark == _PARA and props.in_table:  # one paragraph of a cell holding several
            cell.append(body)
        else:
            close_table()
            line = len(blocks) + 1
            blocks.extend(Block("line", line, piece) for piece in body.split("\n"))
    close_table()
    return blocks


def _cell_text(paragraphs):
    texts = [p.replace("\n", " ").strip() for p in paragraphs]
    return " ".join(t for t in texts if t)


def _split_marks(text):
    """The text cut after every paragraph and cell mark (each part keeps its mark)."""
    start = 0
    for i, ch in enumerate(text):
        if ch == _PARA or ch == _CELL:
            yield text[start:i + 1]
            start = i + 1
    if start < len(text):
        yield text[start:]


def _clean(text):
    """Word's marks out of a paragraph: field instructions dropped, field results kept."""
    if "\x13" in text:
        out, depth, showing = [], 0, [True]
        for ch in text:
            if ch == "\x13":
                depth += 1
                showing.append(False)
            elif ch == "\x14" and depth:
                showing[-1] = True
            elif ch == "\x15" and depth:
                depth -= 1
                showing.pop()
            elif all(showing):
                out.append(ch)
        text = "".join(out)
    return text.translate(_DROP).replace("\x14", "").replace("\x15", "")


def _table(rows, line):
    """Rows of (cell texts, row properties) → a Block of Cells on the table's column grid."""
    edges = _grid_edges(x for _, props in rows for x in props.bounds)
    grid = []
    for texts, props in rows:
        out = []
        for i, text in enumerate(texts):
            how = props.merged[i] if i < len(props.merged) else ""
            width = _width(edges, props.bounds, i)
            if how == "h" and out:
                copy = out[-1]
                out.extend(Cell(copy.text, copy.line, False) for _ in range(width))
                continue
            if how == "v":
                col = len(out)
                above = grid[-1][col] if grid and col < len(grid[-1]) else Cell("", line, False)
                out.extend(Cell(above.text, above.line, False) for _ in range(width))
                continue
            out.extend(Cell(text, line, k == 0) for k in range(width))
        grid.append(out)
    return Block("table", line, rows=grid)


def _grid_edges(bounds):
    """The column edges of a table: every row's cell boundaries, those a few twips apart
    (rounding in the writer) counted as one."""
    edges = []
    for x in sorted(set(bounds)):
        if not edges or x - edges[-1] > _SAME_EDGE:
            edges.append(x)
    return edges


def _width(edges, bounds, i):
    """How many columns of the table's grid cell ``i`` of a row covers (1 when unknown)."""
    if i + 1 >= len(bounds):
        return 1
    left = bisect.bisect_right(edges, bounds[i] + _SAME_EDGE)
    right = bisect.bisect_right(edges, bounds[i + 1] + _SAME_EDGE)
    return max(1, min(right - left, _MAX_SPAN))


def _u16(data, at):
    return struct.unpack_from("<H", data, at)[0] if at + 2 <= len(data) else 0


def _u32(data, at):
    return struct.unpack_from("<I", data, at)[0] if at + 4 <= len(data) else 0


def _i32(data, at):
    return struct.unpack_from("<i", data, at)[0] if at + 4 <= len(data) else 0
