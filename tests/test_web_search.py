"""Full-text search over the reports' text: Datasette's own search box and ``?_search=`` on
``sections`` find exactly the sections that contain a phrase, Chinese included (trigram index)."""
import sqlite3

import pytest

import web_fixture as fx
from web_fixture import audit_db  # noqa: F401  (fixture)


def sections_containing(db, phrase):
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT report_id, no FROM sections WHERE title LIKE ? OR text LIKE ?",
                        [f"%{phrase}%", f"%{phrase}%"]).fetchall()
    conn.close()
    return sorted(rows)


@pytest.mark.parametrize("phrase", ["信息处理费", "依申请公开", "本单位(本地区)", "onerror=alert"])
def test_search_finds_exactly_the_sections_holding_the_phrase(audit_db, phrase):  # noqa: F811
    expected = sections_containing(audit_db, phrase)
    assert expected, "the fixture should hold the phrase"
    (page,) = fx.fetch([f"/audit/sections.json?_search={phrase}&_shape=array&_size=max&_col=no"],
                       files=[audit_db])
    assert page.status_code == 200, page.text
    assert sorted((r["report_id"], r["no"]) for r in page.json()) == expected


def test_the_table_page_offers_the_search_box(audit_db):  # noqa: F811
    (page,) = fx.fetch(["/audit/sections"], files=[audit_db])
    assert page.status_code == 200
    assert 'name="_search"' in page.text


def test_a_report_loaded_again_is_found_once_and_a_deleted_one_not_at_all(audit_db, tmp_path):  # noqa: F811
    """The index follows the table through the loader's replace and delete (triggers)."""
    conn = sqlite3.connect(audit_db)
    before = conn.execute("SELECT count(*) FROM sections_fts WHERE sections_fts MATCH '\"信息处理费\"'").fetchone()
    gone = conn.execute("SELECT report_id FROM sections WHERE text LIKE '%信息处理费%' LIMIT 1").fetchone()[0]
    removed = conn.execute("SELECT count(*) FROM sections WHERE report_id = ? AND text LIKE '%信息处理费%'",
                           [gone]).fetchone()[0]
    with conn:
        conn.execute("DELETE FROM sections WHERE report_id = ?", [gone])
    after = conn.execute("SELECT count(*) FROM sections_fts WHERE sections_fts MATCH '\"信息处理费\"'").fetchone()
    conn.rollback()
    conn.close()
    assert after[0] == before[0] - removed


def test_reports_are_found_by_agency_and_place(audit_db):  # noqa: F811
    conn = sqlite3.connect(audit_db)
    expected = sorted(r[0] for r in conn.execute(
        "SELECT id FROM reports WHERE agency LIKE '%长春市%' OR region LIKE '%长春市%'"))
    conn.close()
    assert expected
    (page,) = fx.fetch(["/audit/reports.json?_search=长春市&_shape=array&_size=max&_col=agency"], files=[audit_db])
    assert sorted(r["id"] for r in page.json()) == expected
