"""Text extracted from a real PDF by other tools: page numbers glued to rows, labels wrapped
around their numbers. The fixtures are the 淮安市人民政府 2024 report (a public document)
extracted once with pypdf (pages joined as pypdf returns them) and with pdfplumber's plain
``extract_text`` (pages joined by a newline)."""
import pytest

from conftest import actual_cells, expected_cells, load_expected
from datasette_gov_disclosure.pagenumbers import is_page_number, strip_glued

PYPDF = "corpus/000_huaian-city-gov-2024-pypdf.txt"
PLUMBER = "corpus/000_huaian-city-gov-2024-pdfplumber.txt"
T3 = "np org_business org_research org_public_welfare org_legal org_other total".split()

# Read by hand off the PDF's pages 4 and 5 (Table 三), for the rows the two extractions garble:
# pypdf glues the page footer to 不掌握's row ("… 10 1 769- 5 -"); pdfplumber wraps four labels
# around their numbers ("5.要求行政机关确认或重新出" / "1 0 0 0 0 0 1" / "具已获取信息").
BY_HAND = {
    "r.partial": [447, 7, 0, 0, 0, 0, 454],
    "r.unable.not_held": [746, 12, 0, 0, 10, 1, 769],
    "r.noproc.confirm": [1, 0, 0, 0, 0, 0, 1],
    "r.other.no_correction": [67, 3, 0, 0, 1, 0, 71],
    "r.other.unpaid_fee": [6, 0, 0, 0, 0, 0, 6],
}


@pytest.mark.parametrize("path", [PYPDF, PLUMBER])
def test_the_garbled_rows_are_read(path, parse_data_file):
    cells = actual_cells(parse_data_file(path))
    for row_key, values in BY_HAND.items():
        assert [cells[("t3", row_key, col)] for col in T3] == [("number", v) for v in values], row_key


@pytest.mark.parametrize("path", [PYPDF, PLUMBER])
def test_every_cell_matches_the_hand_read_report(path, parse_data_file):
    """tests/expected/corpus_000.yml was read by hand from another extraction of the same PDF;
    its Table 二/三/四 values agree with the PDF's pages (rechecked for the rows above)."""
    report = parse_data_file(path)
    assert report.parse_status == "ok"
    assert actual_cells(report) == expected_cells(load_expected("corpus_000.yml"))


def test_a_page_number_glued_to_a_line_is_stripped():
    assert strip_glued("（四）无 1.本机关不掌握相关政府信息 746 12 0 0 10 1 769- 5 -") == \
        "（四）无 1.本机关不掌握相关政府信息 746 12 0 0 10 1 769"
    assert strip_glued("第二十条 第（六）项- 4 -") == "第二十条 第（六）项"
    assert strip_glued("本机关不掌握 746 769 第4页") == "本机关不掌握 746 769"
    assert strip_glued("规章 - 5 -") == "规章 - 5 -"   # three cells: blank, 5, blank
    assert is_page_number("- 4 -") and is_page_number("第 4 页 共 9 页") and not is_page_number("4")


def _cells(text):
    from datasette_gov_disclosure.document import Block, Document
    from datasette_gov_disclosure.parse.tables import is_any_row_label
    from datasette_gov_disclosure.parse.tokens import document_tokens

    doc = Document([Block("line", i + 1, line) for i, line in enumerate(text.split("\n"))])
    return [t.text for t in document_tokens(doc, is_label=is_any_row_label) if t.text]


def test_a_label_wrapped_around_its_numbers_is_joined():
    assert _cells("5.要求行政机关确认或重新出\n1 0 0 0 0 0 1\n- 5 -\n具已获取信息") == [
        "5.要求行政机关确认或重新出具已获取信息", "1", "0", "0", "0", "0", "0", "1"]
    # the middle of the label on the numbers' line, a group label's pieces in between
    assert _cells("（六）其\n2、申请人逾期未按收费通知要\n他处理\n求缴纳费用、行政机关不再处理 6 0 0 0 0 0 6\n"
                  "其政府信息公开申请") == [
        "（六）其", "他处理", "2、申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "6", "0", "0", "0", "0", "0", "6"]


def test_a_data_row_is_never_taken_for_the_end_of_a_label():
    # Table 四's lone data row followed by a label: the label stays the next row's
    assert _cells("0 0 0 0 0\n3.其他") == ["0", "0", "0", "0", "0", "3.其他"]
