"""A finding holds up when the agency reads it: what it says about headers, units and columns is
true of the format the report was written in.

Expected values read off the reports by hand:
- corpus 021, 上海市人民政府办公厅 2019 (2019 format, published 2020-01-31): table 二 第（九）项 has
  the header "信息内容 | 采购项目数量 | 采购总金额" — no unit anywhere in it — and the row
  "政府集中采购 | 6 | 251000元".
"""
import pytest

from rules_support import audited_db, findings

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
