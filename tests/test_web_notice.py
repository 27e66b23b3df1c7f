"""The rectification notice and the finding page as an agency and a journalist read them: the
report's own title or none, no file names, wording that fits what was found, an issuing body, and
/finding/<id> leading to the finding's page."""
import re
import shutil
import sqlite3

import pytest

import web_fixture as fx
from web_fixture import audit_db, ids  # noqa: F401  (fixtures)

BASE = "/audit/-/audit"


def test_finding_url_redirects_permanently_to_the_violation_page(audit_db):
    head, head_json = fx.fetch([f"{BASE}/finding/v-text002", f"{BASE}/finding/v-text002.json"],
                               files=[audit_db], method="head")
    assert head.status_code == 301 and head.headers["location"] == f"{BASE}/violation/v-text002"
    assert head_json.status_code == 301 and head_json.headers["location"] == f"{BASE}/violation/v-text002.json"
    (page,) = fx.fetch([f"{BASE}/finding/v-text002"], files=[audit_db])
    assert page.status_code == 200 and "叙述称受理依申请公开 31 件" in page.text


def test_finding_redirect_obeys_the_permission_check(audit_db):
    block = {"databases": {"audit": {"tables": {"violations": {"allow": False}}}}}
    (page,) = fx.fetch([f"{BASE}/finding/v-text002"], files=[audit_db], method="head", **fx.configured(block))
    assert page.status_code == 403 and "location" not in page.headers


def notice_text(response):
    """The notice as a reader sees it (tags dropped, spaces collapsed)."""
    text = fx.visible_text(response.text[response.text.index("<article"):response.text.index("</article>")])
    return " ".join(text.split())


@pytest.fixture()
def copy_db(audit_db, tmp_path):
    path = tmp_path / "audit.db"
    shutil.copy(audit_db, path)
    return path


def test_a_report_without_a_title_is_described_never_given_one(audit_db, ids):
    # seed 003 begins with 一、總體情況: it has no title; the mutated seed 001 keeps its line 3
    # "绿园区人民政府办公室2025年政府信息公开年报"
    untitled, titled = fx.fetch([f"{BASE}/notice/{ids['seed3']}", f"{BASE}/notice/{ids['mutated']}"], files=[audit_db])
    text = notice_text(untitled)
    assert "经对你单位公开发布的2020年度政府信息公开工作年度报告进行核查" in text
    assert "《" not in text.replace("《中华人民共和国政府信息公开条例》", "") and "报告中未写明标题" in text
    assert "经对你单位公开发布的《绿园区人民政府办公室2025年政府信息公开年报》进行核查" in notice_text(titled)


def test_no_file_name_in_a_notice_only_the_published_address(audit_db, ids):
    plain, published = fx.fetch([f"{BASE}/notice/{ids['seed3']}", f"{BASE}/notice/{fx.XSS_REPORT}"], files=[audit_db])
    text = notice_text(plain)
    assert fx.SEED_003 not in plain.text and "来源" not in text and "原文链接" not in text
    assert "原文链接" in notice_text(published) and "https://example.org/?q=&lt;script&gt;" in published.text


def test_a_report_with_nothing_to_correct_gets_no_rectification_notice(audit_db, ids):
    seed0 = _report(audit_db, "000_ee4684b768120127")
    clean, suggestions = fx.fetch([f"{BASE}/notice/{seed0}", f"{BASE}/notice/{fx.XSS_REPORT}"], files=[audit_db])
    text = notice_text(clean)
    assert "整改通知" not in text and "存在问题" not in text
    assert "关于2025年度政府信息公开工作年度报告的核查意见 未发现须整改的问题" in text
    assert "<title>关于2025年度政府信息公开工作年度报告的核查意见：未发现须整改的问题" in clean.text
    assert "《长春市宽城区档案馆2025年度政府信息公开工作年度报告》进行核查，未发现须整改的错误或警告。" in text
    # a report whose only finding is a suggestion: listed as one, under its own heading
    text = notice_text(suggestions)
    assert "整改通知" not in text and "改进建议（供参考，不属于须整改的问题）" in text
    assert "（一）" in text and "说明：" in text and "问题：" not in text


def test_most_rules_unable_to_judge_is_said_plainly(copy_db, ids):
    seed0 = _report(copy_db, "000_ee4684b768120127")
    with sqlite3.connect(copy_db) as conn:  # 3 of the fixture's 4 rules could not judge seed 000
        conn.execute("UPDATE rule_results SET status = 'skipped' WHERE report_id = ? AND rule_id != 'STRUCT-006'",
                     [seed0])
    (page,) = fx.fetch([f"{BASE}/notice/{seed0}"], files=[copy_db])
    text = notice_text(page)
    assert "多数内容未能核查" in text and "适用的 4 项核查中，有 3 项因" in text and "只完成了 1 项" in text
    assert "未发现须整改的错误或警告，但多数内容未能核查" in text and "整改通知" not in text


