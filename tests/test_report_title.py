"""reports.title: the report's own title as written, or none — never made up from agency and year
(the rectification notice quotes it in 《…》 only when it is there)."""
import sqlite3

import pytest

from datasette_gov_disclosure import store
from datasette_gov_disclosure.parse import metadata

# Read off each file by hand (the line given).
TITLES = [
    ("seeds/001_f7ae2969909213d6.txt", "绿园区人民政府办公室2025年政府信息公开年报"),  # line 3
    ("seeds/004_2bd05c700e80ad6e.txt", "武汉市硚口区档案馆2024年政府信息公开工作年度报告"),  # lines 1-2, broken in two
    # the heading in the HTML body (line 1, the first <p>), not a title made of agency and year
    ("corpus/021_shanghai-govoffice-2019-html.html", "2019年上海市人民政府办公厅政府信息公开工作年度报告"),
    # the body's own heading (line 10, "…年度报告 根据《中华人民共和国…"), not the saved copy's
    # header "标题: 平潭综合实验区2019年度政府信息公开工作年度报告" (line 1)
    ("corpus/013_pingtan-2019-concat.txt", "平潭综合实验区2019年政府信息公开工作年度报告"),
    # no heading in the body: the title the page was published under (header line 1)
    ("corpus/014_pingtan-2023-concat.txt", "平潭综合实验区2023年度政府信息公开工作年度报告"),
    # no heading in the body: <meta name="ArticleTitle"> (line 11)
    ("corpus/030_pingtan-2023-fullpage.html", "平潭综合实验区2023年度政府信息公开工作年度报告"),
    ("seeds/002_79fe859667c2588d.txt", None),  # starts with 一、总体情况: no title anywhere
    ("seeds/003_d21cd696e2804b07.txt", None),  # starts with 一、總體情況 (and is in traditional script)
]


@pytest.mark.parametrize("relpath, title", TITLES)
def test_the_reports_own_title_or_none(parse_data_file, relpath, title):
    assert parse_data_file(relpath).title == title


@pytest.mark.parametrize("line", [
    "根据《中华人民共和国政府信息公开条例》规定,现公布绿园区人民政府办公室2025年政府信息公开工作年度报告。",
    "现公布绿园区人民政府办公室2025年政府信息公开工作年度报告",
    "本机关2025年政府信息公开工作年度报告由总体情况等六部分组成",
    "当前位置： 首页 平潭综合实验区2017年度政府信息公开工作年度报告 来源：平潭县人民政府",
])
def test_a_sentence_naming_the_report_is_not_its_title(line):
    assert metadata.report_title([(1, line)], {}) is None


def test_a_page_title_with_its_site_name():
    meta = {"title": "平潭综合实验区2023年度政府信息公开工作年度报告_政府信息公开年报_平潭综合实验区党工委管委会"}
    assert metadata.report_title([(1, "一、总体情况")], meta) == "平潭综合实验区2023年度政府信息公开工作年度报告"


def test_an_older_database_gains_the_column(tmp_path):
    path = tmp_path / "old.db"
    store.open_db(str(path)).conn.close()
    with sqlite3.connect(path) as conn:
        conn.execute("ALTER TABLE reports DROP COLUMN title")
    store.open_db(str(path)).conn.close()
    with sqlite3.connect(path) as conn:
        assert "title" in {r[1] for r in conn.execute("PRAGMA table_info(reports)")}
