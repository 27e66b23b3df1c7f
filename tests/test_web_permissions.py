"""The audit pages obey Datasette's permissions on the line this venv has (run on 0.65 and on 1.0):
a page answers 403 when the actor may not view a table it reads or its database, just as Datasette's
own table and database pages do, and no menu or action offers a link the actor may not open."""
import json

import pytest

import web_fixture as fx
from web_fixture import audit_db, ids  # noqa: F401  (fixtures)

PRIVATE_TABLES = ("cells", "sections", "sources", "violations")


def audit_pages(ids, db="audit"):
    base = f"/{db}/-/audit"
    paths = [base, f"{base}/report/{fx.XSS_REPORT}", f"{base}/rule/T3-001", f"{base}/agency/{ids['agency3']}",
             f"{base}/violation/v-text002", f"{base}/notice/{fx.XSS_REPORT}"]
    return paths + [p + ".json" for p in paths]


@pytest.fixture(scope="module")
def two_dbs(audit_db):
    """The audit database served twice: as "audit" and as "priv"."""
    priv = audit_db.parent / "priv.db"
    priv.write_bytes(audit_db.read_bytes())
    return [audit_db, priv]


def test_denied_tables_deny_every_page_that_reads_them(two_dbs, ids):
    block = {"databases": {"audit": {"tables": {t: {"allow": False} for t in PRIVATE_TABLES}}}}
    paths = audit_pages(ids) + ["/audit/cells", "/audit/sections.json"]
    responses = fx.fetch(paths, files=two_dbs, **fx.configured(block))
    # Datasette's own pages for these tables answer 403 on this line: so do ours
    assert [r.status_code for r in responses] == [403] * len(paths)
    for path, r in zip(paths, responses):
        if path.startswith("/audit/-/audit"):
            assert "无权查看" in (json.loads(r.text)["error"] if path.endswith(".json") else r.text), path
            assert "onerror" not in r.text and "sections" not in r.text, path  # nothing of the report's text
    # the same pages on the other database, which has no such rule, still answer
    others = fx.fetch(audit_pages(ids, "priv"), files=two_dbs, **fx.configured(block))
    assert [r.status_code for r in others] == [200] * len(others)


def test_one_denied_table_denies_only_the_pages_that_read_it(audit_db, ids):
    block = {"databases": {"audit": {"tables": {"rule_results": {"allow": False}}}}}
    rule, rule_json, report, overview = fx.fetch(
        ["/audit/-/audit/rule/T3-001", "/audit/-/audit/rule/T3-001.json", f"/audit/-/audit/report/{ids['seed3']}",
         "/audit/-/audit"], files=[audit_db], **fx.configured(block))
    assert (rule.status_code, rule_json.status_code) == (403, 403)
    assert "results" not in json.loads(rule_json.text)
    assert report.status_code == 200 and overview.status_code == 200


def test_denied_database_has_no_pages_and_no_menu_item(two_dbs, ids):
    block = {"databases": {"priv": {"allow": False}}}
    paths = audit_pages(ids, "priv") + ["/priv", "/", "/audit", "/audit/reports"]
    responses = fx.fetch(paths, files=two_dbs, **fx.configured(block))
    *pages, datasette_page, home, audit, table = responses
    assert datasette_page.status_code == 403  # Datasette's own answer for this database
    assert [r.status_code for r in pages] == [403] * len(pages)
    for r in (home, audit, table):
        assert r.status_code == 200
        assert "审核结果：audit" in r.text and "审核结果：priv" not in r.text
        assert "/priv/-/audit" not in r.text


def test_pages_open_to_the_allowed_actor_only(two_dbs, ids):
    block = {"databases": {"priv": {"allow": {"id": "editor"}}}}
    paths = ["/", "/priv/-/audit", f"/priv/-/audit/report/{fx.XSS_REPORT}.json"]
    anonymous = fx.fetch(paths, files=two_dbs, **fx.configured(block))
    editor = fx.fetch(paths, files=two_dbs, actor={"id": "editor"}, **fx.configured(block))
    other = fx.fetch(paths, files=two_dbs, actor={"id": "someone"}, **fx.configured(block))
    for r in (anonymous, other):
        assert "审核结果：priv" not in r[0].text and [x.status_code for x in r[1:]] == [403, 403]
    assert "审核结果：priv" in editor[0].text and [x.status_code for x in editor[1:]] == [200, 200]
    assert json.loads(editor[2].text)["report"]["id"] == fx.XSS_REPORT


def test_table_actions_link_only_when_the_overview_opens(audit_db):
    block = {"databases": {"audit": {"tables": {"violations": {"allow": False}}}}}
    reports, = fx.fetch(["/audit/reports"], files=[audit_db], **fx.configured(block))
    assert reports.status_code == 200 and 'href="/audit/-/audit"' not in reports.text


def test_readme_names_the_tables_each_page_reads():
    """The README's table of what each page reads is the list the permission check uses."""
    import re
    from pathlib import Path

    from datasette_gov_disclosure.web.views import PAGES

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("| page | reads |"):]
    section = section[:section.index("\n\n")]
    listed = {}
    for line in section.splitlines()[2:]:
        first, tables = line.strip("|").split("|")
        listed[re.search(r"\((\w+)\)\s*$", first.strip()).group(1)] = set(re.findall(r"`(\w+)`", tables))
    assert listed == {name: set(route.reads) for name, route in PAGES.items()}
