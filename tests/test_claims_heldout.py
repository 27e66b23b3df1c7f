"""Narrative claims on sentences the extractor was not written from (tests/data/claims_heldout.tsv).

193 sentences of 47 Pingtan department reports 2019-2025 (公安局, 财政金融局, 管委会办公室,
行政审批局, 经济发展局, 国资局/投资促进局, 交通与建设局, 市场监督管理局), none of them in
claims_sentences.tsv; keys and values read off each report by hand, application and handled
counts checked against the report's own Table 三. Where each report comes from (repository, path,
commit) and in which batch it was read: tests/data/claims_heldout_sources.tsv.

Batch 1 (35 reports) was measured before the extractor was changed for it: 85.5 % of the
application, handled, carried-over, review and lawsuit counts, 51.9 % of the proactive totals,
18 false claims. Batch 2 (12 reports) was measured once, untouched, after the changes for batch
1: 10 of 11 and 13 of 14, 2 false claims. The floors below are the figures measured on both
batches after the changes (``python tests/claims_table.py tests/data/claims_heldout.tsv``); the
test fails if a change reads fewer of these counts or reads any false one.
"""
import csv

from conftest import DATA
from claims_table import precision, recall, rows, score, sentences, summary

TABLE = rows(DATA / "claims_heldout.tsv")
SOURCES = DATA / "claims_heldout_sources.tsv"
FLOORS = {  # recall per key, as measured: 64/66 proactive totals, 31/32 applications
    "proactive.total": 0.96, "t3.new.total": 0.96, "t3.new_or_done": 1.0, "t3.r.total.total": 1.0,
    "t3.carry_in.total": 1.0, "t3.carry_out.total": 1.0, "t4.rev.total": 1.0, "t4.lit.total": 1.0,
}
APPLICATION_KEYS = set(FLOORS) - {"proactive.total"}


def test_every_report_has_its_source_and_none_was_tuned_on():
    with open(SOURCES, encoding="utf-8", newline="") as f:
        sources = {r["report"]: r for r in csv.DictReader(f, delimiter="\t")}
    reports = {r["report"] for r in TABLE}
    assert reports == set(sources)
    assert all("@" in s["source"] and s["batch"] in ("1", "2") for s in sources.values())
    tuned = rows()
    assert not reports & {r["report"] for r in tuned}
    assert not {s for _, s in sentences(TABLE)} & {s for _, s in sentences(tuned)}


def test_recall_per_key_and_no_false_claim():
    per_key, false = score(TABLE)
    print("\n" + summary(TABLE))
    assert {k for k, c in per_key.items() if c["found"] + c["missed"]} == set(FLOORS)
    low = {k: f"{recall(per_key[k]):.1%}" for k, floor in FLOORS.items() if recall(per_key[k]) < floor}
    assert not low, summary(TABLE)
    assert not false, summary(TABLE)
    assert all(precision(c) == 1.0 for c in per_key.values())


def test_the_issue_aims_hold():
    # Issue 12: at least 95 % of the application-side counts and 90 % of the proactive totals.
    per_key, _ = score(TABLE)
    found = sum(per_key[k]["found"] for k in APPLICATION_KEYS)
    stated = found + sum(per_key[k]["missed"] for k in APPLICATION_KEYS)
    assert found / stated >= 0.95
    assert recall(per_key["proactive.total"]) >= 0.90
