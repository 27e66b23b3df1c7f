"""A finding holds up when the agency reads it: what it says about headers, units and columns is
true of the format the report was written in.

Expected values read off the reports by hand:
- corpus 021, 上海市人民政府办公厅 2019 (2019 format, published 2020-01-31): table 二 第（九）项 has
  the header "信息内容 | 采购项目数量 | 采购总金额" — no unit anywhere in it — and the row
  "政府集中采购 | 6 | 251000元".
"""
import pytest

from rules_support import audited_db, findings, shipped_rules

SHANGHAI_2019 = "corpus/021_shanghai-govoffice-2019-html.html"


@pytest.fixture(scope="module")
def shanghai(parse_data_file):
    report = parse_data_file(SHANGHAI_2019)
    return audited_db([report]).conn, report.id


def test_a_unit_written_under_a_header_without_one_is_not_a_finding(shanghai):
    conn, rid = shanghai
    (raw, state), = conn.execute("SELECT raw, state FROM cells WHERE report_id = ? AND tbl = 't2' "
                                 "AND row_key = 'central_procurement' AND col_key = 'amount'", [rid])
    assert "251000元" in raw and state == "text"
    assert not [f for f in findings(conn, rid) if f[0] == "STRUCT-008"]


def test_only_the_fee_amount_is_told_its_header_unit(parse_data_file):
    """Seed 001 (绿园区 2025, 2021 format): the fee header reads "本年收费金额(单位:万元)"; table 三
    has no unit in any header. A copy with text written into one cell of each."""
    import copy

    from rules_support import apart

    report = apart(copy.deepcopy(parse_data_file("seeds/001_f7ae2969909213d6.txt")), "units")
    report.id = "r000000units"
    for c in report.cells:
        if (c["tbl"], c["row_key"], c["col_key"]) == ("t2", "admin_fee", "amount_wan"):
            c.update(state="text", value=3000, raw="3000元")
        if (c["tbl"], c["row_key"], c["col_key"]) == ("t3", "new", "np"):
            c.update(state="text", raw=f"{int(c['value'])}件")
    conn = audited_db([report]).conn
    messages = dict(conn.execute("SELECT tbl, message FROM violations WHERE rule_id = 'STRUCT-008'"))
    assert "表头已注明单位为万元" in messages["t2"] and "3000元" in messages["t2"]
    assert "表头" not in messages["t3"] and messages["t3"].endswith("统计表中应只填数字")


def bases_shown(conn, report_id):
    """{rule_id: basis} as a finding on the report cites it: the basis for the report's format."""
    return dict(conn.execute(
        "SELECT v.rule_id, b.basis FROM violations v JOIN reports r ON r.id = v.report_id "
        "JOIN rule_bases b ON b.rule_id = v.rule_id AND b.format = r.format WHERE v.report_id = ?", [report_id]))


def test_findings_on_a_2019_report_cite_only_what_was_in_force_for_it(shanghai):
    """Published 2020-01-31, before 国办公开办函〔2021〕30号 (2021-09-26) existed; the 2019 format
    has no 本年收费金额 column (its 第（八）项 counts 上一年项目数量 and 本年增/减)."""
    conn, rid = shanghai
    shown = bases_shown(conn, rid)
    assert {"STRUCT-007", "STRUCT-010", "TEXT-002"} <= set(shown)
    for rule_id, basis in shown.items():
        assert "〔2021〕" not in basis, rule_id
    assert "国办公开办函〔2019〕60号" in shown["STRUCT-007"] and "本年收费金额" not in shown["STRUCT-007"]
    assert "条例第四十七条" in shown["TEXT-002"]


def test_findings_on_a_2021_report_cite_the_2021_format(parse_data_file):
    """Seed 001 (绿园区 2025): its blank 行政事业性收费 amount is a STRUCT-007 finding."""
    report = parse_data_file("seeds/001_f7ae2969909213d6.txt")
    conn = audited_db([report]).conn
    shown = bases_shown(conn, report.id)
    assert "国办公开办函〔2021〕30号" in shown["STRUCT-007"] and "本年收费金额" in shown["STRUCT-007"]


# 上海 2019 table 三, read off the page by hand (tests/expected/corpus_021.yml lists every cell):
# blank cells per row — 一 2, 二 5, (一) 3, (二) 6, (三)1. 6, (三)2.–4. 7 each, (三)5. 6, (三)6. 5,
# (三)7. 7, (三)8. 5, (四)1. 4, (四)2. 5, (四)3. 6, (五)1. 5, (五)2. 5, (五)3.–5. 7 each, (六) 7,
# (七) 2, 四 5: 126 in all. Eleven of them are a 总计 whose row holds numbers (STRUCT-010's):
# (一) 272, (二) 3, (三)1. 14, (三)5. 5, (三)6. 4, (三)8. 12, (四)1. 265, (四)2. 47, (四)3. 25, (五)1. 149, (五)2. 9.
UNFILLED_TOTALS = ["(一)予以公开", "(二)部分公开", "(三)1.国家秘密", "(三)5.三类内部事务信息", "(三)6.四类过程性信息",
                   "(三)8.行政查询事项", "(四)1.本机关不掌握", "(四)2.需另行制作", "(四)3.补正后仍不明确",
                   "(五)1.信访举报投诉类", "(五)2.重复申请"]


