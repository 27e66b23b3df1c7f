"""Write a parsed report back out as an HTML page, a DOCX and a PDF, tables in the official layout.

The round-trip tests read these files back and expect exactly the cells of the text version.
Tables use the official merged headers (rowspan/colspan in HTML, merged cells in Word,
spans in the PDF). A row whose last cells are missing in the text is written short: the
last present cell spans the missing positions, so no empty cell is invented.
"""
from html import escape

from datasette_gov_disclosure import formats as T

# A tall page: a table cannot break inside a cell spanning rows (三、本年度办理结果 spans 22).
PAGE = (900, 1500)
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


# ------------------------------------------------------------------ the layout, format-neutral
# A table is a list of rows; a row is a list of (text, rowspan, colspan).

def _values(cells, tbl, row_key, cols):
    """The row's cell texts; None for a missing cell (only trailing ones can be written)."""
    out = [cells.get((tbl, row_key, c)) for c in cols]
    out = [None if c is None or c["state"] == "missing" else (c["raw"] or "") for c in out]
    while out and out[-1] is None:
        out.pop()
    assert None not in out, f"{tbl}.{row_key}: a missing cell inside a row cannot be laid out"
    return out


def _value_cells(values, width):
    """Cells for the values, the last one spanning the positions of missing trailing cells."""
    if not values:
        return [("", 1, width)] if width else []
    row = [(v, 1, 1) for v in values]
    text, rs, _ = row[-1]
    row[-1] = (text, rs, 1 + width - len(values))
    return row


def t2_tables(cells, fmt):
    rows = []
    for sub in T.T2[fmt].values():
        cols = list(sub["cols"])
        rows.append([(sub["caption"], 1, 1 + len(cols))])
        rows.append([("信息内容", 1, 1)] + [(sub["cols"][c][0], 1, 1) for c in cols])
        for row_key, labels in sub["rows"].items():
            rows.append([(labels[0], 1, 1)] + _value_cells(_values(cells, "t2", row_key, cols), len(cols)))
    return rows


def t3_table(cells, fmt):
    cols = T.T3_COLS
    head = [
        [(T3_NOTE, 3, 3), ("申请人情况", 1, 7)],
        [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)],
        [(T.T3_COL_LABELS[c], 1, 1) for c in cols[1:6]],
    ]
    labels = dict(T.T3_ROWS[fmt])
    keys = [k for k, _ in T.T3_ROWS[fmt]]
    results = keys[keys.index("r.open"):keys.index("r.total") + 1]
    groups = {"r.deny.": "（三）不予公开", "r.unable.": "（四）无法提供", "r.noproc.": "（五）不予处理",
              "r.other.": "（六）其他处理"}
    body = []
    for key in keys:
        values = _value_cells(_values(cells, "t3", key, cols), 7)
        label = labels[key][0]
        if key not in results:
            body.append([(label, 1, 3)] + values)
            continue
        row = [("三、本年度办理结果", len(results), 1)] if key == "r.open" else []
        prefix = next((p for p in groups if key.startswith(p)), None)
        if prefix is None:
            row.append((label, 1, 2))
        else:
            members = [k for k in keys if k.startswith(prefix)]
            if key == members[0]:
                row.append((groups[prefix], len(members), 1))
            row.append((label, 1, 1))
        body.append(row + values)
    return head + body


