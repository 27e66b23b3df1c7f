"""Every audit page and its .json twin answers on the Datasette line this venv has, served
mutable and immutable; unknown ids are a Chinese 404; the plugin never writes."""
import hashlib
import json
import sqlite3

import pytest
import yaml

import web_fixture as fx
from web_fixture import audit_db, ids  # noqa: F401  (fixtures)
from datasette_gov_disclosure import serve
from datasette_gov_disclosure.paths import shipped


def pages(ids):
    base = "/audit/-/audit"
    paths = [base, f"{base}/report/{ids['seed3']}", f"{base}/report/{ids['mutated']}",
             f"{base}/report/{fx.XSS_REPORT}", f"{base}/rule/STRUCT-006", f"{base}/rule/T3-001",
             f"{base}/agency/{ids['agency3']}", f"{base}/violation/v-struct006-seed003",
             f"{base}/violation/v-text002", f"{base}/notice/{ids['seed3']}", f"{base}/notice/{fx.XSS_REPORT}"]
    return paths + [p + ".json" for p in paths]


@pytest.mark.parametrize("mode", ["files", "immutables"])
def test_every_page_and_json_twin_answers(audit_db, ids, mode):
    paths = pages(ids)
    responses = fx.fetch(paths, **{mode: [audit_db]})
    failed = [(p, r.status_code) for p, r in zip(paths, responses) if r.status_code != 200]
    assert not failed
    for path, r in zip(paths, responses):
        if path.endswith(".json"):
            assert r.headers["content-type"].startswith("application/json")
            assert json.loads(r.text)["database"] == "audit"
        else:
            assert "<html" in r.text and "审核概览" in r.text


