"""The committed demo.db served as `datasette -i demo.db -m metadata.yml` (what `datasette publish`
runs): every audit page of it answers. Fails until demo.db is committed (see test_demo_db.py)."""
import sqlite3
from pathlib import Path

import yaml

import web_fixture as fx
from datasette_gov_disclosure.paths import shipped

DEMO = Path(__file__).resolve().parent.parent / "demo.db"


def test_every_audit_page_of_demo_db_answers_immutable():
    assert DEMO.exists(), "demo.db is not committed: run `bash scripts/build-demo` and commit demo.db"
    conn = sqlite3.connect(f"file:{DEMO}?mode=ro", uri=True)
    base = "/demo/-/audit"
    paths = [base]
    paths += [f"{base}/{page}/{r}" for (r,) in conn.execute("SELECT id FROM reports") for page in ("report", "notice")]
    paths += [f"{base}/agency/{a}" for (a,) in conn.execute("SELECT DISTINCT agency_id FROM reports "
                                                            "WHERE agency_id IS NOT NULL")]
    paths += [f"{base}/rule/{r}" for (r,) in conn.execute("SELECT id FROM rules")]
    paths += [f"{base}/violation/{v}" for (v,) in conn.execute("SELECT violation_id FROM violations")]
    conn.close()
    paths += [p + ".json" for p in paths]
    metadata = yaml.safe_load(shipped("metadata.yml").read_text(encoding="utf-8"))
    responses = fx.fetch(paths, immutables=[DEMO], metadata=metadata)
    assert [(p, r.status_code) for p, r in zip(paths, responses) if r.status_code != 200] == []


def test_no_page_of_demo_db_shows_a_raw_key():
    """Every report, finding, notice, agency and rule page of the demo speaks in the form's labels."""
    conn = sqlite3.connect(f"file:{DEMO}?mode=ro", uri=True)
    base = "/demo/-/audit"
    paths = [base] + [f"{base}/{page}/{r}" for (r,) in conn.execute("SELECT id FROM reports")
                      for page in ("report", "notice")]
    paths += [f"{base}/agency/{a}" for (a,) in conn.execute("SELECT DISTINCT agency_id FROM reports "
                                                            "WHERE agency_id IS NOT NULL")]
    paths += [f"{base}/rule/{r}" for (r,) in conn.execute("SELECT id FROM rules")]
    paths += [f"{base}/violation/{v}" for (v,) in conn.execute("SELECT violation_id FROM violations")]
    conn.close()
    shown = {}
    for path, r in zip(paths, fx.fetch(paths, immutables=[DEMO])):
        found = fx.RAW_KEY.findall(fx.visible_text(r.text))
        if found:
            shown[path] = sorted(set(found))
    assert shown == {}


def test_a_published_copy_of_demo_db_searches_exports_and_feeds():
    """What `datasette -i demo.db -m metadata.yml` (a published copy) offers besides the pages."""
    import csv
    import io

    import feedparser

    metadata = yaml.safe_load(shipped("metadata.yml").read_text(encoding="utf-8"))
    conn = sqlite3.connect(f"file:{DEMO}?mode=ro", uri=True)
    holding = conn.execute("SELECT count(*) FROM sections WHERE text LIKE '%信息处理费%' OR title LIKE '%信息处理费%'"
                           ).fetchone()[0]
    findings = conn.execute("SELECT count(*) FROM findings").fetchone()[0]
    conn.close()
    search, export, feed = fx.fetch(["/demo/sections.json?_search=信息处理费&_size=max&_shape=array",
                                     "/demo/-/audit/findings.csv", "/demo/-/audit/feed.atom?_size=1000"],
                                    immutables=[DEMO], metadata=metadata)
    assert holding and len(search.json()) == holding
    assert len(list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))) == findings + 1
    parsed = feedparser.parse(feed.content)
    assert not parsed.bozo and len(parsed.entries) == findings
