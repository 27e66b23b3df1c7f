"""The five seeds give exactly the findings FORMAT.md §12 expects, and nothing else.

The lists below were written from FORMAT.md (§2, §7, §8, §10, §12) and by reading the seeds,
not from the audit's output. Each entry says where it comes from.
"""
import pytest

from rules_support import audited_db, findings, statuses

SEEDS = {
    "000": "seeds/000_ee4684b768120127.txt",
    "001": "seeds/001_f7ae2969909213d6.txt",
    "002": "seeds/002_79fe859667c2588d.txt",
    "003": "seeds/003_d21cd696e2804b07.txt",
    "004": "seeds/004_2bd05c700e80ad6e.txt",
}

# (rule, severity, tbl, row_key, col_key)
EXPECTED = {
    "000": {
        # §12: "TEXT-008 INFO (一 lacks 依申请/平台 sub-parts)"
        ("TEXT-008", "info", None, None, None),
        # §7/§10.5 TEXT-010: 六 holds only "2025年度本单位未收取信息处理费。" — no 建议提案/要点/创新
        ("TEXT-010", "info", None, None, None),
    },
    "001": {
        # §12 + §10.1: STRUCT-007 on the blank 行政事业性收费 amount, INFO for that cell
        ("STRUCT-007", "info", "t2", "admin_fee", "amount_wan"),
        # No TEXT-008: 001's 一 has no 政府信息管理 sub-heading (§2), but covers it in other words:
        # "严格落实 “三审三校” 制度", "保密审查流程", "清单化管理" (read in (一) and (二) of 一)
        # 六 is only "本单位2025年未收到信息公开处理费。"
        ("TEXT-010", "info", None, None, None),
    },
    "002": {
        # §12: STRUCT-009 ("本单位（本地区）"), TEXT-005 WARNING (五 is generic), PUB-005 INFO (no date)
        ("STRUCT-009", "warning", None, None, None),
        ("TEXT-005", "warning", None, None, None),
        ("PUB-005", "info", None, None, None),
        # No TEXT-008: 002's 一 does not follow the five sub-parts (§2) but covers each: "主动公开和依申请公开",
        # "使得政府信息公开管理工作更加规范", "以政府门户网站政务公开专栏为主要平台", "政务公开考核"
        # 六 is only the fee sentence
        ("TEXT-010", "info", None, None, None),
        # §10.5 TEXT-003 "INFO if absent": 002 states no 统计期限 anywhere (no "1月1日…12月31日" in the text)
        ("TEXT-003", "info", None, None, None),
    },
    "003": {
        # §12: "STRUCT-006 ERROR: row 四、结转下年度继续办理 has 6 of 7 cells"; the row is
        # "| 0 | 0 | 0 | 0 | 0 | 0 |": nothing shows which of the 7 columns is absent, so no column is named
        ("STRUCT-006", "error", "t3", "carry_out", None),
        # §8: "002 and 003 carry no date in the extracted text"; PUB-005 basis "seeds 002/003"
        ("PUB-005", "info", None, None, None),
        # §10.5 TEXT-003 "INFO if absent": 003 opens with 一、總體情況 and states no 统计期限 anywhere
        ("TEXT-003", "info", None, None, None),
    },
    # §12: all zeros PASS; TEXT-010 satisfied; 五 references last-year problems; dated 2025-01-13
    "004": set(),
}

# Rule outcomes §12 states explicitly (pass), or that follow from its notes (skipped).
EXPECTED_STATUS = {
    "000": {"T3-001": "pass", "T3-002": "pass", "T3-003": "pass", "T4-001": "pass", "T4-002": "pass",
            "T4-003": "pass", "TEXT-006": "pass", "PUB-001": "pass"},
    "001": {"T3-001": "pass", "T3-003": "pass", "T4-001": "pass", "T4-003": "pass", "TEXT-001": "pass",
            "TEXT-002": "pass", "T4-005": "pass", "TEXT-006": "pass", "PUB-001": "pass"},
    "002": {"TEXT-006": "pass", "PUB-001": "skipped"},
    # F19 correct for 2020 (no STRUCT-003); fee rule n/a for 2020; TEXT-001 PASS (21);
    # the missing 总计 cell leaves the 总计 column's balance undecidable
    "003": {"STRUCT-003": "skipped", "STRUCT-004": "pass", "TEXT-006": "skipped", "TEXT-001": "pass",
            "T3-001": "skipped", "T3-003": "pass"},
    "004": {"TEXT-010": "pass", "TEXT-001": "pass", "TEXT-005": "pass", "PUB-001": "pass", "T3-001": "pass",
            "TEXT-008": "pass"},
}


@pytest.fixture(scope="module")
def seeds_db(parse_data_file):
    reports = {k: parse_data_file(path) for k, path in SEEDS.items()}
    db = audited_db(reports.values())
    return db, {k: r.id for k, r in reports.items()}


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_findings_are_exactly_the_expected_ones(seeds_db, seed):
    db, ids = seeds_db
    got = findings(db.conn, ids[seed])
    assert got == EXPECTED[seed], f"unexpected: {got - EXPECTED[seed]}; missing: {EXPECTED[seed] - got}"


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_rule_outcomes(seeds_db, seed):
    db, ids = seeds_db
    got = statuses(db.conn, ids[seed])
    assert {k: got[k] for k in EXPECTED_STATUS[seed]} == EXPECTED_STATUS[seed]


def test_no_error_on_any_seed_but_the_short_row(seeds_db):
    db, _ = seeds_db
    errors = [tuple(r) for r in db.conn.execute("SELECT rule_id, row_key FROM violations WHERE severity = 'error'")]
    assert errors == [("STRUCT-006", "carry_out")]


def test_every_report_has_one_result_per_rule(seeds_db):
    db, _ = seeds_db
    n_rules = db.conn.execute("SELECT count(*) FROM rules").fetchone()[0]
    per_report = db.conn.execute("SELECT count(*) FROM rule_results GROUP BY report_id").fetchall()
    assert per_report == [(n_rules,)] * 5
