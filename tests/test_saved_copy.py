"""What a saving tool or a converter added to a report's text never becomes the report's text.

Read by hand:
- tests/data/corpus/020_pingtan-2017-pre2019.txt and 013_pingtan-2019-concat.txt: lines 1-9 are a
  crawler's header ("标题: …", "发布时间: 2018-01-23 08:51" / "2020-01-20 15:22", "原文链接: https://…",
  "本地目录: zwgk/…", "页面链接与图片详见 links.tsv(同目录)", "==================== 正文 ===================="),
  the report from line 10 on.
- tests/data/seeds/004_2bd05c700e80ad6e.txt line 418: "[bookmark: _GoBack]（三）重点领域政府信息公开情况",
  a Word bookmark in front of the report's own heading.
"""
from pathlib import Path

from datasette_gov_disclosure.load import parse_file
from datasette_gov_disclosure.parse.saved_copy import report_lines

DATA = Path(__file__).parent / "data"
TOOL_WORDS = ("本地目录", "links.tsv", "====", "标题:", "原文链接:", "发布时间:", "[bookmark")


def all_text(report):
    return "\n".join(s["title"] + "\n" + s["text"] for s in report.sections) + \
        "\n".join(c["quote"] for c in report.claims)


def test_a_crawler_header_is_not_the_report_preface():
    for name, url, date in (
            ("020_pingtan-2017-pre2019.txt",
             "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/201801/t20180123_80506.htm", "2018-01-23"),
            ("013_pingtan-2019-concat.txt",
             "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202001/t20200120_80576.htm", "2020-01-20")):
        report = parse_file(str(DATA / "corpus" / name))
        text = all_text(report)
        assert [w for w in TOOL_WORDS if w in text] == [], name
        # the header's facts are still read from it
        assert (report.url, report.published_on) == (url, date), name
        preface = report.sections[0]
        assert preface["no"] == 0 and preface["line"] == 10, name


def test_a_word_bookmark_is_dropped_and_the_heading_kept():
    report = parse_file(str(DATA / "seeds" / "004_2bd05c700e80ad6e.txt"))
    text = all_text(report)
    assert "[bookmark" not in text and "_GoBack" not in text
    assert "\n（三）重点领域政府信息公开情况" in "\n" + "\n".join(s["text"] for s in report.sections)


def test_only_a_header_made_of_a_tools_fields_is_dropped():
    body = [(1, "本报告由某局编制。"), (2, "==================== 正文 ===================="), (3, "一、总体情况")]
    assert report_lines(body) == body  # a line of the report before the separator: nothing is a header
    saved = [(1, "标题: 某局2025年度报告"), (2, "文号: "), (3, "本地目录: a/b"),
             (4, "==================== 正文 ===================="), (5, "一、总体情况")]
    assert report_lines(saved) == [(5, "一、总体情况")]
    assert report_lines([(7, "[bookmark: _GoBack]")]) == []
    assert report_lines([(7, "共[bookmark: x]5件")]) == [(7, "共5件")]


def test_the_pre_2019_statistics_table_is_section_six():
    """020's preface: "本报告由概述、…和政府信息公开情况统计表共六个部分组成"; line 10 ends with
    "六、政府信息公开情况统计表指标名称计量单位2017年度历年累计…"."""
    report = parse_file(str(DATA / "corpus" / "020_pingtan-2017-pre2019.txt"))
    sections = {s["no"]: s for s in report.sections}
    assert sorted(sections) == [0, 1, 2, 3, 4, 5, 6]
    assert sections[6]["title"] == "六、政府信息公开情况统计表"
    assert sections[6]["text"].startswith("指标名称计量单位2017年度历年累计")
    assert "六、政府信息公开情况统计表" not in sections[5]["text"]
    assert (report.parse_status, report.parse_error) == ("ok", None)