def test_a_second_version_points_to_the_canonical_notice(copy_db, ids):
    seed1 = _report(copy_db, fx.SEED_001)
    with sqlite3.connect(copy_db) as conn:
        conn.execute("UPDATE reports SET version_of = ?, version_note = '同一报告的另一份副本' WHERE id = ?",
                     [seed1, ids["mutated"]])
    (page,) = fx.fetch([f"{BASE}/notice/{ids['mutated']}"], files=[copy_db])
    text = notice_text(page)
    assert f'href="{BASE}/notice/{seed1}"' in page.text and "不单独出具整改通知或核查意见" in text
    # its own findings (two T3-001 errors, a TEXT-002 warning) are not listed, nor is it addressed
    assert "T3-001" not in page.text and "叙述称受理依申请公开" not in text and "经对你单位" not in text


def test_the_issuer_is_signed_or_left_blank_to_fill_in(audit_db, ids):
    path = f"{BASE}/notice/{ids['seed3']}"
    (unset,) = fx.fetch([path], files=[audit_db])
    assert '<p class="gd-doc-issuer gd-doc-blank">（发文单位）</p>' in unset.text
    block = {"plugins": {"datasette-gov-disclosure": {"notice_issuer": "示例市人民政府办公室<b>"}}}
    (signed,) = fx.fetch([path], files=[audit_db], **fx.configured(block))
    assert '<p class="gd-doc-issuer">示例市人民政府办公室&lt;b&gt;</p>' in signed.text
    assert signed.text.index("gd-doc-issuer") < signed.text.index("gd-doc-date")


def test_temporary_links_are_explained_to_whoever_sends_the_notice(audit_db, ids):
    path = f"{BASE}/notice/{ids['seed3']}"
    (local,) = fx.fetch([path], files=[audit_db])
    assert "本页链接为临时地址" in local.text and "public_url" not in fx.visible_text(local.text)
    (public,) = fx.fetch([path], files=[audit_db], headers={"host": "audit.example.org"})
    assert "不一定长期有效" in public.text
    block = {"plugins": {"datasette-gov-disclosure": {"public_url": "https://audit.example.org/"}}}
    (configured,) = fx.fetch([path], files=[audit_db], **fx.configured(block))
    assert "临时地址" not in configured.text and "长期有效" not in configured.text


def test_the_notice_says_what_made_it_in_words_a_reader_understands(audit_db, ids):
    (page,) = fx.fetch([f"{BASE}/notice/{ids['seed3']}"], files=[audit_db])
    text = notice_text(page)
    assert "本文件由政府信息公开年度报告审核工具根据公开发布的年度报告自动核查生成" in text
    assert not re.search(r"[A-Za-z]{3,}", re.sub(r"https?://\S+", "", text))  # no English, no names of tables


def _report(path, source_part):
    conn = sqlite3.connect(path)
    try:
        return fx.report_id(conn, source_part)
    finally:
        conn.close()


# ---------------------------------------------------------------------------- the finding page
def page_text(response):
    return " ".join(fx.visible_text(response.text).split())


def test_finding_page_labels_the_loaded_file_below_the_finding(audit_db):
    (page,) = fx.fetch([f"{BASE}/violation/v-struct006-seed003"], files=[audit_db])
    text = page_text(page)
    assert "来源文件" not in text and "载入时的文件" in text
    assert text.index("缺少“总计”单元格") < text.index("载入时的文件") < text.index(fx.SEED_003)
    assert "不是报告的发布地址" in text
    assert "本页由政府信息公开年度报告审核工具根据公开发布的年度报告自动生成" in text
    assert "datasette" not in text.lower().replace("powered by datasette", "")


def test_finding_page_names_one_shared_line_once(audit_db):
    # seed 003 line 53: "四、結轉下年度繼續辦理 | 0 | 0 | 0 | 0 | 0 | 0 |", the whole row on one line
    (page,) = fx.fetch([f"{BASE}/violation/v-struct006-seed003"], files=[audit_db])
    assert "这些单元格在原文第 53 行" in page_text(page) and "原文行号" not in page.text


