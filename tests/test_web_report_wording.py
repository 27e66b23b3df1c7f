"""The report page's words, on two real reports loaded and audited the way a user does.

上海市人民政府办公厅 2019 (tests/data/corpus/021_shanghai-govoffice-2019-html.html), read by hand:
the narrative says "予以公开及部分公开258件"; Table 三 row (一)予以公开 has 258, 12, 1, 1 and a blank
总计 (272), row (二)部分公开 has 3 and a blank 总计 (3): 275 in the table against 258 in the text,
the report's one narrative number that differs from its table. Its other narrative numbers
(859 受理, 805 答复, 18 结转, 72 顺延) agree with the table and are not marked in it.

平潭综合实验区 2017 (tests/data/corpus/020_pingtan-2017-pre2019.txt): the area is run by a 管委会;
its name alone does not say what kind of body it is, so no body type is shown.
"""

import lxml.html
import pytest

import web_fixture as fx
from datasette_gov_disclosure.web.layout import body_type_label

SHANGHAI = "021_shanghai-govoffice-2019-html.html"
PINGTAN_2017 = "020_pingtan-2017-pre2019.txt"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return fx.audited_files(tmp_path_factory.mktemp("wording"), ("corpus/" + SHANGHAI, "corpus/" + PINGTAN_2017))


def page(db, source):
    import sqlite3

    conn = sqlite3.connect(db)
    report_id = fx.report_id(conn, source)
    conn.close()
    response = fx.fetch([f"/audit/-/audit/report/{report_id}"], files=[db])[0]
    assert response.status_code == 200
    return response.text


def test_only_the_differing_narrative_number_is_marked_in_the_table(db):
    doc = lxml.html.fromstring(page(db, SHANGHAI))
    marks = doc.xpath("//table[contains(@class, 'gd-form')]//*[contains(@class, 'gd-claim')]")
    assert len(marks) == 1
    cell = marks[0].getparent()
    assert cell.get("id") == "t3-r_open-total" and cell.xpath("./a[@class='gd-anchor']")[0].text == "空"
    assert " ".join(marks[0].text_content().split()) == "文中：258，表中两行合计 275（总计栏空白，按各栏之和计）"
    legend = doc.xpath("//p[@class='gd-legend']")[0].text_content()
    assert "文中：数字" in legend and "相符的不标出" in legend and "文中：N" not in legend


def test_the_narrative_list_shows_the_table_value_of_a_blank_total(db):
    doc = lxml.html.fromstring(page(db, SHANGHAI))
    rows = {tr.xpath("./td")[1].text_content().strip(): tr for tr in doc.xpath("//section[@id='claims']//tbody/tr")}
    differing = rows["258"]
    assert differing.get("class") == "gd-claim-row-differs"
    shown = " ".join(differing.xpath("./td")[2].text_content().split())
    assert shown == "275（总计栏空白，按各栏之和计） 不一致"
    for agreeing in ("859", "805", "18", "72"):
        assert rows[agreeing].get("class") != "gd-claim-row-differs", agreeing
        assert rows[agreeing].xpath("./td")[2].text_content().strip() == agreeing


def test_body_type_is_shown_only_when_the_name_says_it(db):
    byline = lxml.html.fromstring(page(db, PINGTAN_2017)).xpath("//p[@class='gd-byline']")[0].text_content()
    assert "平潭综合实验区" in byline and "人民政府" not in byline
    byline = lxml.html.fromstring(page(db, SHANGHAI)).xpath("//p[@class='gd-byline']")[0].text_content()
    assert "上海市人民政府办公厅（部门）" in byline
    assert body_type_label("平潭综合实验区", "government") is None
    assert body_type_label("平潭综合实验区管理委员会", "government") == "管理委员会"
    assert body_type_label("长春市朝阳区人民政府", "government") == "人民政府"
    assert body_type_label("永春街道办事处", "township") == "乡镇、街道"
    assert body_type_label("长春市经济合作局", "department") == "部门"
    assert body_type_label("某某公司", "department") is None


def test_a_missing_date_is_worded_as_on_the_notices(db):
    for source in (SHANGHAI, PINGTAN_2017):
        html = page(db, source)
        assert "文中未找到" not in html
        byline = lxml.html.fromstring(html).xpath("//p[@class='gd-byline']")[0].text_content()
        assert "发布日期" in byline


def test_blank_cell_counts_say_what_they_count(db):
    text = " ".join(lxml.html.fromstring(page(db, SHANGHAI)).text_content().split())
    assert "未填数字的单元格数" in text and "所在各行的单元格总数" in text


def test_cell_line_numbers_only_where_they_say_where_the_cell_is(db, tmp_path):
    """A web page's cells all sit on line 1 of its source: no "（第 1 行）" on them. Seed 003, a text
    copy, has its Table 三 row by row, row 一 on line 31 (read by hand: "一、本年新收政府信息公開申請數量 | 0 | …")."""
    titles = [td.get("title") for td in lxml.html.fromstring(page(db, SHANGHAI)).xpath("//td[@title]")]
    assert titles and not [t for t in titles if "行）" in t]
    seed = fx.audited_files(tmp_path, ["seeds/003_d21cd696e2804b07.txt"])
    cell = lxml.html.fromstring(page(seed, "003_d21cd")).xpath("//td[@id='t3-new-np']")[0]
    assert cell.get("title").endswith("（第 31 行）")
