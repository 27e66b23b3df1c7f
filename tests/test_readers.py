"""Readers: bytes → Document, whatever the file is called; bad input → one-line ReadError."""
import io
import json
import sys

import pytest

from conftest import DATA, actual_cells
from datasette_gov_disclosure.document import ReadError
from datasette_gov_disclosure.load import parse_bytes, parse_file
from datasette_gov_disclosure.readers import read_bytes, sniff
from layouts import blocks, write_html

SEED = DATA / "seeds" / "001_f7ae2969909213d6.txt"
SHANGHAI = DATA / "corpus" / "021_shanghai-govoffice-2019-html.html"


def _zip(files):
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buf.getvalue()


def grid(doc):
    """Tables of a Document as [[(text, origin)]]."""
    return [[[(c.text, c.origin) for c in row] for row in b.rows] for b in doc.blocks if b.kind == "table"]


def test_gbk_html_without_charset_declaration(tmp_path):
    original = parse_file(str(SEED))
    page = tmp_path / "report.html"
    write_html(blocks(original, "长春市绿园区人民政府办公室2025年政府信息公开工作年度报告"), str(page),
               encoding="gbk", declare=False)
    data = page.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    doc = read_bytes(data, "report.html")
    assert doc.encoding == "gb18030"
    assert "绿园区人民政府办公室" in doc.text()
    assert actual_cells(parse_file(str(page))) == actual_cells(original)


def test_html_page_chrome_is_dropped_and_the_date_kept(tmp_path):
    page = tmp_path / "page.html"
    write_html([("p", "一、总体情况"), ("p", "本机关全年收到申请3件。")], str(page))
    doc = read_bytes(page.read_bytes(), "page.html")
    text = doc.text()
    assert "本机关全年收到申请3件。" in text
    for chrome in ("首页", "索引号", "发布机构", "备案号"):
        assert chrome not in text
    assert doc.meta["published_on"] == "2026-01-20"
    assert doc.meta["title"] == "报告"


def test_html_spans_and_nbsp_cells():
    html = ("<table><tr><td rowspan='2' colspan='2'>申请人情况</td><td>自然人</td></tr>"
            "<tr><td>&nbsp;</td></tr><tr><td>a</td><td colspan='2'>b</td></tr></table>").encode()
    assert grid(read_bytes(html, "x.html")) == [[
        [("申请人情况", True), ("申请人情况", False), ("自然人", True)],
        [("申请人情况", False), ("申请人情况", False), ("", True)],
        [("a", True), ("b", True), ("b", False)],
    ]]


def test_html_inside_a_javascript_string(tmp_path):
    html = SHANGHAI.read_text(encoding="utf-8")
    # As a JS data file ships it: quotes escaped, CJK as \uXXXX, "</" as "<\/".
    literal = json.dumps(html).replace("</", "<\\/")
    script = tmp_path / "content.js"
    script.write_text(f"let content = {literal};\nlet title = \"x\";\n", encoding="utf-8")
    assert sniff(script.read_bytes(), "content.js") == "html"
    again = parse_file(str(script))
    assert again.reader == "html"
    assert actual_cells(again) == actual_cells(parse_file(str(SHANGHAI)))
    assert again.published_on == "2020-01-31"


def test_docx_merged_cells_are_marked_as_copies():
    import docx

    document = docx.Document()
    document.add_paragraph("一、总体情况")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(1, 1)).text = "申请人情况"
    table.cell(0, 2).text = "自然人"
    table.cell(2, 1).merge(table.cell(2, 2)).text = "5"
    table.cell(2, 0).text = "一、本年新收政府信息公开申请数量"
    document.add_paragraph("二、主动公开政府信息情况")
    buf = io.BytesIO()
    document.save(buf)
    doc = read_bytes(buf.getvalue(), "upload.bin")  # content decides, not the name
    assert doc.reader == "docx"
    assert [b.kind for b in doc.blocks] == ["line", "table", "line"]
    assert grid(doc) == [[
        [("申请人情况", True), ("申请人情况", False), ("自然人", True)],
        [("申请人情况", False), ("申请人情况", False), ("", True)],
        [("一、本年新收政府信息公开申请数量", True), ("5", True), ("5", False)],
    ]]


def test_sniff_by_content():
    assert sniff(b"<p>\xe4\xb8\x80</p>", "report.txt") == "html"
    assert sniff("一、总体情况\n本机关…".encode("utf-8"), "report.html") == "text"
    assert sniff(b"\xef\xbb\xbf%PDF-1.4\n...", "x.txt") == "pdf"
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "x.doc") == "doc"
    assert sniff(b"\xff\xfe" + "一、总体情况".encode("utf-16-le"), "x.txt") == "text"
    assert sniff(b"\xff\xfe" + "<p>一、总体情况</p>".encode("utf-16-le"), "x.txt") == "html"


def test_pdf_without_pdfplumber_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pdfplumber", None)
    with pytest.raises(ReadError) as err:
        read_bytes(b"%PDF-1.4\n%%EOF\n", "x.pdf")
    message = str(err.value)
    assert "pip install 'datasette-gov-disclosure[pdf]'" in message and "\n" not in message


def test_pdf_page_numbers_are_dropped(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "r.pdf"
    c = canvas.Canvas(str(path))
    for page in (1, 2):
        c.setFont("STSong-Light", 12)
        c.drawString(72, 700, f"第{page}页的正文：本机关收到申请3件。")
        c.drawString(280, 40, f"- {page} -")
        c.showPage()
    c.save()
    doc = read_bytes(path.read_bytes(), "r.pdf")
    assert [b.text for b in doc.blocks] == ["第1页的正文：本机关收到申请3件。", "第2页的正文：本机关收到申请3件。"]


@pytest.mark.parametrize("data, name", [
    (b"", "empty.txt"),
    (b"PK\x03\x04word/document.xml broken", "broken.docx"),
    (_zip({"word/other.xml": "<a/>"}), "no-document.docx"),
    (b"%PDF-1.4\nnot really a pdf", "broken.pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old.doc"),
    (b"<html><head><script>var a=1;</script></head><body></body></html>", "empty.html"),
])
def test_bad_input_is_a_one_line_read_error(data, name):
    with pytest.raises(ReadError) as err:
        read_bytes(data, name)
    assert str(err.value) and "\n" not in str(err.value)
    report = parse_bytes(data, name)
    assert report.parse_status == "failed" and report.parse_error == str(err.value)


def test_column_by_column_table_is_read_only_when_the_counts_fit():
    labels = "一、本年新收政府信息公开申请数量\n二、上年结转政府信息公开申请数量\n自然人\n商业企业\n总计\n"
    head = "某市档案馆2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
    columns = ["5", "1"] + ["0", "0"] * 5 + ["5", "1"]  # column by column: 自然人 (5, 1), … 总计 (5, 1)
    fits = parse_bytes((head + labels + "\n".join(columns)).encode("utf-8"), "a.txt")
    cells = actual_cells(fits)
    assert [cells[("t3", "new", c)] for c in ("np", "org_business", "total")] == [("number", 5), ("number", 0), ("number", 5)]
    assert [cells[("t3", "carry_in", c)] for c in ("np", "total")] == [("number", 1), ("number", 1)]
    short = parse_bytes((head + labels + "\n".join(columns[:-1])).encode("utf-8"), "b.txt")
    cells = actual_cells(short)
    assert {cells[("t3", r, "np")] for r in ("new", "carry_in")} == {("missing", None)}
    assert any("按列" in note for note in short.notes)
