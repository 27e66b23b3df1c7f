"""What the audit pages answer to requests they cannot serve: other methods (405 like Datasette), page
numbers past any page (400, not an SQL overflow), databases that only look like ours (404, no link)."""
import json
import sqlite3

import pytest

import web_fixture as fx
from web_fixture import audit_db, ids  # noqa: F401  (fixtures)
from datasette_gov_disclosure import store


def some_pages(ids):
    base = "/audit/-/audit"
    paths = [base, f"{base}/report/{ids['seed3']}", f"{base}/rule/T3-001", f"{base}/agency/{ids['agency3']}",
             f"{base}/violation/v-text002", f"{base}/notice/{ids['seed3']}", "/nodb/-/audit"]
    return paths + [p + ".json" for p in paths]


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_other_methods_are_405(audit_db, ids, method):
    paths = some_pages(ids)
    responses = fx.fetch(paths, files=[audit_db], method=method)
    assert [r.status_code for r in responses] == [405] * len(paths)
    for path, r in zip(paths, responses):
        assert r.headers["allow"] == "GET, HEAD"
        if path.endswith(".json"):
            assert set(json.loads(r.text)) >= {"error"} and "只接受" in json.loads(r.text)["error"]
        else:
            assert "<h1>不支持的请求方式</h1>" in r.text


def test_head_answers_like_get_without_a_body(audit_db, ids):
    paths = some_pages(ids)
    heads = fx.fetch(paths, files=[audit_db], method="head")
    gets = fx.fetch(paths, files=[audit_db])
    assert [r.status_code for r in heads] == [r.status_code for r in gets] == [200] * 6 + [404] + [200] * 6 + [404]
    assert all(r.content == b"" for r in heads)


@pytest.mark.parametrize("query", ["?page=99999999999999999999", "?agency_page=99999999999999999999",
                                   "?page=1000001"])
def test_page_numbers_past_any_page_are_400(audit_db, ids, query):
    base = "/audit/-/audit"
    paths = [base + query, base + ".json" + query, f"{base}/rule/T3-001{query}", f"{base}/rule/T3-001.json{query}"]
    if "agency" in query:
        paths = paths[:2]
    responses = fx.fetch(paths, files=[audit_db])
    assert [r.status_code for r in responses] == [400] * len(paths)
    assert "超出范围" in responses[0].text and "超出范围" in json.loads(responses[1].text)["error"]
    # the agency page has no pager: the parameter changes nothing there
    (agency,) = fx.fetch([f"{base}/agency/{ids['agency3']}.json{query}"], files=[audit_db])
    assert agency.status_code == 200


def test_last_allowed_page_is_an_empty_page(audit_db):
    (r,) = fx.fetch(["/audit/-/audit/rule/T3-001.json?page=1000000"], files=[audit_db])
    assert r.status_code == 200 and json.loads(r.text)["violations"]["items"] == []


def database_like_ours(tmp_path, name, change):
    """A database with this tool's schema, changed by the SQL ``change``."""
    path = tmp_path / f"{name}.db"
    conn = sqlite3.connect(path)
    conn.executescript(store.SCHEMA + store.AUDIT_SCHEMA + change)
    conn.close()
    return path


@pytest.mark.parametrize("name, change", [
    ("foreign", "DROP TABLE reports; CREATE TABLE reports (id TEXT PRIMARY KEY, title TEXT);"
                "INSERT INTO reports VALUES ('r1', 'x');"),
    ("nosections", "DROP TABLE sections;"),
    ("oldcells", "DROP TABLE cells; CREATE TABLE cells (report_id, tbl, row_key, col_key, value);"),
])
def test_a_database_that_only_looks_like_ours_is_404_without_a_link(tmp_path, name, change):
    path = database_like_ours(tmp_path, name, change)
    base = f"/{name}/-/audit"
    paths = [base, base + "/report/r1", base + "/rule/T3-001", base + "/agency/a1", base + "/violation/v1"]
    responses = fx.fetch(paths + [p + ".json" for p in paths] + ["/", f"/{name}", f"/{name}/reports"], files=[path])
    *pages, home, database, table = responses
    assert [r.status_code for r in pages] == [404] * len(pages)
    assert all("不是用 gov-disclosure 载入" in r.text for r in pages)
    for r in (home, database, table):
        assert r.status_code == 200 and f'href="{base}"' not in r.text


def test_the_whole_schema_is_recognised_again_after_a_change(tmp_path):
    path = database_like_ours(tmp_path, "later", "DROP TABLE sections;")
    first = fx.fetch(["/later/-/audit.json"], files=[path])[0].status_code
    conn = sqlite3.connect(path)
    conn.executescript(store.SCHEMA)  # sections is back
    conn.close()
    assert (first, fx.fetch(["/later/-/audit.json"], files=[path])[0].status_code) == (404, 200)


def test_json_twin_links_to_itself(audit_db, ids):
    paths = ["/audit/-/audit", f"/audit/-/audit/report/{ids['seed3']}", "/audit/-/audit/rule/T3-001?page=1"]
    responses = fx.fetch([p.replace("?", ".json?") if "?" in p else p + ".json" for p in paths], files=[audit_db])
    twins = [json.loads(r.text)["urls"]["json"] for r in responses]
    assert twins == ["/audit/-/audit.json", f"/audit/-/audit/report/{ids['seed3']}.json",
                     "/audit/-/audit/rule/T3-001.json?page=1"]
