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


# A run-on report whose Table 四 run is replaced by a long one must come back at once, under a
# memory limit, with Table 四 ambiguous and a note: never a hang (issue: 100 digits took 20 s,
# 400 digits hours, and one such file stalled a whole load).
_BOUNDED_PARSE = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (512 << 20, 512 << 20))
from datasette_gov_disclosure.load import parse_bytes
text = open(sys.argv[1], encoding="utf-8").read()
run = ("3141592653589793238462643383279502884197169399" * 300)[:int(sys.argv[2])]
text = text.replace("尚未审结总计000000000000000", "尚未审结总计" + run, 1)
report = parse_bytes(text.encode("utf-8"), "long-run.txt")
states = {c["state"] for c in report.cells if c["tbl"] == "t4"}
notes = [n for n in report.notes if n.startswith("t4 ")]
print(report.parse_status, sorted(states), len(notes), notes[0] if notes else "")
"""


@pytest.mark.parametrize("length", [100, 400, 10_000])
def test_a_long_table_four_run_is_ambiguous_with_a_note_not_a_hang(length):
    import subprocess
    import sys

    from conftest import DATA

    source = DATA / "corpus" / "013_pingtan-2019-concat.txt"
    assert "尚未审结总计000000000000000" in source.read_text(encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", _BOUNDED_PARSE, str(source), str(length)],
                         capture_output=True, text=True, timeout=10)
    assert out.returncode == 0, out.stderr[-2000:]
    status, states, count, note = out.stdout.split(" ", 3)
    assert (status, states, count) == ("ok", "['ambiguous']", "1")
    assert "过长" in note and f"共 {length} 个字符" in note


def test_runs_beyond_the_bound_are_not_enumerated():
    from datasette_gov_disclosure.parse import splits

    assert t3_splits("1" * (splits.MAX_DIGITS["t3"] + 1)) is None
    assert t4_splits("0" * (splits.MAX_DIGITS["t4"] + 1)) is None
    assert t2_splits("1" * (splits.MAX_DIGITS["t2"] + 1), 2) is None


def test_more_splits_than_the_cap_are_not_listed():
    # 40 digits in 3 cells, none with a leading zero: C(39, 2) = 741 splits > 200
    assert t2_splits("1" * 40, 3) is None
    # and just under: 21 digits in 2 cells = 20 splits, all listed
    assert len(t2_splits("1" * 21, 2)) == 20


def test_table_four_search_over_positions_equals_every_nesting():
    """The position search finds the same splits, in the same order, as nesting every cut."""
    from datasette_gov_disclosure.parse import splits

    def nested(digits):
        out = []
        for e1 in range(5, len(digits) + 1):
            for g1 in splits._with_total(digits[:e1], 5):
                for e2 in range(e1 + 5, len(digits) - 4):
                    for g2 in splits._with_total(digits[e1:e2], 5):
                        out += [g1 + g2 + g3 for g3 in splits._with_total(digits[e2:], 5)]
        return out

    for digits in ("110024001510102", "25380363300630003", "11002130000010001", "1100213110021311002"):
        assert splits.t4_splits(digits) == nested(digits)
    assert len(splits.t4_splits("1100213110021311002")) > 1
