"""The report, rule, agency and violation pages say what they must: the marked, anchored cell,
the claim beside the number it contradicts, the basis, the years side by side."""
import json
import re

import pytest

import web_fixture as fx
from web_fixture import audit_db, ids  # noqa: F401  (fixtures)
from datasette_gov_disclosure import formats as T
from datasette_gov_disclosure.web import layout


def cell_tag(html, anchor):
    match = re.search(r'<td id="%s"[^>]*>' % re.escape(anchor), html)
    assert match, f"no cell #{anchor}"
    return match.group(0)


def test_anchor_contract():
    assert layout.anchor("t3", "carry_out", "total") == "t3-carry_out-total"
    assert layout.anchor("t3", "r.deny.secret", "np") == "t3-r_deny_secret-np"
    assert layout.anchor("t4", "lit_after_rev", "total") == "t4-lit_after_rev-total"


@pytest.mark.parametrize("fmt", T.FORMATS)
def test_every_template_cell_is_drawn_once_with_its_anchor(fmt):
    cells = [{"tbl": t, "row_key": r, "col_key": c, "value": 1, "raw": "1", "state": "number", "line": 1}
             for t, r, c in T.template_cells(fmt)]
    drawn = [c["anchor"] for table in layout.report_tables(fmt, cells, [], [])
             for row in table["body"] for c in row["cells"] if c["kind"] == "value"]
    assert sorted(drawn) == sorted(layout.anchor(*k) for k in T.template_cells(fmt))


def test_table3_has_the_official_header_bands_and_groups():
    t3 = layout.report_tables("2021", [], [], [])[1]
    heads = [[c["text"] for c in row] for row in t3["head"]]
    assert heads[0][1] == "申请人情况" and heads[1][1] == "法人或其他组织" and heads[2][0] == "商业企业"
    first_cells = [row["cells"][0] for row in t3["body"]]
    results = [c for c in first_cells if c["text"] == "三、本年度办理结果"]
    assert len(results) == 1 and results[0]["rowspan"] == 22  # 21 result leaves + (七)总计
    groups = {c["text"]: c["rowspan"] for row in t3["body"] for c in row["cells"] if c.get("cls") == "group"}
    assert groups["（三）不予公开"] == 8 and groups["（四）无法提供"] == 3 and groups["（六）其他处理"] == 3


def test_seed_003_marks_its_incomplete_row(audit_db, ids):
    (r,) = fx.fetch([f"/audit/-/audit/report/{ids['seed3']}"], files=[audit_db])
    tag = cell_tag(r.text, "t3-carry_out-total")
    assert "gd-mark-error" in tag and "gd-state-missing" in tag
    assert "gd-mark" not in cell_tag(r.text, "t3-carry_out-np")
    assert 'href="/audit/-/audit/report/%s#t3-carry_out-total"' % ids["seed3"] in r.text
    assert "tests/data/seeds" not in r.text and "003_d21cd696e2804b07.txt" in r.text  # the source named
    assert "表三 · 四、结转下年度继续办理 · 总计" in r.text
    assert "第二十条第（九）项" in r.text  # a 2019-format report draws the 2019 Table 二


def test_claim_sits_beside_the_number_it_contradicts(audit_db, ids):
    path = f"/audit/-/audit/report/{ids['mutated']}"
    html, twin = fx.fetch([path, path + ".json"], files=[audit_db])
    html, twin = html.text, json.loads(twin.text)
    start = html.index('<td id="t3-new-total"')
    cell = html[start:html.index("</td>", start)]
    assert ">30<" in cell and "gd-mark-error" in cell and "gd-claim-differs" in cell and "文中：31" in cell
    claim = [c for c in twin["claims"] if c["key"] == "t3.new.total"][0]
    assert claim["value"] == 31 and claim["table_value"] == 30 and claim["differs"] is True
    assert "gd-mark-error" in cell_tag(html, "t3-new-np")
    assert [v["violation_id"] for v in twin["violations"]][:2] == ["v-t3001-np", "v-t3001-total"]
    document_level = [v for v in twin["violations"] if v["violation_id"] == "v-text002"][0]
    assert document_level["cell_url"].endswith("#violations") and document_level["where"] == "整份报告"


def test_rule_page_quotes_the_basis_and_lists_every_violation(audit_db, ids):
    (r,) = fx.fetch(["/audit/-/audit/rule/T3-001"], files=[audit_db])
    assert "第一项加第二项之和，等于第三项加第四项之和" in r.text
    assert r.text.count('href="/audit/-/audit/violation/v-t3001-') == 2
    assert "通过 6 份，不通过 1 份" in r.text


def test_agency_page_shows_its_reports_side_by_side(audit_db, ids):
    (r,) = fx.fetch([f"/audit/-/audit/agency/{ids['agency1']}.json"], files=[audit_db])
    data = json.loads(r.text)
    assert len(data["reports"]) == 2 and data["agency"] == "绿园区人民政府办公室"
    new_total = [row for row in data["compare"] if row["label"] == "一、本年新收申请"][0]["values"]
    assert sorted(v["text"] for v in new_total) == ["30", "31"]
    assert {v["severity"] for v in new_total} == {"error", None}


def test_violation_page_is_self_contained(audit_db, ids):
    (r,) = fx.fetch(["/audit/-/audit/violation/v-struct006-seed003"], files=[audit_db])
    text = r.text
    for words in ("达州市通川区档案馆", "2020 年度", "STRUCT-006", "表格缺项", "不得擅自删减报告事项",
                  "http://localhost/audit/-/audit/violation/v-struct006-seed003",
                  "四、结转下年度继续办理", "缺项", "window.print()"):
        assert words in text, words
    rows = re.findall(r'<tr class="gd-mark gd-mark-error">', text)
    assert len(rows) == 1  # the missing 总计 cell, among the seven of its row
    assert "相关单元格：四、结转下年度继续办理 行" in text  # the row named once, its seven cells by column
    assert re.findall(r"<tr[^>]*>\s*<td>([^<]+)</td><td><a", text) == [T.T3_COL_LABELS[c] for c in T.T3_COLS]


def test_reports_in_no_known_format_still_show(audit_db):
    import sqlite3

    conn = sqlite3.connect(audit_db)
    with conn:
        conn.execute("INSERT INTO reports (id, source, agency, agency_id, parse_status, parse_error) "
                     "VALUES ('fbroken000001', 'x.bin', NULL, NULL, 'failed', '未识别为政府信息公开工作年度报告')")
        conn.execute("INSERT INTO reports (id, source, agency, agency_id, year, format, parse_status) "
                     "VALUES ('rlegacy000001', 'old.txt', '某局', 'alegacy0001', 2017, 'legacy', 'partial')")
        conn.execute("INSERT INTO cells (report_id, tbl, row_key, col_key, value, raw, state) "
                     "VALUES ('rlegacy000001', 't3', 'new', 'total', 4, '4', 'number')")
    conn.close()
    failed, legacy, overview = fx.fetch(["/audit/-/audit/report/fbroken000001", "/audit/-/audit/report/rlegacy000001",
                                         "/audit/-/audit"], files=[audit_db])
    assert failed.status_code == 200 and "未识别为政府信息公开工作年度报告" in failed.text
    assert legacy.status_code == 200 and 'id="t3-new-total"' in legacy.text and "2019 年以前" in legacy.text
    assert overview.status_code == 200 and "（未识别机构）" in overview.text
