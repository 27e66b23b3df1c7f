"""One report per agency and year: a second input holding the same report counts once.

Expected values read off the reports by hand:
- 平潭综合实验区 2023 is published as a page (corpus 030, .html) and as a text copy (corpus 014,
  .txt) whose table rows are run together; in the text copy the rows (一)予以公开 "220000022" and
  (二)部分公开 "191000020" split more than one way, in the page they read 22 / 20 cell by cell. Both
  carry 发布日期 2024-03-08 and the same numbers where both were read, so the page, the more complete
  parse, is the canonical report.
- seed 004 (武汉市硚口区档案馆 2024) is dated 2025-01-13 and its tables are all zeros.
"""
import sqlite3
from pathlib import Path

from datasette_gov_disclosure.audit import run
from datasette_gov_disclosure.audit.versions import mark_versions
from datasette_gov_disclosure.load import parse_bytes
from datasette_gov_disclosure.web import queries
from conftest import DATA
from rules_support import audited_db, shipped_rules

ROOT = Path(__file__).resolve().parent.parent
PINGTAN = ("corpus/013_pingtan-2019-concat.txt", "corpus/014_pingtan-2023-concat.txt",
           "corpus/030_pingtan-2023-fullpage.html", "corpus/016_pingtan-2025-concat.txt")


def test_pingtan_2023_page_and_text_copy_are_one_report(parse_data_file):
    reports = [parse_data_file(p) for p in PINGTAN]
    text_copy, page = reports[1], reports[2]
    assert text_copy.id != page.id and text_copy.agency_id == page.agency_id
    db = audited_db(reports)
    conn = db.conn
    marks = dict((r[0], r[1:]) for r in conn.execute("SELECT id, version_of, version_note FROM reports"))
    assert marks[text_copy.id][0] == page.id
    assert "另一份报告表格数字一致" in marks[text_copy.id][1] and "解析完整程度" in marks[text_copy.id][1]
    assert "另有一份报告" in marks[page.id][1]
    assert not any(r.id in (note or "") for _, note in marks.values() for r in reports)  # the pages link them
    assert marks[page.id][0] is None
    assert all(marks[r.id] == (None, None) for r in (reports[0], reports[3]))
    # The version has no findings of its own and every rule says why it was not run on it.
    assert conn.execute("SELECT count(*) FROM violations WHERE report_id = ?", [text_copy.id]).fetchone()[0] == 0
    results = conn.execute("SELECT DISTINCT status, reason FROM rule_results WHERE report_id = ?",
                           [text_copy.id]).fetchall()
    assert len(results) == 1 and results[0][0] == "skipped" and "另一版本" in results[0][1]
    # The page's own audit runs as usual.
    assert conn.execute("SELECT count(*) FROM rule_results WHERE report_id = ? AND status = 'pass'",
                        [page.id]).fetchone()[0] > 0
    _counted_once(conn, page.agency_id, page.id, text_copy.id)


def _counted_once(conn, agency_id, canonical_id, version_id):
    overview = queries.overview(conn)
    assert [y["reports"] for y in overview["by_year"] if y["year"] == 2023] == [1]
    assert [a["reports"] for a in overview["agencies"]["items"] if a["agency_id"] == agency_id] == [
        len({r[0] for r in conn.execute("SELECT year FROM reports WHERE agency_id = ?", [agency_id])})]
    assert version_id not in [r["id"] for r in overview["reports"]["items"]]
    agency = queries.agency(conn, agency_id)
    assert [r["id"] for r in agency["reports"] if r["year"] == 2023] == [canonical_id]
    assert [v["id"] for v in agency["versions"]] == [version_id]
    assert all(v["report_id"] != version_id for v in agency["violations"])
    assert [v["id"] for v in queries.report(conn, canonical_id)["version"]["versions"]] == [version_id]


