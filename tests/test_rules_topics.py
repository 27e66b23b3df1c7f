"""TEXT-008 looks for the five aspects of 一、总体情况 by their usual wordings: it is a hint, says
what it did not find and asks for a check, and does not miss a report that writes an aspect in
other words.

Read by hand in section 一 of each report:
- seed 000, 长春市宽城区档案馆 2025: three parts (强化领导,健全制度 / 创新形式,拓宽内容 / 运用载体,积极宣传);
  "主动向社会各界披露", "主动接受社会各界的监督与评议"; nothing on applications (no 申请 at all), on
  managing information (审核, 保密审查, 信息管理 absent) or on a website/platform being built (only
  "充分利用窗口公示、电子政务平台等多种渠道").
- seed 001, 绿园区人民政府办公室 2025: "严格落实 “三审三校” 制度", "保密审查流程", "清单化管理";
  "信息公开平台"; "(四) 规范依申请公开"; "监督权".
- seed 002, 长春市经济合作局 2025: "政务公开工作主动公开和依申请公开", "使得政府信息公开管理工作更加规范",
  "以政府门户网站政务公开专栏为主要平台", "政务公开考核".
- corpus 016, 平潭综合实验区 2025: the five sub-headings （一）主动公开方面 … （五）监督保障方面.
"""
import pytest

from rules_support import audited_db, statuses

REPORTS = {"000": "seeds/000_ee4684b768120127.txt", "001": "seeds/001_f7ae2969909213d6.txt",
           "002": "seeds/002_79fe859667c2588d.txt", "pingtan2025": "corpus/016_pingtan-2025-concat.txt"}


@pytest.fixture(scope="module")
def audited(parse_data_file):
    reports = {k: parse_data_file(v) for k, v in REPORTS.items()}
    return audited_db(reports.values()).conn, {k: r.id for k, r in reports.items()}


@pytest.mark.parametrize("key", ["001", "002", "pingtan2025"])
def test_aspects_written_in_other_words_are_found(audited, key):
    conn, ids = audited
    assert statuses(conn, ids[key])["TEXT-008"] == "pass"


def test_a_report_without_them_gets_a_hint_that_asks_for_a_check(audited):
    conn, ids = audited
    (severity, message), = conn.execute("SELECT severity, message FROM violations WHERE rule_id = 'TEXT-008' "
                                        "AND report_id = ?", [ids["000"]])
    assert severity == "info"
    assert message == "第一部分“总体情况”中未找到关于依申请公开、政府信息管理、平台建设的表述，请核实"
