"""How findings read: numbers named for what they are, no key shown raw, quotes cut at a clause,
problems apart from suggestions, the report page leading with the tables, and the columns other
parts of the audit add (rules.remedy, reports.version_of, rule_results.reason) shown when present."""
import json
import re
import shutil
import sqlite3

import pytest

import web_fixture as fx
from web_fixture import audit_db, ids  # noqa: F401  (fixtures)
from datasette_gov_disclosure.web import findings, wording
from datasette_gov_disclosure.web import layout as findings_layout

RAW_KEY, visible_text = fx.RAW_KEY, fx.visible_text


def test_each_kind_of_rule_names_its_two_numbers():
    assert wording.value_labels("TEXT-001", "sql") == ("叙述中的总数", "叙述中的分项之和")
    assert wording.value_labels("STRUCT-006", "cell_state", expected=7) == ("缺项的单元格数", "所在各行应有的单元格数")
    assert wording.value_labels("STRUCT-008", "cell_state", expected=None) == ("原文为", None)
    assert wording.value_labels("TEXT-002", "claim_vs_cells") == ("叙述称", "表中为")
    assert wording.value_labels("T3-002", "sum_identity") == ("总计", "各类申请人之和")
    assert wording.value_labels("NEW-001", "sql") == ("报告中为", "应为")  # a rule the pages do not know
    described = wording.describe({"rule_id": "STRUCT-006", "observed": 1, "expected": 7.0}, "cell_state")
    assert described == [{"label": "缺项的单元格数", "text": "1"}, {"label": "所在各行应有的单元格数", "text": "7"}]
    assert wording.describe({"rule_id": "STRUCT-004", "observed": "2021", "expected": "2019"}, "template_year") == [
        {"label": "使用的格式", "text": "2021 年格式"}, {"label": "应使用的格式", "text": "2019 年格式（试行）"}]


def test_a_finding_says_each_thing_once_and_nothing_the_report_did_not_say():
    # 上海市人民政府办公厅 2019 (corpus 021): "行政复议7件，诉讼9件，均获维持" against 表四's 2 and 1
    # cases 尚未审结. The report states no number: the 0 the rule stores as expected is not shown as 叙述所称.
    shanghai = {"rule_id": "T4-006", "observed": 3, "expected": 0,
                "message": "叙述中写有“均获维持”，但表四“行政复议 · 尚未审结” 2（合计 3 件），并非全部维持"}
    assert wording.describe(shanghai, "statement_vs_cells") == [{"label": "表中合计", "text": "3"}]
    # 平潭 2025 (corpus 016): the message quotes part 六 whole; a part's opening quoted (clipped) by the message
    part_six = "2025年度本单位未收取信息处理费。"
    assert wording.describe({"rule_id": "TEXT-010", "observed": part_six,
                             "message": f"第六部分只有“{part_six}”，没有说明……"}, "section_keywords") == []
    opening = "当前形势分析。当前形势下,政府信息公开工作面临公众期待持续提升与实际供给能力不足之间的矛盾,新兴领域如数据开放"
    clipped = {"rule_id": "TEXT-005", "observed": opening,
               "message": f"第五部分没有写出本机关存在的具体问题、改进措施（开头：“{opening[:40]}…”）"}
    assert wording.describe(clipped, "section_keywords") == []
    # a quote the message does not give is still shown
    other = dict(clipped, message="第五部分没有写出本机关存在的具体问题、改进措施")
    assert [x["label"] for x in wording.describe(other, "section_keywords")] == ["该部分开头"]


def test_every_shipped_rule_names_the_numbers_its_findings_carry():
    """A rule added to the catalogue gets words for its observed/expected pair, or the pages would
    fall back to 报告中为 / 应为."""
    from datasette_gov_disclosure.audit import load_rules, shipped_rules_dir

    unnamed = []
    for rule in load_rules(shipped_rules_dir()):
        carries_values = not (rule.kind == "sql" and "NULL AS observed, NULL AS expected" in " ".join(rule.sql.split()))
        if carries_values and rule.kind not in ("table_present",) and \
                wording.value_labels(rule.id, rule.kind, expected=1) == wording.FALLBACK:
            unnamed.append(rule.id)
    assert unnamed == []


def test_quotes_are_cut_at_a_clause_boundary():
    # Seed 002, part 五, as written (ASCII commas included).
    text = ("当前形势分析。当前形势下,政府信息公开工作面临公众期待持续提升与实际供给能力不足之间的矛盾,"
            "新兴领域如数据开放、政务新媒体信息管理等尚缺乏统一标准,工作人员政策把握能力参差不齐")
    assert wording.clip(text) == ("当前形势分析。当前形势下,政府信息公开工作面临公众期待持续提升与实际供给能力"
                                  "不足之间的矛盾,新兴领域如数据开放…")
    assert wording.clip("本单位2025年未收到信息公开处理费。") == "本单位2025年未收到信息公开处理费。"
    # No boundary early enough: the cut never splits a number.
    assert wording.clip("甲" * 55 + "12345678", limit=60) == "甲" * 55 + "…"