def t4_table(cells):
    order = [(g, c) for g, c in T.T4_CELL_ORDER]
    flat = [cells.get(("t4", g, c)) for g, c in order]
    values = [None if c is None or c["state"] == "missing" else (c["raw"] or "") for c in flat]
    while values and values[-1] is None:
        values.pop()
    assert None not in values
    heads = [T.T4_COL_LABELS[c] for c in T.T4_COLS]
    return [
        [("行政复议", 1, 5), ("行政诉讼", 1, 10)],
        [(h, 2, 1) for h in heads] + [("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
        [(h, 1, 1) for h in heads * 2],
        _value_cells(values, 15),
    ]


def blocks(report, raw_title):
    """[("p", text) | ("table", rows)] for a whole report: title, narrative, the three tables."""
    cells = {(c["tbl"], c["row_key"], c["col_key"]): c for c in report.cells}
    out = [("p", raw_title)]
    for s in report.sections:
        if not s["no"]:
            continue  # the preamble (section 0): the title above stands in for it
        out.append(("p", s["title"]))
        if s["no"] == 2:
            out.append(("table", t2_tables(cells, report.format)))
        elif s["no"] == 3:
            out.append(("table", t3_table(cells, report.format)))
        elif s["no"] == 4:
            out.append(("table", t4_table(cells)))
        else:
            out.extend(("p", line.strip()) for line in s["text"].split("\n") if line.strip())
    return out


# ------------------------------------------------------------------ writers

def write_html(items, path, encoding="utf-8", declare=True, nbsp=True):
    parts = ["<!DOCTYPE html><html><head>"]
    if declare:
        parts.append(f'<meta charset="{encoding}">')
    parts.append("<title>报告</title></head><body>")
    parts.append('<div class="nav"><a href="/">首页</a> <a href="/zwgk">政务公开</a></div>')
    parts.append('<table class="meta"><tr><td>索引号：000014349/2023-05239</td><td>发布机构：某单位</td></tr>'
                 '<tr><td>发布日期：2026-01-20</td><td>文号：</td></tr></table>')
    parts.append('<div class="content">')
    for kind, value in items:
        if kind == "p":
            parts.append(f"<p>{escape(value)}</p>")
            continue
        parts.append('<table border="1">')
        for row in value:
            parts.append("<tr>")
            for text, rs, cs in row:
                attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
                content = escape(text) if text else ("&nbsp;" if nbsp else "")
                parts.append(f"<td{attrs}><p>{content}</p></td>")
            parts.append("</tr>")
        parts.append("</table>")
    parts.append('</div><div class="footer">主办单位：某市人民政府办公室 备案号：12345</div></body></html>')
    with open(path, "wb") as f:
        f.write("".join(parts).encode(encoding))


def _grid_size(rows):
    """(number of rows, number of columns) of a spanned table."""
    return len(rows), max(c + cs for _, c, _, _, cs in _placed(rows))


def _placed(rows):
    """(r, c, text, rowspan, colspan) of every written cell."""
    taken = set()
    for r, row in enumerate(rows):
        c = 0
        for text, rs, cs in row:
            while (r, c) in taken:
                c += 1
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((r + dr, c + dc))
            yield r, c, text, rs, cs
            c += cs


def write_docx(items, path):
    import docx

    document = docx.Document()
    for kind, value in items:
        if kind == "p":
            document.add_paragraph(value)
            continue
        nrows, ncols = _grid_size(value)
        table = document.add_table(rows=nrows, cols=ncols)
        for r, c, text, rs, cs in _placed(value):
            cell = table.cell(r, c)
            if rs > 1 or cs > 1:
                cell = cell.merge(table.cell(r + rs - 1, c + cs - 1))
            cell.text = text
    document.save(path)


def write_pdf(items, path, ruled=True):
    """A PDF with the tables ruled (pdfplumber finds them as tables) or borderless (they come
    out as text lines: "label 0 0 0", labels wrapped onto a second line)."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    text_style = ParagraphStyle("cn", fontName="STSong-Light", fontSize=9, leading=12, wordWrap="CJK")
    cell_style = ParagraphStyle("cell", parent=text_style, fontSize=7, leading=9)
    story = []
    for kind, value in items:
        if kind == "p":
            story.append(Paragraph(escape(value), text_style))
            continue
        nrows, ncols = _grid_size(value)
        data = [[""] * ncols for _ in range(nrows)]
        spans = []
        for r, c, text, rs, cs in _placed(value):
            data[r][c] = Paragraph(escape(text), cell_style) if text else ""
            if rs > 1 or cs > 1:
                spans.append(("SPAN", (c, r), (c + cs - 1, r + rs - 1)))
        first = 150 if ncols <= 5 else 60
        widths = [first] + [min(90, (PAGE[0] - 100 - first) / (ncols - 1))] * (ncols - 1)
        table = Table(data, colWidths=widths)
        rules = [("GRID", (0, 0), (-1, -1), 0.5, colors.black)] if ruled else []
        table.setStyle(TableStyle(rules + [("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
                                           ("FONTSIZE", (0, 0), (-1, -1), 7)] + spans))
        story.append(table)

    def page_number(canvas, doc):
        canvas.setFont("STSong-Light", 9)
        canvas.drawCentredString(PAGE[0] / 2, 20, f"- {doc.page} -")

    SimpleDocTemplate(path, pagesize=PAGE).build(story, onFirstPage=page_number, onLaterPages=page_number)
