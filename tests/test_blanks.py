"""A blank cell is "not filled", not a measured 0: findings that only blanks make are never errors.

Expected values read off the reports by hand:
- corpus 021, 上海市人民政府办公厅 2019 (an HTML page): table 三's 总计 column is filled only in the
  rows 一 (859), 二 (18), (七)总计 (805) and 四 (72); every result row's 总计 is empty, and so are
  most cells that would be 0. (一)予以公开 reads 258 / 12 / 1 / 1 (自然人, 商业企业, 法律服务机构,
  其他) = 272, (二)部分公开 3 (自然人). The narrative says "予以公开及部分公开258件". Table 四 reads
  行政复议 5 维持, 2 尚未审结, 总计 7; 未经复议直接起诉 8 维持, 1 尚未审结, 总计 9; 复议后起诉 empty:
  9 blank cells. Table 二's 政府集中采购 amount is written "251000元".
  Table 三 balances wherever it is filled: 一+二 = 三(七)+四 in every column (859+18 = 805+72,
  821+18 = 767+72, 35 = 35, 2 = 2, 1 = 1), and each column's results add up to its (七)总计
  (自然人 767, 商业企业 35, 法律服务机构 2, 其他 1).
- seed 001 (绿园区人民政府办公室 2025): table 三 row (一)予以公开 reads 13 0 0 0 0 1 14.
"""
import copy
import hashlib

import pytest

from rules_support import audited_db, findings, statuses

SHANGHAI = "corpus/021_shanghai-govoffice-2019-html.html"
SEED_001 = "seeds/001_f7ae2969909213d6.txt"


@pytest.fixture(scope="module")
def shanghai(parse_data_file):
    report = parse_data_file(SHANGHAI)
    db = audited_db([report])
    return db.conn, report.id


def test_shanghai_2019_gets_one_finding_per_cause(shanghai):
    conn, rid = shanghai
    found = sorted(findings(conn, rid), key=repr)
    assert found == sorted({
        ("STRUCT-007", "warning", "t3", None, None),          # many blank cells: one finding for the table
        ("STRUCT-007", "warning", "t4", None, None),          # 9 blank cells of table 四
        # "251000元" under the 2019 header "采购总金额", which has no unit: not a finding (STRUCT-008)
        ("STRUCT-010", "warning", "t3", None, "total"),       # the 总计 column of the result rows left empty
        ("TEXT-002", "warning", "t3", None, "total"),         # 258 said, 272 + 3 = 275 in the table
        ("T4-006", "warning", "t4", None, None),              # "均获维持" said, 尚未审结 2 + 1 in table 四
    }, key=repr)
    assert len(found) <= 15
    assert not [f for f in found if f[1] == "error"]


def test_shanghai_2019_identities_over_the_empty_total_column_are_skipped_with_the_reason(shanghai):
    conn, rid = shanghai
    status = statuses(conn, rid)
    assert status["T3-001"] == "pass"  # filled wherever it reads: 859+18 = 805+72 …
    reasons = dict(conn.execute("SELECT rule_id, reason FROM rule_results WHERE report_id = ? AND status = 'skipped' "
                                "AND reason IS NOT NULL", [rid]))
    assert status["T3-002"] == "skipped" and "总计空白" in reasons["T3-002"] and "(一)予以公开" in reasons["T3-002"]
    # the 11 result rows whose other cells hold numbers; the empty rows (e.g. (三)2.) may be 0
    assert reasons["T3-002"].count("、") == 10 and "(三)2." not in reasons["T3-002"]
    assert status["T3-003"] == "skipped" and "各办理结果空白" in reasons["T3-003"] and reasons["T3-003"].endswith("总计")


def test_shanghai_2019_narrative_count_is_compared_with_the_filled_columns(shanghai):
    conn, rid = shanghai
    (observed, expected, message), = conn.execute(
        "SELECT observed, expected, message FROM violations WHERE report_id = ? AND rule_id = 'TEXT-002'", [rid])
    assert (observed, expected) == (258, 275)
    assert "272" in message and "3 计" in message


def test_shanghai_2019_blank_cells_are_listed_per_table(shanghai):
    conn, rid = shanghai
    (message,), = conn.execute("SELECT message FROM violations WHERE report_id = ? AND rule_id = 'STRUCT-007' "
                               "AND tbl = 't4'", [rid])
    assert message.startswith("表四有 9 个单元格")
    assert "复议后起诉：整行" in message and "行政复议：结果纠正、其他结果" in message
    (message,), = conn.execute("SELECT message FROM violations WHERE report_id = ? AND rule_id = 'STRUCT-010'", [rid])
    assert "(一)予以公开（各栏之和 272）" in message and "(二)部分公开（各栏之和 3）" in message


def _seed_001_with(parse_data_file, changes):
    """Seed 001 with some cells of table 三 changed: {(row, col): value or None for blank}."""
    report = copy.deepcopy(parse_data_file(SEED_001))  # the parse is cached: change a copy
    cells = []
    for c in report.cells:
        key = (c["row_key"], c["col_key"])
        if c["tbl"] == "t3" and key in changes:
            value = changes[key]
            c = dict(c, value=value, state="blank" if value is None else "number", raw="/" if value is None else str(value))
        cells.append(c)
    report.cells = cells
    report.id = "r" + hashlib.sha256(repr(sorted(changes.items())).encode()).hexdigest()[:12]
    report.agency_id = report.id  # an agency of its own: not a second version of seed 001
    return report


def test_a_failure_that_a_blank_cell_could_explain_is_a_warning_that_says_so(parse_data_file):
    # (一)予以公开: 自然人 13 left blank → 总计 14 against 0+0+0+0+0+1 = 1; were the blank 13, it holds.
    blanked = _seed_001_with(parse_data_file, {("r.open", "np"): None})
    # the same row with the 总计 written as 15: wrong whatever the blanks hold
    wrong = _seed_001_with(parse_data_file, {("r.open", "total"): 15})
    db = audited_db([blanked, wrong])
    rows = {rid: dict(((rule, row), (sev, msg)) for rule, row, sev, msg in db.conn.execute(
        "SELECT rule_id, row_key, severity, message FROM violations WHERE report_id = ?", [rid]))
        for rid in (blanked.id, wrong.id)}
    severity, message = rows[blanked.id][("T3-002", "r.open")]
    assert severity == "warning" and "可能成立" in message and "自然人" in message
    severity, message = rows[wrong.id][("T3-002", "r.open")]
    assert severity == "error" and "可能成立" not in message


def test_a_blank_total_whose_row_holds_numbers_is_not_checked_but_reported_once(parse_data_file):
    report = _seed_001_with(parse_data_file, {("r.open", "total"): None})
    db = audited_db([report])
    status = statuses(db.conn, report.id)
    assert status["T3-002"] == "skipped"
    found = findings(db.conn, report.id)
    assert ("STRUCT-010", "warning", "t3", "r.open", "total") in found
    # the only blank cell cannot be 0 (13 + 1 beside it): STRUCT-010's, not listed again by STRUCT-007
    assert not [f for f in found if f[0] == "STRUCT-007" and f[2] == "t3"]
    # (七)总计's 总计 31 against the results' 总计 with 14 missing: a blank could explain it
    assert ("T3-003", "warning", "t3", None, "total") in found
    assert not [f for f in found if f[1] == "error"]
