from pathlib import Path

import pytest
import yaml

from datasette_gov_disclosure import formats as T

TESTS = Path(__file__).parent
DATA = TESTS / "data"
EXPECTED = TESTS / "expected"
T3_COLS = T.T3_COLS
T4_COLS = T.T4_COLS


def expected_files(prefix):
    return sorted(p.name for p in EXPECTED.glob(prefix + "*.yml"))


def load_expected(name):
    with open(EXPECTED / name, encoding="utf-8") as f:
        return yaml.safe_load(f)


def expected_cells(exp):
    """{(tbl,row,col): (state, value)} from an expected file's compact tables."""
    out = {}

    def put(tbl, row, col, v):
        if v in ("blank", "missing"):
            out[(tbl, row, col)] = (v, None)
        elif isinstance(v, dict) and "text" in v:
            out[(tbl, row, col)] = ("text", v["text"])
        elif isinstance(v, dict) and "ambiguous" in v:
            out[(tbl, row, col)] = ("ambiguous", None)
        else:
            out[(tbl, row, col)] = ("number", v)

    for row, cols in (exp.get("t2") or {}).items():
        for col, v in cols.items():
            put("t2", row, col, v)
    for tbl, names in (("t3", T3_COLS), ("t4", T4_COLS)):
        for row, values in (exp.get(tbl) or {}).items():
            if isinstance(values, dict) and "ambiguous" in values:
                for col in names:
                    put(tbl, row, col, values)
                continue
            assert len(values) == len(names), f"{tbl}.{row}: {len(values)} values for {len(names)} columns"
            for col, v in zip(names, values):
                put(tbl, row, col, v)
    return out


def actual_cells(report):
    out = {}
    for c in report.cells:
        value = None if c["state"] == "ambiguous" else c["value"]
        out[(c["tbl"], c["row_key"], c["col_key"])] = (c["state"], value)
    return out


@pytest.fixture(scope="session")
def parse_data_file():
    from datasette_gov_disclosure.load import parse_file

    cache = {}

    def parse(relpath):
        if relpath not in cache:
            cache[relpath] = parse_file(str(DATA / relpath))
        return cache[relpath]

    return parse