def test_chinese_numerals_for_the_notice_headings():
    assert [findings.numeral(n) for n in (1, 9, 10, 11, 20, 46)] == ["一", "九", "十", "十一", "二十", "四十六"]


def test_report_page_leads_with_the_tables_and_shows_no_raw_key(audit_db, ids):
    html, twin = fx.fetch([f"/audit/-/audit/report/{ids['mutated']}", f"/audit/-/audit/report/{ids['mutated']}.json"],
                          files=[audit_db])
    text = html.text
    assert text.index('id="t2"') < text.index('id="t3"') < text.index('id="t4"') < text.index('id="violations"')
    assert text.index('id="violations"') < text.index('id="claims"') < text.index('id="sections"')
    assert not RAW_KEY.search(visible_text(text)), RAW_KEY.search(visible_text(text))
    groups = json.loads(twin.text)["groups"]
    assert [(g["rule_id"], len(g["items"])) for g in groups] == [("T3-001", 2), ("TEXT-002", 1)]
    assert f'href="/audit/-/audit/notice/{ids["mutated"]}"' in text
    # The fixture's TEXT-002 finding: narrative 31 against the table's 30.
    assert "叙述称</span> 31" in text and "表中为</span> 30" in text


def test_long_groups_are_folded(audit_db, ids):
    items = [{"rule_id": "STRUCT-007", "severity": "warning", "violation_id": str(n)} for n in range(6)]
    items += [{"rule_id": "T3-001", "severity": "error", "violation_id": "x"}]
    groups = findings.by_rule(items, {})
    assert [(g["rule_id"], g["collapsed"]) for g in groups] == [("T3-001", False), ("STRUCT-007", True)]


def test_problems_are_ranked_apart_from_suggestions(audit_db, ids):
    (r,) = fx.fetch(["/audit/-/audit.json"], files=[audit_db])
    data = json.loads(r.text)
    # Fixture: errors 3 (seed 003 ×1, mutated ×2), warning 1 (mutated), info 1 (the attack report).
    assert (data["totals"]["problems"], data["totals"]["reports_with_problems"], data["totals"]["suggestions"]) == (4, 2, 1)
    ranked = [a["agency_id"] for a in data["agencies"]["items"]]
    assert ranked[:2] == [ids["agency1"], ids["agency3"]]
    (html,) = fx.fetch(["/audit/-/audit"], files=[audit_db])
    assert "<th>建议</th>" in html.text and "提示" not in visible_text(html.text)


def test_per_rule_results_say_passed_failed_and_undecided(audit_db, ids, tmp_path):
    path = tmp_path / "audit.db"
    shutil.copy(audit_db, path)
    conn = sqlite3.connect(path)
    with conn:  # TEXT-002 could not judge two reports
        conn.execute("UPDATE rule_results SET status = 'skipped' WHERE rule_id = 'TEXT-002' AND report_id IN (?, ?)",
                     [ids["seed3"], fx.XSS_REPORT])
    conn.close()
    (r,) = fx.fetch(["/audit/-/audit.json"], files=[path])
    by_rule = {x["rule_id"]: (x["passed"], x["failed"], x["skipped"]) for x in json.loads(r.text)["by_rule"]}
    # 7 reports: T3-001 fails the mutated copy only; TEXT-002 fails it and skips two.
    assert by_rule["T3-001"] == (6, 1, 0) and by_rule["TEXT-002"] == (4, 1, 2)
    (html,) = fx.fetch([f"/audit/-/audit/report/{ids['seed3']}"], files=[path])
    skipped = html.text[html.text.index('id="skipped"'):]
    assert "TEXT-002" in skipped and findings.SKIPPED_REASON in skipped


@pytest.fixture()
def later_columns(audit_db, ids, tmp_path):
    """The fixture with the columns other parts of the audit add: a remedy, a reason, a version."""
    path = tmp_path / "audit.db"
    shutil.copy(audit_db, path)
    conn = sqlite3.connect(path)
    seed1 = fx.report_id(conn, fx.SEED_001)
    with conn:
        conn.execute("UPDATE rules SET remedy = '补齐表三“结转下年度继续办理”行的总计并重新发布' WHERE id = 'STRUCT-006'")
        conn.execute("UPDATE rule_results SET status = 'skipped', reason = '表三总计列未填写' "
                     "WHERE rule_id = 'T3-001' AND report_id = ?", [ids["seed3"]])
        conn.execute("UPDATE reports SET version_of = ?, version_note = '同一报告的另一份副本' WHERE id = ?",
                     [seed1, ids["mutated"]])
    conn.close()
    return path, seed1


