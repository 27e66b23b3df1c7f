"""原文链接 and the fetch date beside the source file, on the report, violation and notice pages."""
import json
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

import web_fixture as fx
from conftest import DATA
from datasette_gov_disclosure import store
from datasette_gov_disclosure.cli import cli
from web_fixture import audit_db  # noqa: F401  (fixture)

PAGE = "030_pingtan-2023-fullpage.html"
FETCHED_FROM = "http://127.0.0.1:8765/zwgk/zfxxgknb/202403/t20240308_87885.htm"
# <meta name="Url"> of tests/data/corpus/030 (line 19), read by hand
META_URL = "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202403/t20240308_87885.htm"


def _database(folder, manifest):
    """The 030 page loaded (with a fetch manifest beside it when ``manifest``), with one finding."""
    inputs = folder / "inputs"
    inputs.mkdir()
    shutil.copy(DATA / "corpus" / PAGE, inputs / PAGE)
    if manifest:
        row = {"url": FETCHED_FROM, "final_url": FETCHED_FROM, "status": 200, "fetched_at": "2026-11-30T10:00:00+00:00",
               "path": PAGE, "kind": "page"}
        (inputs / "manifest.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    path = folder / "audit.db"
    CliRunner().invoke(cli, ["load", str(inputs), "--db", str(path)], catch_exceptions=False)
    conn = sqlite3.connect(path)
    with conn:
        report_id = conn.execute("SELECT id FROM reports").fetchone()[0]
        conn.executescript(store.AUDIT_SCHEMA)
        conn.execute("INSERT INTO rules (id, title, severity, formats) VALUES ('TEXT-001', '叙述与表格', 'warning', '[]')")
        conn.execute("INSERT INTO violations (violation_id, rule_id, severity, report_id, message) "
                     "VALUES ('v1', 'TEXT-001', 'warning', ?, '叙述与表格不一致')", [report_id])
        conn.execute("INSERT INTO rule_results (rule_id, report_id, status, violations) VALUES ('TEXT-001', ?, 'fail', 1)",
                     [report_id])
        conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    return path, report_id


@pytest.mark.parametrize("manifest, url, date", [(True, FETCHED_FROM, "2026-11-30 从网站下载"), (False, META_URL, None)])
def test_report_and_violation_pages_link_the_original(tmp_path, manifest, url, date):
    path, report_id = _database(tmp_path, manifest)
    report, violation, notice, as_json = fx.fetch([f"/audit/-/audit/report/{report_id}", "/audit/-/audit/violation/v1",
                                                   f"/audit/-/audit/notice/{report_id}",
                                                   f"/audit/-/audit/report/{report_id}.json"], files=[path])
    link = f'<a href="{url}" rel="nofollow noopener">{url}</a>'
    for page in (report, violation, notice):
        assert page.status_code == 200
        assert "原文链接" in page.text and link in page.text
        assert (date in page.text) if date else ("从网站下载" not in page.text)
    data = json.loads(as_json.text)
    assert data["source_url"] == url
    assert data["sources"][0]["fetched_at"] == ("2026-11-30T10:00:00+00:00" if manifest else None)


def test_an_address_that_is_not_http_is_not_linked(tmp_path):
    path, report_id = _database(tmp_path, False)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE reports SET url = 'javascript:alert(1)'")
    for page in fx.fetch([f"/audit/-/audit/report/{report_id}", f"/audit/-/audit/notice/{report_id}"], files=[path]):
        assert page.status_code == 200 and "原文链接" not in page.text and "javascript:alert" not in page.text


def test_a_database_loaded_before_these_columns_existed(tmp_path):
    path, report_id = _database(tmp_path, True)
    with sqlite3.connect(path) as conn:
        for table, column in (("sources", "url"), ("sources", "fetched_at"), ("sources", "attachment"),
                              ("reports", "url"), ("reports", "site_name"), ("reports", "site_code"),
                              ("reports", "title")):
            conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    pages = fx.fetch([f"/audit/-/audit/report/{report_id}", "/audit/-/audit/violation/v1",
                      f"/audit/-/audit/notice/{report_id}"], files=[path])
    for page in pages:
        assert page.status_code == 200 and "原文链接" not in page.text
    report, violation, notice = pages
    assert PAGE in report.text and PAGE in violation.text  # the file loaded, for researchers
    assert PAGE not in notice.text  # never in what is sent to an agency


def test_an_untrusted_address_is_escaped(audit_db):
    (page,) = fx.fetch([f"/audit/-/audit/report/{fx.XSS_REPORT}"], files=[audit_db])
    assert "原文链接" in page.text
    assert 'href="https://example.org/?q=&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;&#34;&gt;&lt;img' in page.text
    assert "<script>alert" not in page.text
