"""Every real report in tests/data/corpus loads, and the facts INDEX.tsv states by hand hold.

The corpus oracles (tests/expected/corpus_*.yml) are checked cell by cell in
test_expected_reports.py; here are the other files, checked against the notes a person wrote
in shared/corpus/INDEX.tsv while reading them.
"""
import sqlite3

import pytest
from click.testing import CliRunner

from conftest import DATA, T3_COLS, T4_COLS
from datasette_gov_disclosure.cli import cli

CORPUS = sorted(p.name for p in (DATA / "corpus").iterdir())


def cell_values(report, tbl, row_key, cols):
    by_key = {(c["tbl"], c["row_key"], c["col_key"]): c for c in report.cells}
    return [by_key[(tbl, row_key, col)]["value"] if by_key[(tbl, row_key, col)]["state"] == "number"
            else by_key[(tbl, row_key, col)]["state"] for col in cols]


@pytest.mark.parametrize("name", CORPUS)
def test_every_corpus_file_parses_without_a_program_error(name, parse_data_file):
    report = parse_data_file(f"corpus/{name}")
    assert report.parse_status in ("ok", "partial")
    assert not (report.parse_error or "").startswith("解析出错"), report.parse_error


def test_load_a_folder_of_mixed_files(tmp_path):
    db = tmp_path / "audit.db"
    result = CliRunner().invoke(cli, ["load", str(DATA / "corpus"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    rows = sqlite3.connect(str(db)).execute("select source, parse_status from reports").fetchall()
    assert len(rows) == len(CORPUS)
    assert all(status in ("ok", "partial") for _, status in rows)


def test_030_whole_published_page(parse_data_file):
    r = parse_data_file("corpus/030_pingtan-2023-fullpage.html")
    assert (r.reader, r.agency, r.year, r.format, r.parse_status) == ("html", "平潭综合实验区", 2023, "2021", "ok")
    assert r.published_on == "2024-03-08"  # <meta name="PubDate" content="2024-03-08 15:34">
    assert cell_values(r, "t3", "new", T3_COLS) == [80, 1, 0, 0, 0, 0, 81]       # "new 80+1=81"
    assert cell_values(r, "t3", "r.total", ["total"]) == [81]
    assert cell_values(r, "t3", "carry_out", ["total"]) == [0]                    # "结转0"
    assert cell_values(r, "t2", "normative_doc", ["issued", "in_force"]) == [77, 470]
    assert cell_values(r, "t2", "admin_fee", ["amount_wan"]) == [5949.088667]
    # "复议2/诉讼7 (5 direct + 2 after review)"
    flat = sum((cell_values(r, "t4", g, T4_COLS) for g in ("rev", "lit_direct", "lit_after_rev")), [])
    assert [flat[4], flat[9], flat[14]] == [2, 5, 2]
    assert "首页" not in "\n".join(s["text"] for s in r.sections)


def test_014_review_and_litigation_digits(parse_data_file):
    r = parse_data_file("corpus/014_pingtan-2023-concat.txt")
    # INDEX: '110024001510102' = 1,1,0,0,2 | 4,0,0,1,5 | 1,0,1,0,2
    assert cell_values(r, "t4", "rev", T4_COLS) == [1, 1, 0, 0, 2]
    assert cell_values(r, "t4", "lit_direct", T4_COLS) == [4, 0, 0, 1, 5]
    assert cell_values(r, "t4", "lit_after_rev", T4_COLS) == [1, 0, 1, 0, 2]


def test_003_only_the_total_column_is_filled(parse_data_file):
    r = parse_data_file("corpus/003_xian-qu-tongjiju-2023-emptycells.txt")
    assert r.parse_status == "partial"
    assert cell_values(r, "t3", "new", T3_COLS) == ["blank"] * 6 + [0]
    assert cell_values(r, "t3", "carry_in", T3_COLS) == ["blank"] * 6 + [0]
    assert cell_values(r, "t2", "regulation", ["issued", "repealed", "in_force"]) == ["blank"] * 3  # "/"


@pytest.mark.parametrize("name, agency", [
    ("024_chongqing-jiulongpo-erlang-jiedao-2022.txt", "重庆市九龙坡区二郎街道办事处"),
    ("025_huangshi-xialu-xinxialu-jiedao-2022.txt", "新下陆街道办事处"),
    ("009_xinjiang-town-2023-pipe-newline.txt", None),  # the excerpt never names the town
])
def test_street_offices_and_towns(name, agency, parse_data_file):
    r = parse_data_file(f"corpus/{name}")
    assert r.body_type == "township"
    assert r.agency == agency
    assert r.parse_status == "partial"  # pages cut after ~2000 bytes


def test_cut_off_pages_keep_what_was_found(parse_data_file):
    r = parse_data_file("corpus/024_chongqing-jiulongpo-erlang-jiedao-2022.txt")
    assert cell_values(r, "t2", "normative_doc", ["issued", "repealed", "in_force"]) == [4, 0, 4]
    assert cell_values(r, "t3", "new", ["total"]) == ["missing"]
    town = parse_data_file("corpus/009_xinjiang-town-2023-pipe-newline.txt")
    assert cell_values(town, "t2", "regulation", ["in_force"]) == [6]  # "规章 现行有效件数=6"
