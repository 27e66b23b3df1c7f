"""Every hand-read expected file in tests/expected/ against the parser, cell by cell."""
import pytest

from conftest import actual_cells, expected_cells, expected_files, load_expected
from datasette_gov_disclosure import formats as T

FILES = expected_files("seed_") + expected_files("corpus_")
REPORT_FIELDS = ["agency", "year", "format", "published_on", "body_type", "script", "parse_status"]


@pytest.fixture(params=FILES)
def case(request, parse_data_file):
    exp = load_expected(request.param)
    return exp, parse_data_file(exp["file"])


def test_metadata(case):
    exp, report = case
    got = {k: getattr(report, k) for k in REPORT_FIELDS}
    want = {k: (str(v) if k == "format" and v is not None else v) for k, v in exp["report"].items()
            if k in REPORT_FIELDS}
    assert {k: got[k] for k in want} == want


def test_sections(case):
    exp, report = case
    assert [s["no"] for s in report.sections if s["no"]] == exp["sections"]  # 0 is the preamble


def test_every_cell(case):
    exp, report = case
    want = expected_cells(exp)
    got = actual_cells(report)
    if exp["report"]["format"] in T.FORMATS:
        assert len(want) == len(T.template_cells(str(exp["report"]["format"]))), "expected file incomplete"
    diffs = {k: (got.get(k), want[k]) for k in want if got.get(k) != want[k]}
    extra = set(got) - set(want)
    assert not diffs, f"{len(diffs)} cells differ (got, want): {dict(list(diffs.items())[:12])}"
    assert not extra


def test_claims(case):
    exp, report = case
    assert "claims" in exp, "an expected file lists its claims (an empty list when there are none)"
    want = [(c["key"], c["value"], c.get("group"), c["section"]) for c in exp["claims"] or []]
    got = [(c["key"], c["value"], c["group"], c["section"]) for c in report.claims]
    assert got == want
