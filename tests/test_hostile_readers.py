"""Small files that expand to gigabytes or take hours in a reader or the parser (issue 13 items 2, 3, 4).

Each case is loaded beside a good report, in a subprocess under a 512 MB address-space limit
and a time limit: the case gets one row with the reason, the good report is committed.
"""
import pytest

import hostile_cases as H
from datasette_gov_disclosure.document import ReadError
from limits import good_report, outcomes, run_limited

CASES = {
    "spans.html": (H.html_spans_multiply, "failed", "未识别为政府信息公开工作年度报告"),
    "wide.html": (H.html_wide_rows, "failed", "未识别为政府信息公开工作年度报告"),
    "bomb.docx": (lambda d: H.docx_bomb(d, mib=100), "failed", "可能是压缩炸弹"),
    "paragraphs.docx": (H.docx_many_paragraphs, "failed", "可能是压缩炸弹"),
    "gridspan.docx": (H.docx_grid_span, "failed", "Word 表格过大"),
    "pages.pdf": (lambda d: H.pdf_many_pages(d, pages=200), "failed", "PDF 共 200 页，只读取了前 60 页"),
    "claims.txt": (H.narrative_many_claims, "partial", "未找到：表二"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_file_costs_one_row(tmp_path, name):
    make, status, reason = CASES[name]
    folder = tmp_path / "in"
    folder.mkdir()
    good_report(folder)
    assert make(str(folder)).endswith(name)
    run = run_limited("load", folder, "--db", tmp_path / "a.db", "--jobs", "2", seconds=60)
    assert run.returncode == 0, run.stderr
    rows = outcomes(tmp_path / "a.db")
    assert rows["good.txt"] == ("ok", None)
    assert rows[name][0] == status and reason in rows[name][1], rows[name]


def test_spans_are_clamped_to_the_table():
    """A rowspan past the last row covers the rows there are; a colspan covers at most as many
    columns as the fullest row has cells (here 2) and stops at the widest row (3 columns)."""
    from datasette_gov_disclosure.readers import read_bytes

    html = ("<table><tr><td rowspan=200>甲</td><td colspan=200>乙</td></tr>"
            "<tr><td>1</td></tr><tr><td>2</td><td>3</td></tr></table>").encode()
    grid = [[(c.text, c.origin) for c in row] for row in read_bytes(html, "x.html").blocks[0].rows]
    assert grid == [[("甲", True), ("乙", True), ("乙", False)], [("甲", False), ("1", True)],
                    [("甲", False), ("2", True), ("3", True)]]


def test_a_table_past_the_grid_cap_is_refused():
    from datasette_gov_disclosure.readers import read_bytes
    from datasette_gov_disclosure.readers.grid import MAX_GRID_CELLS

    row = "<tr>" + "<td>1</td>" * 100 + "</tr>"
    rows = MAX_GRID_CELLS // 100 + 1
    html = ("<p>一、总体情况</p><table>" + row * rows + "</table>").encode()
    with pytest.raises(ReadError, match="网页表格过大"):
        read_bytes(html, "x.html")


def test_word_grid_span_clamped_to_the_table_grid(tmp_path):
    from datasette_gov_disclosure.readers import read_bytes

    row = ('<w:tr><w:tc><w:p><w:r><w:t>项目</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val="150"/>'
           '</w:tcPr><w:p><w:r><w:t>总计</w:t></w:r></w:p></w:tc></w:tr>')
    table = (f'<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>{row}</w:tbl>').encode()
    data = H._docx({"word/document.xml": H._body([table])})
    rows = [b.rows for b in read_bytes(data, "x.docx").blocks if b.kind == "table"][0]
    assert [(c.text, c.origin) for c in rows[0]] == [("项目", True), ("总计", True), ("总计", False)]