def test_a_database_audited_before_remedy_and_reason_existed(audit_db, ids, tmp_path):
    path = tmp_path / "audit.db"
    shutil.copy(audit_db, path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("ALTER TABLE rules DROP COLUMN remedy")
        conn.execute("ALTER TABLE rule_results DROP COLUMN reason")
    conn.close()
    base = "/audit/-/audit"
    pages = fx.fetch([f"{base}/report/{ids['seed3']}", f"{base}/violation/v-struct006-seed003",
                      f"{base}/notice/{ids['seed3']}"], files=[path])
    assert [r.status_code for r in pages] == [200, 200, 200]
    assert all("整改建议：" not in r.text for r in pages)


def test_remedy_reason_and_versions_are_shown_when_present(later_columns, ids):
    path, seed1 = later_columns
    base = "/audit/-/audit"
    violation, report3, report1, agency, second = fx.fetch(
        [f"{base}/violation/v-struct006-seed003", f"{base}/report/{ids['seed3']}", f"{base}/report/{seed1}",
         f"{base}/agency/{ids['agency1']}.json", f"{base}/report/{ids['mutated']}"], files=[path])
    assert "整改建议" in violation.text and "补齐表三“结转下年度继续办理”行的总计并重新发布" in violation.text
    assert "补齐表三“结转下年度继续办理”行的总计并重新发布" in report3.text  # with its group of findings
    skipped = report3.text[report3.text.index('id="skipped"'):]
    assert "T3-001" in skipped and "表三总计列未填写" in skipped
    # the version counted links the other; the other's note speaks from where it stands ("那一份" is
    # the one counted), so it is shown on its own page only
    assert f'href="{base}/report/{ids["mutated"]}"' in report1.text and "同一报告的另一份副本" not in report1.text
    summary = second.text[second.text.index('class="gd-summary"'):].split("</p>")[0]
    assert "同一报告的另一份副本" in second.text and f'href="{base}/report/{seed1}"' in summary
    assert "本版本不重复审核" in summary and "没有发现错误或警告" not in summary  # its rules were skipped, not passed
    data = json.loads(agency.text)
    assert [r["id"] for r in data["reports"]] == [seed1]  # compared once
    assert [r["id"] for r in data["versions"]] == [ids["mutated"]]
    assert {v["report_id"] for v in data["violations"]} <= {seed1}


def test_notice_lists_errors_and_warnings_with_basis_remedy_and_links(later_columns, ids):
    path, _ = later_columns
    html, twin = fx.fetch([f"/audit/-/audit/notice/{ids['seed3']}", f"/audit/-/audit/notice/{ids['seed3']}.json"],
                          files=[path])
    assert html.status_code == 200 and twin.status_code == 200
    text = html.text
    # seed 003 has no title (it begins with 一、總體情況): described, never given one
    for words in ("达州市通川区档案馆：", "你单位公开发布的2020年度政府信息公开工作年度报告",
                  "表三 · 四、结转下年度继续办理 · 总计", "不得擅自删减报告事项",
                  "补齐表三“结转下年度继续办理”行的总计并重新发布",
                  "http://localhost/audit/-/audit/violation/v-struct006-seed003", "发现错误 1 处"):
        assert words in text, words
    assert re.search(r'class="gd-doc-date">20\d\d年\d{1,2}月\d{1,2}日<', text)
    assert "@page { size: A4" in text
    data = json.loads(twin.text)
    assert [v["violation_id"] for v in data["violations"]] == ["v-struct006-seed003"]
    assert not RAW_KEY.search(visible_text(text))


def test_notice_leaves_out_suggestions_and_is_linked(audit_db, ids):
    base = "/audit/-/audit"
    notice, violation = fx.fetch([f"{base}/notice/{fx.XSS_REPORT}.json", f"{base}/violation/v-struct006-seed003"],
                                 files=[audit_db])
    data = json.loads(notice.text)
    assert data["violations"] == [] and data["info"] == 1
    assert f'href="{base}/notice/{ids["seed3"]}"' in violation.text
    (missing,) = fx.fetch([f"{base}/notice/rnope"], files=[audit_db])
    assert missing.status_code == 404 and "找不到报告 rnope" in missing.text


def test_notice_links_are_built_on_public_url(audit_db, ids):
    block = {"plugins": {"datasette-gov-disclosure": {"public_url": "https://audit.example.org/"}}}
    path = f"/audit/-/audit/notice/{ids['seed3']}"
    html, twin = fx.fetch([path, path + ".json"], files=[audit_db], headers={"host": "evil.example"},
                          **fx.configured(block))
    data = json.loads(twin.text)
    assert data["permalink"] == f"https://audit.example.org{path}" and data["permalink_local"] is False
    assert data["violations"][0]["permalink"] == "https://audit.example.org/audit/-/audit/violation/v-struct006-seed003"
    assert "evil.example" not in html.text and "本机地址" not in html.text


def test_per_rule_results_read_from_the_audit_summary_equal_the_plain_count(tmp_path):
    """demo.db's summary_rules (written by the audit) against counting rule_results directly."""
    from pathlib import Path
    from datasette_gov_disclosure.web import queries

    demo = sqlite3.connect(Path(__file__).resolve().parent.parent / "demo.db")
    plain = sqlite3.connect(":memory:")
    demo.backup(plain)
    plain.execute("DROP TABLE summary_rules")
    assert "summary_rules" in queries.results_per_rule(demo)

    def counts(conn):
        return {r["rule_id"]: (r["passed"], r["failed"], r["skipped"]) for r in queries.overview(conn)["by_rule"]}

    shipped = list(Path(__file__).resolve().parent.parent.glob("rules/*.yml"))
    assert counts(demo) == counts(plain) and len(counts(demo)) == len(shipped)


def test_skipped_rules_are_grouped_under_their_reason():
    rep = {"format": "2019"}
    skipped = [{"rule_id": "T2-002", "formats": '["2021"]', "reason": None},
               {"rule_id": "TEXT-010", "formats": '["2021"]', "reason": None},
               {"rule_id": "T3-001", "formats": '["2019", "2021"]', "reason": "表三总计列未填写"},
               {"rule_id": "T3-007", "formats": '["2019", "2021"]', "reason": None}]
    groups = findings.skipped_by_reason(rep, skipped)
    assert [(g["reason"], [r["rule_id"] for r in g["rules"]]) for g in groups] == [
        ("只适用于 2021 年格式的报告，本报告使用的是 2019 年格式（试行）", ["T2-002", "TEXT-010"]),
        ("表三总计列未填写", ["T3-001"]),
        (findings.SKIPPED_REASON, ["T3-007"])]


def test_narrative_numbers_are_listed_once_and_named_in_the_reports_own_terms():
    # seed 004 (武汉市硚口区档案馆 2024) says "2024年，我馆未收到政府信息公开申请。" in part 一 and again in
    # part 三; its part 一 also states three parts of 1 条 each in one sentence (预算、决算、年度报告).
    said = "2024年，我馆未收到政府信息公开申请。"
    parts = "2024年，我馆主动公开政府信息3条，其中部门预算公开信息1条、部门决算公开信息1条、政府信息公开工作年度报告信息1条。"
    claims = [{"key": "proactive.part", "value": 1, "quote": parts, "section": 1, "offset": o} for o in (20, 31, 42)]
    claims += [{"key": "t3.new.total", "value": 0, "quote": said, "section": n, "offset": 0} for n in (1, 3)]
    once = findings_layout.claims_once(claims)
    assert [(c["key"], c["section"]) for c in once] == [("proactive.part", 1)] * 3 + [("t3.new.total", 1)]
    # a pre-2019 report (平潭 2017, corpus 020) has no 表三: its numbers are not put in one
    assert findings_layout.claim_label("t3.new.total", "legacy") == "收到的政府信息公开申请"
    assert findings_layout.claim_label("t3.new.total", "2021").startswith("表三 · ")
    assert "直接起诉" in findings_layout.claim_label("t4.lit.total", "2021")  # a sum of two groups of 表四


def test_the_rule_page_gives_each_different_basis_once(tmp_path):
    # PUB-004: the 2019 and 2021 formats share one basis (现行条例第四十九条), pre-2019 reports another
    # (旧条例第三十一条): two paragraphs, the shared text not printed twice.
    (page,) = fx.fetch(["/audit/-/audit/rule/PUB-004"], files=[fx.build_audited(tmp_path)])
    assert page.status_code == 200
    basis = page.text[page.text.index('class="gd-basis"'):].split("</blockquote>")[0]
    paragraphs = re.findall(r"<p>(.*?)</p>", basis, re.S)
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith("2019年格式（试行）的报告、2021年格式的报告：") and "第四十九条" in paragraphs[0]
    assert paragraphs[1].startswith("2019年以前格式的报告：") and "第三十一条" in paragraphs[1]