def test_finding_page_shows_no_line_numbers_of_a_web_page(tmp_path):
    """corpus 021 (上海 2019) is an HTML page: every cell of its tables is on the page's line 1."""
    from click.testing import CliRunner

    from conftest import DATA
    from datasette_gov_disclosure import store
    from datasette_gov_disclosure.cli import cli

    inputs = tmp_path / "inputs"
    inputs.mkdir()
    shutil.copy(DATA / "corpus" / "021_shanghai-govoffice-2019-html.html", inputs)
    path = tmp_path / "audit.db"
    CliRunner().invoke(cli, ["load", str(inputs), "--db", str(path)], catch_exceptions=False)
    with sqlite3.connect(path) as conn:
        report_id = conn.execute("SELECT id FROM reports").fetchone()[0]
        assert {line for (line,) in conn.execute("SELECT DISTINCT line FROM cells WHERE tbl = 't3'")} == {1}
        conn.executescript(store.AUDIT_SCHEMA)
        conn.execute("INSERT INTO rules (id, title, severity, formats) VALUES ('T3-002', '表三合计', 'info', '[]')")
        conn.execute("INSERT INTO violations (violation_id, rule_id, severity, report_id, tbl, row_key, message) "
                     "VALUES ('v1', 'T3-002', 'info', ?, 't3', 'new', '示例')", [report_id])
    (page,) = fx.fetch(["/audit/-/audit/violation/v1"], files=[path])
    text = page_text(page)
    assert page.status_code == 200 and "859" in text  # 一、本年新收申请 总计, read off the page
    assert "原文行号" not in text and "第 1 行" not in text
    # no error or warning in this report: its notice is a 核查意见, not a 整改通知
    assert "本报告的核查意见" in text and "整改通知" not in text


def test_finding_and_notice_cite_the_basis_for_the_reports_format(copy_db, ids):
    """Seed 003 is a 2019-format report: it cites the 2019 format's basis, not a later instrument."""
    with sqlite3.connect(copy_db) as conn:
        conn.executemany("INSERT INTO rule_bases (rule_id, format, basis) VALUES ('STRUCT-006', ?, ?)",
                         [("2019", "国办公开办函〔2019〕60号所附格式规定了每张表的全部栏目"),
                          ("2021", "国办公开办函〔2021〕30号所附格式规定了每张表的全部栏目")])
    notice, finding = fx.fetch([f"{BASE}/notice/{ids['seed3']}", f"{BASE}/violation/v-struct006-seed003"],
                               files=[copy_db])
    for page in (notice, finding):
        assert "国办公开办函〔2019〕60号所附格式规定了每张表的全部栏目" in page.text
        assert "30号" not in page.text


def test_a_title_from_the_report_is_escaped(copy_db):
    with sqlite3.connect(copy_db) as conn:
        conn.execute("UPDATE reports SET title = ? WHERE id = ?", [fx.EVIL, fx.XSS_REPORT])
    notice, finding = fx.fetch([f"{BASE}/notice/{fx.XSS_REPORT}", f"{BASE}/violation/v-xss"], files=[copy_db])
    for page in (notice, finding):
        assert page.status_code == 200 and "《&lt;script&gt;alert(" in page.text
        assert "<script>alert" not in page.text and "<img src=x" not in page.text



@pytest.fixture(scope="module")
def seed_001(tmp_path_factory):
    """Seed 001 loaded and audited as a user does."""
    path = fx.audited_files(tmp_path_factory.mktemp("part"), ["seeds/001_f7ae2969909213d6.txt"])
    conn = sqlite3.connect(path)
    (rid,), = conn.execute("SELECT id FROM reports")
    conn.close()
    return path, rid


def test_a_finding_about_one_part_of_the_text_names_that_part(seed_001):
    """Seed 001 (绿园区 2025): its 第六部分 reads only "本单位2025年未收到信息公开处理费。" (read off
    the report), no 建议提案, 工作要点 or 创新: TEXT-010 is about that part, and its place is 第六部分,
    not 整份报告, on the finding page, the notice and in the findings table."""
    path, rid = seed_001
    conn = sqlite3.connect(path)
    (vid, cell), = conn.execute("SELECT v.violation_id, f.cell FROM violations v JOIN findings f USING (violation_id) "
                                "WHERE v.rule_id = 'TEXT-010'")
    conn.close()
    assert cell == "第六部分 · 其他需要报告的事项"
    finding, notice = fx.fetch([f"{BASE}/violation/{vid}.json", f"{BASE}/notice/{rid}"], files=[path])
    assert finding.json()["violation"]["where"] == "第六部分 · 其他需要报告的事项"
    text = notice_text(notice)
    item = text[text.index("第六部分没有建议提案办理"):]
    # the part's one sentence is quoted once, in 说明 (not again as 报告所载)
    assert item.index("位置： 第六部分 · 其他需要报告的事项") < item.index("说明： 第六部分只有“本单位2025年未收到信息公开处理费。”")
    assert "报告所载" not in item[:item.index("说明：")]
