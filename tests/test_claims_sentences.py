"""Narrative claims on the labelled sentences of tests/data/claims_sentences.tsv.

The table holds every sentence of the real reports in tests/data that states an application,
handled, carried-over, review, lawsuit or proactive count, look-alikes from the same reports
(hotline and petition counts, documents given on request, shares, other bodies' work), and
made-up sentences for the wordings issue 12 lists. Values were read off the sentences by hand.
The floors below are the figures measured when the table was written; the test fails if a
change reads fewer of these counts or reads any false one.
"""
import re

import pytest

from conftest import DATA
from claims_table import MADE_UP, precision, recall, rows, score, summary
from datasette_gov_disclosure.load import parse_file
from datasette_gov_disclosure.parse.claims import unwrap

TABLE = rows()
FLOORS = {  # recall per key
    "t3.new.total": 1.0, "t3.r.total.total": 1.0, "t3.new_or_done": 1.0, "t3.carry_in.total": 1.0,
    "t3.carry_out.total": 1.0, "t3.open_partial": 1.0, "t4.rev.total": 1.0, "t4.lit.total": 1.0,
    "proactive.total": 1.0,
}


def _bare(text):
    return re.sub(r"\s+", "", text)


def test_the_table_is_mostly_real_sentences():
    real = [r for r in TABLE if r["report"] != MADE_UP]
    assert len(real) > len(TABLE) / 2
    assert {r["key"] for r in TABLE if r["value"]} == set(FLOORS)


@pytest.mark.parametrize("report", sorted({r["report"] for r in TABLE} - {MADE_UP}))
def test_real_sentences_are_in_their_report(report):
    parsed = parse_file(str(DATA / report))
    text = _bare(unwrap("\n".join(s["text"] for s in parsed.sections)))
    missing = [r["sentence"] for r in TABLE if r["report"] == report and _bare(r["sentence"]) not in text]
    assert not missing


def test_recall_per_key_and_no_false_claim():
    per_key, false = score(TABLE)
    print("\n" + summary(TABLE))
    low = {k: f"{recall(per_key[k]):.1%}" for k, floor in FLOORS.items() if recall(per_key[k]) < floor}
    assert not low, summary(TABLE)
    assert not false, summary(TABLE)
    assert all(precision(c) == 1.0 for c in per_key.values())


def test_a_parts_own_breakdown_is_not_another_part():
    # Made-up, after a real wording: the 2 条 of 部门财务信息 are broken down in parentheses.
    from datasette_gov_disclosure.parse.claims import find_claims

    claims = find_claims("2024年，我局主动公开政府信息22条，其中人事信息2条，部门财务信息2条（其中部门预算1条、"
                         "部门决算1条），审计结果13条，其他信息5条。", 1)
    assert [(c.key, c.value) for c in claims] == [
        ("proactive.total", 22), ("proactive.part", 2), ("proactive.part", 2), ("proactive.part", 13),
        ("proactive.part", 5)]


def test_a_list_with_a_rough_part_gives_no_parts():
    # Made-up: "300余条" is not read, so the parts read (500) could never add up to 900.
    from datasette_gov_disclosure.parse.claims import find_claims

    claims = find_claims("2024年，全县主动公开政府信息900条。其中，通过县政府网站公开信息500条，"
                         "通过其他形式公开信息300余条。", 1)
    assert [(c.key, c.value) for c in claims] == [("proactive.total", 900)]
