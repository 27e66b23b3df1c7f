"""The findings as a story list and a feed: CSV with a byte-order mark (Excel reads the Chinese),
.xlsx, and Atom feeds per region, agency or rule whose entries link to the finding pages."""
import csv
import io
import sqlite3

import feedparser
import pytest
from openpyxl import load_workbook

import web_fixture as fx

BASE = "/audit/-/audit"


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    """The plugin fixture's reports (seeds, a mutated seed, an XSS report) through a real audit."""
    return fx.build_audited(tmp_path_factory.mktemp("exports"))


def table(db, where="", params=()):
    conn = sqlite3.connect(db)
    rows = conn.execute(f"SELECT violation_id, agency, province, severity, message FROM findings {where} "
                        "ORDER BY rowid", params).fetchall()
    conn.close()
    return rows


def get(db, path, **kwargs):
    (response,) = fx.fetch([path], files=[db], **kwargs)
    return response


def test_csv_opens_in_excel_with_the_chinese_intact_and_holds_every_finding(audited):
    response = get(audited, f"{BASE}/findings.csv")
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    heading, body = rows[0], rows[1:]
    assert heading[:3] == ["审核发现编号", "机构", "省"] and heading[-1] == "永久链接"
    expected = table(audited)
    assert len(expected) > 20
    assert [(r[0], r[1], r[2], r[12]) for r in body] == [(v, a or "", p or "", m) for v, a, p, s, m in expected]
    assert all(r[-1].endswith(f"/audit/-/audit/violation/{r[0]}") for r in body)


@pytest.mark.parametrize("query, where, params", [
    ("province=吉林省", "WHERE province = ?", ["吉林省"]),
    ("region=2201", "WHERE region_code LIKE ?", ["2201%"]),
    ("severity=error", "WHERE severity = ?", ["error"]),
    ("severity=error,warning&year=2025", "WHERE severity IN ('error', 'warning') AND year = ?", [2025]),
])
def test_filters_keep_exactly_the_matching_findings(audited, query, where, params):
    response = get(audited, f"{BASE}/findings.csv?{query}")
    body = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    expected = table(audited, where, params)
    assert expected, "the fixture should have findings for this filter"
    assert [r[0] for r in body] == [v for v, *_ in expected]


def test_xlsx_holds_the_same_rows(audited):
    response = get(audited, f"{BASE}/findings.xlsx?province=吉林省")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "机构"
    assert [r[0] for r in rows[1:]] == [v for v, *_ in table(audited, "WHERE province = ?", ["吉林省"])]


def test_the_atom_feed_validates_and_its_entries_open_the_finding_pages(audited):
    response = get(audited, f"{BASE}/feed.atom?region=22&_size=5")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert "行政区划 22" in feed.feed.title
    assert len(feed.entries) == 5
    paths = [e.link.split("http://localhost", 1)[1] for e in feed.entries]
    assert all(p.startswith(f"{BASE}/violation/v") for p in paths)
    pages = fx.fetch(paths, files=[audited])
    assert [p.status_code for p in pages] == [200] * 5
    assert all(e.id == e.link for e in feed.entries)


def test_a_feed_for_one_agency_or_rule_is_titled_by_its_name_not_its_id(audited):
    conn = sqlite3.connect(audited)
    agency_id, agency, rule_id, rule_title = conn.execute(
        "SELECT agency_id, agency, rule_id, rule_title FROM findings WHERE agency_id != ? "
        "ORDER BY violation_id LIMIT 1", [fx.XSS_AGENCY]).fetchone()
    conn.close()
    for query, name, key in ((f"agency_id={agency_id}", agency, agency_id), (f"rule_id={rule_id}", rule_title, rule_id)):
        feed = feedparser.parse(get(audited, f"{BASE}/feed.atom?{query}").content)
        assert name in feed.feed.title and key not in feed.feed.title, feed.feed.title


def test_report_text_in_the_feed_is_escaped(audited):
    response = get(audited, f"{BASE}/feed.atom?agency_id={fx.XSS_AGENCY}")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.entries, "the XSS report has findings"
    assert b"<script>" not in response.content and b"&lt;script&gt;" in response.content


@pytest.mark.parametrize("query", ["year=20x", "region=22x", "severity=fatal", "_size=0", "_size=abc"])
def test_bad_parameters_are_a_400_in_chinese(audited, query):
    path = f"{BASE}/feed.atom?{query}" if query.startswith("_size") else f"{BASE}/findings.csv?{query}"
    response = get(audited, path)
    assert response.status_code == 400
    assert "应为" in response.text


def test_exports_obey_datasettes_permissions(audited):
    config = {"databases": {"audit": {"tables": {"findings": {"allow": False}}}}}
    for path in (f"{BASE}/findings.csv", f"{BASE}/findings.xlsx", f"{BASE}/feed.atom"):
        try:
            response = get(audited, path, config=config)
        except TypeError:  # Datasette 0.65 reads permissions from metadata
            response = get(audited, path, metadata=config)
        assert response.status_code == 403, path


def test_in_datasettes_own_table_each_finding_links_to_its_finding_page(audited):
    conn = sqlite3.connect(audited)
    first = conn.execute("SELECT violation_id FROM findings ORDER BY rowid LIMIT 1").fetchone()[0]
    conn.close()
    response = get(audited, "/audit/findings?_size=5")
    assert response.status_code == 200
    assert f'href="/audit/-/audit/violation/{first}"' in response.text


def test_a_finding_keeps_the_time_it_was_first_found_and_the_feed_puts_new_ones_first(tmp_path):
    """Audited once with one rule, then again with all: the findings found again keep their first
    time, the ones the new rules find are newer, and the feed lists those first, although every
    report was loaded before both audits."""
    import shutil
    import time
    from pathlib import Path

    from click.testing import CliRunner

    from datasette_gov_disclosure.audit import shipped_rules_dir
    from datasette_gov_disclosure.cli import cli

    path = fx.audited_files(tmp_path, ["seeds/001_f7ae2969909213d6.txt", "seeds/002_79fe859667c2588d.txt"])
    one_rule = tmp_path / "one_rule"
    one_rule.mkdir()
    shutil.copy(Path(shipped_rules_dir()) / "TEXT-010.yml", one_rule)
    assert CliRunner().invoke(cli, ["audit", "--db", str(path), "--rules", str(one_rule)]).exit_code == 0
    conn = sqlite3.connect(path)
    first = dict(conn.execute("SELECT violation_id, first_found FROM findings"))
    assert len(first) == 2  # TEXT-010 on both seeds
    time.sleep(1.1)  # first_found is kept to the second
    assert CliRunner().invoke(cli, ["audit", "--db", str(path)]).exit_code == 0
    again = dict(conn.execute("SELECT violation_id, first_found FROM findings"))
    conn.close()
    assert {v: again[v] for v in first} == first
    newer = {v for v in again if v not in first}
    assert newer and all(again[v] > max(first.values()) for v in newer)
    feed = feedparser.parse(get(path, f"{BASE}/feed.atom").content)
    ids = [e.link.rsplit("/", 1)[1] for e in feed.entries]
    assert set(ids[:len(newer)]) == newer and set(ids[len(newer):]) == set(first)
    assert "首次发现" in feed.feed.subtitle
