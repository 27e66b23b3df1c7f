"""The overview read from the audit's summary tables shows what aggregating the reports at
request time shows (the way every earlier version computed it), page by page."""
import sqlite3

import pytest

import web_fixture as fx
from datasette_gov_disclosure.web import queries


@pytest.fixture(scope="module")
def conn(tmp_path_factory):
    path = fx.build_audited(tmp_path_factory.mktemp("overview"))
    connection = sqlite3.connect(path)
    yield connection
    connection.close()


def both(conn, page=1, agency_page=1):
    found = queries.state(conn)
    assert queries.has_summaries(conn)
    return (queries.overview(conn, page, agency_page),
            queries.live_overview(conn, found, page, agency_page, True))


KEYS = ("reports", "with_violations", "violations", "error", "warning", "info")


def test_totals_years_severities_and_rules_agree(conn):
    summarised, live = both(conn)
    assert summarised["summarised"] and "summarised" not in live
    for key in ("reports", "violations", "reports_with_violations", "problems", "reports_with_problems",
                "suggestions", "agencies", "parse_status"):
        assert summarised["totals"][key] == live["totals"][key], key
    assert [{k: y[k] for k in ("year",) + KEYS} for y in summarised["by_year"]] == \
        [{k: y[k] for k in ("year",) + KEYS} for y in live["by_year"]]
    assert summarised["by_severity"] == live["by_severity"]
    pick = ("rule_id", "violations", "reports", "error", "warning", "info", "passed", "failed", "skipped")
    assert sorted(tuple(r[k] for k in pick) for r in summarised["by_rule"]) == \
        sorted(tuple(r[k] for k in pick) for r in live["by_rule"])


def test_rankings_agree_on_every_page(conn):
    summarised, live = both(conn)
    pages = summarised["reports"]["pages"]
    assert pages == live["reports"]["pages"]
    for page in range(1, pages + 1):
        s, l = both(conn, page=page)
        assert [(r["report_id"], r["error"], r["warning"]) for r in s["reports"]["items"]] == \
            [(r["id"], r["error"], r["warning"]) for r in l["reports"]["items"]]
    s, l = both(conn)
    assert [(a["agency_id"], a["error"], a["warning"], a["reports"]) for a in s["agencies"]["items"]] == \
        [(a["agency_id"], a["error"], a["warning"], a["reports"]) for a in l["agencies"]["items"]]


def test_regions_add_up_to_the_totals(conn):
    summarised, _ = both(conn)
    assert sum(g["reports"] for g in summarised["by_region"]) == summarised["totals"]["reports"]
    for g in summarised["by_region"]:
        assert sum(c["reports"] for c in g["cities"]) == g["reports"]
