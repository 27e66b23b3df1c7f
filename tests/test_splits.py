"""Digits run together: split by the row's own identity, every fitting split kept."""
import pytest

from conftest import expected_files, load_expected
from datasette_gov_disclosure import formats as T
from datasette_gov_disclosure.parse.splits import t2_splits, t3_splits, t4_splits


def test_the_issue_example_has_one_split():
    assert t3_splits("21710000218") == [[217, 1, 0, 0, 0, 0, 218]]


def test_no_leading_zeros_and_the_total_must_hold():
    assert t3_splits("0000000") == [[0] * 7]
    assert t3_splits("1000002") == []            # 1+0+…+0 ≠ 2, and "02" is not a number
    assert t3_splits("000000") == []             # too few digits for 7 cells


def test_table_four_groups_each_balance():
    assert t4_splits("000000000000000") == [[0] * 15]
    assert t4_splits("110024001510102") == [[1, 1, 0, 0, 2, 4, 0, 0, 1, 5, 1, 0, 1, 0, 2]]


def test_table_two_amounts_may_hold_decimals_counts_may_not():
    assert t2_splits("350", 2) == [[3, 50], [35, 0]]
    assert t2_splits("12.5", 2, decimal_cols=[1]) == [[1, 2.5]]
    assert t2_splits("12.5", 2) == []


def _oracle_rows():
    """(file, tbl, row_key, what the oracle says) for every ambiguous row in the corpus oracles."""
    for name in expected_files("corpus_"):
        exp = load_expected(name)
        for row_key, cols in (exp.get("t2") or {}).items():
            first = next(iter(cols.values()))
            if isinstance(first, dict) and "ambiguous" in first:
                yield exp["file"], "t2", row_key, first["ambiguous"]
        for tbl in ("t3", "t4"):
            for row_key, values in (exp.get(tbl) or {}).items():
                if isinstance(values, dict) and "ambiguous" in values:
                    yield exp["file"], tbl, row_key, values["ambiguous"]


@pytest.mark.parametrize("path, tbl, row_key, oracle", list(_oracle_rows()))
def test_candidates_are_the_hand_enumerated_ones(path, tbl, row_key, oracle, parse_data_file):
    """t2 oracles give the number of splits, t3/t4 oracles list them."""
    report = parse_data_file(path)
    cells = [c for c in report.cells if (c["tbl"], c["row_key"]) == (tbl, row_key)]
    assert cells and {c["state"] for c in cells} == {"ambiguous"}
    candidates = cells[0]["candidates"]
    assert all(c["candidates"] == candidates for c in cells)
    if isinstance(oracle, int):
        assert len(candidates) == oracle
    else:
        assert sorted(candidates) == sorted(oracle)
    width = 15 if tbl == "t4" else len(T.T3_COLS) if tbl == "t3" else len(next(
        sub["cols"] for sub in T.T2[report.format].values() if row_key in sub["rows"]))
    assert all(len(c) == width for c in candidates)


from hypothesis import given, settings
from hypothesis import strategies as st


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="00001123456789", min_size=5, max_size=14), st.sampled_from([5, 7]))
def test_pruned_search_equals_every_cut(digits, parts):
    """The pruned search finds exactly the splits (and in the order) that trying every cut finds."""
    from datasette_gov_disclosure.parse import splits

    brute = [row for row in splits._cuts(digits, parts) if row[-1] == sum(row[:-1])]
    assert splits._with_total(digits, parts) == brute
