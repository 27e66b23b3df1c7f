"""Report text is untrusted: an agency name, section text, raw cell, quote and message that are
an XSS attempt show as text on every page, ours and Datasette's."""
import json

import web_fixture as fx
from web_fixture import audit_db  # noqa: F401  (fixture)

ESCAPED = "&lt;script&gt;alert("


PAGES = [
    "/audit/-/audit",
    f"/audit/-/audit/report/{fx.XSS_REPORT}",
    f"/audit/-/audit/agency/{fx.XSS_AGENCY}",
    "/audit/-/audit/violation/v-xss",
    "/audit/-/audit/rule/XSS-001",
    f"/audit/-/audit/notice/{fx.XSS_REPORT}",
    "/audit/reports",
    "/audit/violations",
    "/audit/rules",
]


def test_attack_shows_as_text_on_every_page(audit_db):
    for path, r in zip(PAGES, fx.fetch(PAGES, files=[audit_db])):
        assert r.status_code == 200, path
        assert "<script>alert" not in r.text and "<img src=x" not in r.text, path
        assert ESCAPED in r.text, path


def test_every_place_report_text_appears_on_the_report_page_is_escaped(audit_db):
    (r,) = fx.fetch([f"/audit/-/audit/report/{fx.XSS_REPORT}"], files=[audit_db])
    # agency (title, heading), region, source, parse_error, section title and text, raw cell (title
    # attribute), claim quote (list and cell tooltip), violation message and observed/expected
    assert r.text.count(ESCAPED) >= 10
    assert '"><img' not in r.text


def test_json_twin_returns_the_text_unchanged(audit_db):
    (r,) = fx.fetch([f"/audit/-/audit/report/{fx.XSS_REPORT}.json"], files=[audit_db])
    data = json.loads(r.text)
    assert data["report"]["agency"] == fx.EVIL and data["sections"][0]["text"] == fx.EVIL
    assert r.headers["content-type"].startswith("application/json")
