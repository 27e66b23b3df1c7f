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


# 平潭综合实验区 (run by its 管委会, body type government), read by hand:
# - 2025 (corpus 016): 一 ends with "（五）监督保障方面。加强政务公开工作组织领导，将政务公开纳入绩效管理指标体系，
#   压紧压实责任。…及时发现问题并督促限期整改，推动政务公开工作做优做实。" — mechanisms, no 考核/评议/追究 result,
#   and no 考核结果, 社会评议, 责任追究, 追究责任 or 问责 anywhere in the report.
# - 2023 (corpus 014): "（五）监督保障方面 … 并将检查通报结果纳入年度绩效考核管理 … 并对相关责任人进行递进式效能问责。"
PINGTAN = {"2025": "corpus/016_pingtan-2025-concat.txt", "2023": "corpus/014_pingtan-2023-concat.txt"}


@pytest.fixture(scope="module")
def pingtan(parse_data_file):
    reports = {k: parse_data_file(v) for k, v in PINGTAN.items()}
    return audited_db(reports.values()).conn, {k: r.id for k, r in reports.items()}


def test_a_government_report_without_results_is_pointed_at_its_supervision_part(pingtan):
    conn, ids = pingtan
    (severity, observed, message), = conn.execute(
        "SELECT severity, observed, message FROM violations WHERE rule_id = 'TEXT-007' AND report_id = ?",
        [ids["2025"]])
    assert severity == "info"
    assert observed.startswith("监督保障方面。加强政务公开工作组织领导，将政务公开纳入绩效管理指标体系")
    assert "“监督保障”部分写的是：“监督保障方面。加强政务公开工作组织领导" in message
    assert message.startswith("报告中未找到关于工作考核、社会评议和责任追究结果情况的表述") and "请核实" in message
    assert "人民政府" not in message  # 平潭 is run by a 管委会: the message speaks of 本级政府


def test_a_report_stating_accountability_passes(pingtan):
    conn, ids = pingtan
    assert statuses(conn, ids["2023"])["TEXT-007"] == "pass"