def test_plugin_never_writes(audit_db, ids):
    before = hashlib.sha256(audit_db.read_bytes()).hexdigest()
    fx.fetch(pages(ids), files=[audit_db])
    assert hashlib.sha256(audit_db.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("path, words", [
    ("/audit/-/audit/report/rnope", "找不到报告 rnope"),
    ("/audit/-/audit/rule/NOPE-1", "找不到规则 NOPE-1"),
    ("/audit/-/audit/agency/anope", "找不到机构 anope"),
    ("/audit/-/audit/violation/vnope", "找不到审核发现 vnope"),
    ("/nodb/-/audit", "找不到数据库 nodb"),
])
def test_unknown_ids_are_a_chinese_404(audit_db, path, words):
    html, twin = fx.fetch([path, path + ".json"], files=[audit_db])
    assert html.status_code == 404 and words in html.text
    assert twin.status_code == 404 and words in json.loads(twin.text)["error"]


def test_overview_counts_and_links(audit_db, ids):
    (r,) = fx.fetch(["/audit/-/audit.json"], files=[audit_db])
    data = json.loads(r.text)
    assert data["totals"]["reports"] == 7 and data["totals"]["violations"] == 5
    by_rule = {x["rule_id"]: x for x in data["by_rule"]}
    assert by_rule["T3-001"]["violations"] == 2 and by_rule["T3-001"]["reports"] == 1
    assert by_rule["T3-001"]["table_url"] == "/audit/violations?rule_id=T3-001"
    assert {s["severity"]: s["violations"] for s in data["by_severity"]} == {"error": 3, "warning": 1, "info": 1}
    assert [y["year"] for y in data["by_year"]] == [2025, 2024, 2023, 2020]
    worst = data["reports"]["items"][0]
    assert worst["id"] == ids["mutated"] and worst["error"] == 2
    assert worst["url"] == f"/audit/-/audit/report/{ids['mutated']}"


def test_database_without_audit_tables_says_so(tmp_path, ids):
    path = fx.build(tmp_path, audit=False)
    paths = ["/audit/-/audit", f"/audit/-/audit/report/{ids['seed3']}", "/audit/-/audit/rule/T3-001",
             "/audit/-/audit/violation/v-x", f"/audit/-/audit/agency/{ids['agency3']}"]
    overview, report, rule, violation, agency = fx.fetch(paths, files=[path])
    assert overview.status_code == 200 and "gov-disclosure audit" in overview.text
    assert report.status_code == 200 and 'id="t3-carry_out-total"' in report.text
    assert "gov-disclosure audit" in report.text
    assert agency.status_code == 200
    assert rule.status_code == 404 and "gov-disclosure audit" in rule.text
    assert violation.status_code == 404 and "gov-disclosure audit" in violation.text


def test_database_that_is_not_an_audit_database(tmp_path):
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    html, twin, home = fx.fetch(["/other/-/audit", "/other/-/audit.json", "/"], files=[path])
    assert html.status_code == 404 and "不是用 gov-disclosure 载入" in html.text
    assert twin.status_code == 404 and "不是用 gov-disclosure 载入" in json.loads(twin.text)["error"]
    assert "审核结果：other" not in home.text


def test_datasette_pages_link_ids_to_audit_pages(audit_db, ids):
    violations, reports, database, home, row, query = fx.fetch(
        ["/audit/violations", "/audit/reports", "/audit", "/", "/audit/violations/v-t3001-np",
         "/audit?sql=select+violation_id+from+violations"], files=[audit_db])
    assert '<a href="/audit/-/audit/rule/T3-001">T3-001</a>' in violations.text
    for r in (row, query):
        assert '<a href="/audit/-/audit/violation/v-t3001-np">v-t3001-np</a>' in r.text
    assert f'/audit/-/audit/report/{ids["seed3"]}' in violations.text
    assert f'<a href="/audit/-/audit/agency/{ids["agency3"]}">{ids["agency3"]}</a>' in reports.text
    for r in (violations, reports, database):
        assert 'href="/audit/-/audit"' in r.text and "审核概览" in r.text  # table / database actions
    assert "审核结果：audit" in home.text  # menu entry


def test_links_follow_base_url(audit_db, ids):
    # Datasette's test client puts base_url in front of these paths itself
    paths = ["/audit/-/audit", f"/audit/-/audit/report/{ids['seed3']}", "/audit/violations"]
    overview, report, table = fx.fetch(paths, files=[audit_db], settings={"base_url": "/pub/"})
    assert 'href="/pub/audit/-/audit.json"' in overview.text
    assert f'href="/pub/audit/-/audit/report/{ids["seed3"]}"' in overview.text
    assert 'href="/pub/audit/violations?rule_id=T3-001"' in overview.text
    assert 'href="/pub/audit/-/audit/violation/v-struct006-seed003"' in report.text
    assert 'href="/pub/audit/-/audit/rule/STRUCT-006"' in table.text


def test_rule_page_paginates(tmp_path):
    path = fx.build(tmp_path)
    conn = sqlite3.connect(path)
    seed3 = fx.report_id(conn, fx.SEED_003)
    with conn:
        conn.executemany("INSERT INTO violations VALUES (?, 'STRUCT-006', 'error', ?, 't3', 'new', 'np', 1, 2, 'm')",
                         [(f"vp{i:03d}", seed3) for i in range(120)])
        conn.executemany("INSERT INTO reports (id, agency, agency_id, year, parse_status) VALUES (?, ?, ?, 2022, 'ok')",
                         [(f"rp{i:03d}", f"机构{i}", f"ap{i:03d}") for i in range(60)])
    conn.close()
    first, third, html, overview = fx.fetch(
        ["/audit/-/audit/rule/STRUCT-006.json", "/audit/-/audit/rule/STRUCT-006.json?page=3",
         "/audit/-/audit/rule/STRUCT-006?page=2", "/audit/-/audit?agency_page=2"], files=[path])
    first, third = json.loads(first.text), json.loads(third.text)
    assert first["count"] == 121
    assert len(first["violations"]["items"]) == 50 and first["violations"]["has_next"]
    assert len(third["violations"]["items"]) == 21 and not third["violations"]["has_next"]
    assert 'href="?page=3"' in html.text and 'href="?page=1"' in html.text
    # 67 reports and 66 agencies: two pagers, each moving without resetting the other
    assert 'href="?agency_page=2&amp;page=2"' in overview.text
    assert 'href="?agency_page=1"' in overview.text


def test_shipped_metadata_works_on_this_datasette(audit_db):
    metadata = yaml.safe_load(shipped("metadata.yml").read_text(encoding="utf-8"))
    demo = audit_db.parent / "demo.db"
    demo.write_bytes(audit_db.read_bytes())
    home, table, twin = fx.fetch(["/", "/demo/violations", "/demo/violations.json?_extra=facet_results"],
                                 immutables=[demo], metadata=metadata)
    assert "政府信息公开工作年度报告审核" in home.text and "CC-BY-4.0" in home.text
    assert "审核发现编号" in table.text  # a column description
    facets = json.loads(twin.text)["facet_results"]
    assert {"rule_id", "severity"} <= set(facets.get("results", facets))


def test_every_table_has_chinese_column_descriptions():
    from datasette_gov_disclosure import store

    metadata = yaml.safe_load(shipped("metadata.yml").read_text(encoding="utf-8"))
    tables = metadata["databases"]["demo"]["tables"]
    conn = sqlite3.connect(":memory:")
    conn.executescript(store.SCHEMA + store.AUDIT_SCHEMA)
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        assert set(tables[table]["columns"]) == set(columns), table
    assert tables["violations"]["facets"] == ["rule_id", "severity"]


def test_serve_gives_the_metadata_to_the_databases_it_serves():
    assert serve.database_names(["audit.db", "-p", "8001", "-i", "demo.db", "--immutable=x.sqlite"]) == \
        ["audit", "demo", "x"]
    metadata = serve.metadata_for(["audit", "demo"])
    assert set(metadata["databases"]) == {"audit", "demo"}
    assert metadata["databases"]["audit"]["tables"]["violations"]["facets"] == ["rule_id", "severity"]
    # the demo's description (示例数据库: the bundled real reports) is not stamped on another file
    assert "示例数据库" in metadata["databases"]["demo"]["description_html"]
    assert "示例数据库" not in metadata["databases"]["audit"]["description_html"]
    assert 'href="audit/-/audit"' in metadata["databases"]["audit"]["description_html"]
    args = serve.datasette_args(["audit.db", "-p", "8001"])
    assert args[:3] == ["audit.db", "-p", "8001"] and args[3] == "-m"
    assert serve.datasette_args(["audit.db", "-m", "mine.yml"]) == ["audit.db", "-m", "mine.yml"]


def test_plugin_import_stays_light():
    """Datasette imports every plugin at start-up: no parsers, lxml or OpenCC then."""
    import subprocess
    import sys

    code = ("import sys, datasette_gov_disclosure; "
            "heavy = [m for m in ('lxml', 'opencc', 'docx', 'cn2an', 'datasette_gov_disclosure.parse', "
            "'datasette_gov_disclosure.readers', 'datasette_gov_disclosure.web') if m in sys.modules]; "
            "print(heavy); sys.exit(1 if heavy else 0)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_stylesheet_is_linked_and_served(audit_db):
    page, css = fx.fetch(["/audit/-/audit", "/-/static-plugins/datasette-gov-disclosure/audit.css"], files=[audit_db])
    assert 'href="/-/static-plugins/datasette-gov-disclosure/audit.css"' in page.text
    assert css.status_code == 200 and "@media print" in css.text