def test_demo_db_counts_pingtan_2023_once():
    conn = sqlite3.connect(f"file:{ROOT / 'demo.db'}?mode=ro", uri=True)
    ids = dict(conn.execute("SELECT source, id FROM reports WHERE agency = '平潭综合实验区' AND year = 2023"))
    page = ids["examples/corpus_030_pingtan-2023-fullpage.html"]
    text_copy = ids["examples/corpus_014_pingtan-2023-concat.txt"]
    agency_id = conn.execute("SELECT agency_id FROM reports WHERE id = ?", [page]).fetchone()[0]
    _counted_once(conn, agency_id, page, text_copy)


def _seed_004(edit=lambda text: text):
    text = (DATA / "seeds/004_2bd05c700e80ad6e.txt").read_text(encoding="utf-8")
    return parse_bytes(edit(text).encode("utf-8"), "seed-004-copy.txt")


def test_a_republished_report_with_other_numbers_gives_way_to_the_later_one():
    original = _seed_004()
    # The same report published again a month later with one number of table 二 changed.
    assert "2025-01-13" in (original.published_on or "")
    later = _seed_004(lambda t: t.replace("2025-01-13", "2025-02-20").replace("2025年1月13日", "2025年2月20日"))
    assert later.published_on == "2025-02-20"
    cell = next(c for c in later.cells if c["tbl"] == "t2" and c["state"] == "number")
    later.cells = [dict(c, value=c["value"] + 5) if c is cell else c for c in later.cells]
    later.id = "r" + "f" * 12
    db = audited_db([original, later])
    marks = dict((r[0], r[1:]) for r in db.conn.execute("SELECT id, version_of, version_note FROM reports"))
    assert marks[original.id][0] == later.id
    assert "数字不同" in marks[original.id][1] and "2025-02-20" in marks[original.id][1]
    assert marks[later.id][0] is None and "数字与本报告不同" in marks[later.id][1]
    # Idempotent; and when the later one is gone, the original is canonical again.
    assert mark_versions(db.conn) == 1
    assert db.conn.execute("SELECT version_of FROM reports WHERE id = ?", [original.id]).fetchone()[0] == later.id
    for table in ("cells", "sections", "claims", "sources", "reports"):
        db.conn.execute(f"DELETE FROM {table} WHERE {'id' if table == 'reports' else 'report_id'} = ?", [later.id])
    assert mark_versions(db.conn) == 0
    assert db.conn.execute("SELECT version_of, version_note FROM reports WHERE id = ?",
                           [original.id]).fetchone() == (None, None)


def test_a_previous_year_in_two_versions_is_compared_once():
    """TEXT-009 (the same 一 and 五 as last year) against a previous year held twice: one finding."""
    this_year = _seed_004()
    last_year = [_seed_004(lambda t, s=s: t.replace("2024", "2023") + f"\n{s}") for s in ("（第一份）", "（第二份）")]
    db = audited_db([this_year] + last_year)
    conn = db.conn
    years = dict(conn.execute("SELECT id, year FROM reports"))
    assert years[this_year.id] == 2024 and [years[r.id] for r in last_year] == [2023, 2023]
    assert conn.execute("SELECT count(*) FROM reports WHERE version_of IS NOT NULL").fetchone()[0] == 1
    found = conn.execute("SELECT message FROM violations WHERE rule_id = 'TEXT-009' AND report_id = ?",
                         [this_year.id]).fetchall()
    assert len(found) == 1 and "2023 年度" in found[0][0]
    # Without the marks, the same rule finds it twice (one per copy of last year's report).
    conn.execute("UPDATE reports SET version_of = NULL")
    rule = next(r for r in shipped_rules() if r.id == "TEXT-009")
    assert conn.execute(f"SELECT count(*) FROM ({rule.sql}) WHERE report_id = ?", [this_year.id]).fetchone()[0] == 2
    run(conn, shipped_rules())
    assert conn.execute("SELECT count(*) FROM violations WHERE rule_id = 'TEXT-009'").fetchone()[0] == 1
