"""The overview, report, rule and agency pages speak to officials and journalists: no table names,
file names, report ids or English in what they show. The technical material researchers need
(the rule's SQL and file, the source file, the raw data tables) stays, folded away under
技术细节（供核查）.

Report text (sections, quotes) is the agency's own and is left out of the check, as are links
whose text is a web address; the fixture's XSS report is removed (its text is Latin on purpose).
"""
import re
import sqlite3

import lxml.html
import pytest

import web_fixture as fx

BASE = "/audit/-/audit"
# Names a reader knows: download formats and the feed; rule ids (TEXT-003, T3-001) are the rules' names.
ALLOWED = {"CSV", "Excel", "JSON", "Atom"}
RULE_ID = re.compile(r"[A-Z]+\d?-\d{3}")
TECH = "技术细节（供核查）"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = fx.build(tmp_path_factory.mktemp("reader"))
    conn = sqlite3.connect(path)
    with conn:
        for table in ("sections", "cells", "claims", "sources", "violations", "rule_results", "report_findings"):
            conn.execute(f"DELETE FROM {table} WHERE report_id = ?", [fx.XSS_REPORT])
        conn.execute("DELETE FROM reports WHERE id = ?", [fx.XSS_REPORT])
        conn.execute("DELETE FROM rule_results WHERE rule_id = 'XSS-001'")
        conn.execute("DELETE FROM rules WHERE id = 'XSS-001'")
    conn.close()
    return path


def shown(html):
    """The page's own words: the audit part, without the folded technical details, the report's text,
    its quotes and web addresses."""
    doc = lxml.html.fromstring(html)
    for node in doc.xpath("//script|//style|//details[contains(@class, 'gd-tech')]|//*[contains(@class, 'gd-text')]"
                          "|//q|//a[starts-with(normalize-space(.), 'http')]"):
        node.drop_tree()
    return doc.xpath("//div[@class='gd']")[0].text_content()


def latin_words(text):
    words = set(re.findall(r"[A-Za-z][A-Za-z0-9_./:-]*", text)) - ALLOWED
    return sorted(w for w in words if not RULE_ID.fullmatch(w))


def test_pages_show_no_english_table_or_file_names(db):
    paths = fx.audit_pages(db)
    responses = fx.fetch(paths, files=[db])
    assert [r.status_code for r in responses] == [200] * len(paths)
    found = {p: latin_words(shown(r.text)) for p, r in zip(paths, responses)}
    assert {p: w for p, w in found.items() if w} == {}


def test_overview_names_the_data_tables_in_chinese(db):
    page = fx.fetch([BASE], files=[db])[0].text
    text = shown(page)
    assert "也可以在数据表中自由筛选：" in text and "Datasette" not in text
    links = {a.text_content().strip(): a.get("href") for a in lxml.html.fromstring(page).xpath("//a")}
    assert links["审核发现"] == "/audit/violations" and links["统计表单元格"] == "/audit/cells"
    assert "查看该报告" in text


def test_rule_sql_and_file_stay_behind_technical_details(db):
    page = fx.fetch([f"{BASE}/rule/T3-001"], files=[db])[0].text
    doc = lxml.html.fromstring(page)
    tech = doc.xpath(f"//details[contains(@class, 'gd-tech')][summary[text()='{TECH}']]")[0]
    assert tech.get("open") is None
    assert "rules/x.yml" in tech.text_content() and tech.xpath(".//pre[@class='gd-sql']")[0].text == "SELECT 1"
    assert tech.xpath(".//a[@href='/audit/rule_results?rule_id=T3-001']")
    assert "rules/x.yml" not in shown(page) and "rule_results" not in shown(page)


def test_report_source_file_stays_behind_technical_details(db):
    conn = sqlite3.connect(db)
    report_id, path = conn.execute("SELECT report_id, path FROM sources WHERE path LIKE '%003_%'").fetchone()
    conn.close()
    page = fx.fetch([f"{BASE}/report/{report_id}"], files=[db])[0].text
    tech = lxml.html.fromstring(page).xpath(f"//details[contains(@class, 'gd-tech')][summary[text()='{TECH}']]")[0]
    assert path in tech.text_content() and report_id in tech.text_content()
    text = shown(page)
    assert path not in text and "报告数据表" in text and "reports 表" not in text