def test_a_blank_total_that_cannot_be_0_is_named_once(shanghai):
    conn, rid = shanghai
    (struct_010,), = conn.execute("SELECT message FROM violations WHERE report_id = ? AND rule_id = 'STRUCT-010'",
                                  [rid])
    for row in UNFILLED_TOTALS:
        assert row + "（各栏之和" in struct_010
    (observed, struct_007), = conn.execute("SELECT observed, message FROM violations WHERE report_id = ? "
                                           "AND rule_id = 'STRUCT-007' AND tbl = 't3'", [rid])
    assert observed == 126 - 11 and struct_007.startswith("表三有 115 个单元格")
    listed = struct_007.split("：", 1)[1].replace("三(七)总计：", "")
    assert "总计" not in listed  # no 总计 cell is blank but those eleven
    # (一)予以公开 reads 258 12 · · 1 1 ·: its blank 科研机构 and 社会公益组织 are still listed
    assert "(一)予以公开：科研机构、社会公益组织；" in struct_007
    assert "(三)2.法律行政法规禁止：整行" in struct_007


def test_a_short_row_is_counted_not_assigned_a_missing_column(parse_data_file):
    """Seed 003 (达州市通川区档案馆 2020): table 三's last row reads
    "四、結轉下年度繼續辦理 | 0 | 0 | 0 | 0 | 0 | 0 |" — six values for seven columns (六 applicant
    columns and 总计), nothing in the layout saying which one is absent."""
    report = parse_data_file("seeds/003_d21cd696e2804b07.txt")
    conn = audited_db([report]).conn
    (col_key, message), = conn.execute("SELECT col_key, message FROM violations WHERE rule_id = 'STRUCT-006' "
                                       "AND report_id = ?", [report.id])
    assert col_key is None  # the finding is on the row
    assert message == "表三缺少模板要求的单元格：“四、结转下年度”一行只有6个数字，应有7个（含总计）"


def test_upheld_said_while_table_four_counts_pending_cases(shanghai):
    """上海 2019 section 一: "信息公开类行政复议7件，诉讼9件，均获维持"; table 四 reads 行政复议 5 维持,
    2 尚未审结; 未经复议直接起诉 8 维持, 1 尚未审结 (the other result cells blank)."""
    conn, rid = shanghai
    (observed, message), = conn.execute("SELECT observed, message FROM violations WHERE rule_id = 'T4-006' "
                                        "AND report_id = ?", [rid])
    assert observed == 3
    assert message.startswith("叙述中写有“均获维持”，但") and message.endswith("（合计 3 件），并非全部维持")
    assert "表四“行政复议 · 尚未审结” 2" in message and "表四“未经复议直接起诉 · 尚未审结” 1" in message
    assert "空白" not in message


def test_a_listed_total_is_quoted_up_to_the_end_of_its_list(parse_data_file):
    """平潭 2019 (corpus 013), section 一: "…共公布政府信息2599条，(其中机构职能类信息25条，…，
    其他应主动公开政府信息856条)对于主动公开的政府信息，主要通过政府门户网站…发布公开。" The parts add
    up to 25+68+28+69+90+175+67+983+48+124+856 = 2533, not 2599; the quote ends with the list."""
    report = parse_data_file("corpus/013_pingtan-2019-concat.txt")
    conn = audited_db([report]).conn
    (message,), = conn.execute("SELECT message FROM violations WHERE rule_id = 'TEXT-001' AND report_id = ?",
                               [report.id])
    assert "其他应主动公开政府信息856条)…”：总数 2599 条，分项 25+68+28+69+90+175+67+983+48+124+856 = 2533 条" in message
    assert "对于主动公开的政府信息" not in message


# The 2008 条例 (国务院令第492号) governed reports of 2018 and before: its 第三十一条 set 3月31日 for
# every organ. The 2019 条例 (国务院令第711号) applies from the 2019 reports on.
OLD_REGULATION = "国务院令第492号"


@pytest.mark.parametrize("rule", [r for r in shipped_rules() if "legacy" in r.formats and r.years.get("min", 0) < 2019],
                         ids=lambda r: r.id)
def test_a_pre_2019_report_is_cited_the_regulation_in_force_for_it(rule):
    """A rule that may judge a report of 2018 or before cites the 2008 条例 to it."""
    assert OLD_REGULATION in rule.bases["legacy"], (rule.id, rule.bases["legacy"])
