"""Run-together rows: what every split agrees on is read, and the table's column identities
settle the rest when exactly one combination fits — never counted as evidence by the audit."""
from conftest import DATA
from rules_support import audited_db, statuses
from datasette_gov_disclosure import formats as T
from datasette_gov_disclosure.load import parse_bytes
from datasette_gov_disclosure.parse import settle, splits
from datasette_gov_disclosure.parse.tables import RowCapture, cell_results

RUN_ON_2023 = DATA / "corpus" / "014_pingtan-2023-concat.txt"


def row(cells, row_key):
    return [c for c in cells if c["tbl"] == "t3" and c["row_key"] == row_key]


def test_the_cells_every_split_agrees_on_are_numbers():
    """The issue's example: "110000213" is [1,10,0,0,0,2,13] or [11,0,0,0,0,2,13]."""
    candidates = splits.t3_splits("110000213")
    assert sorted(candidates) == [[1, 10, 0, 0, 0, 2, 13], [11, 0, 0, 0, 0, 2, 13]]
    capture = RowCapture("t3", "r.open", 7, "（一）予以公开", 5, candidates=candidates)
    cells = row(cell_results({("t3", "r.open"): capture}, "2021"), "r.open")
    assert [(c["state"], c["value"]) for c in cells] == [
        ("ambiguous", None), ("ambiguous", None), ("number", 0), ("number", 0), ("number", 0),
        ("number", 2), ("number", 13)]
    assert cells[0]["candidates"] == candidates and cells[-1]["candidates"] is None


def _table(rows, fmt="2021"):
    """Table 三 cells of ``fmt``: every row zero unless ``rows`` gives its 7 values, or its
    candidates as {"candidates": [...]} (then the row's cells are ambiguous)."""
    cells = []
    for row_key, _ in T.T3_ROWS[fmt]:
        given = rows.get(row_key, [0] * 7)
        for c, col in enumerate(T.T3_COLS):
            if isinstance(given, dict):
                cell = {"state": "ambiguous", "value": None, "raw": None, "candidates": given["candidates"]}
            else:
                cell = {"state": "number", "value": given[c], "raw": str(given[c]), "candidates": None}
            cells.append(dict(tbl="t3", row_key=row_key, col_key=col, line=1, **cell))
    return cells


OPEN = {"candidates": [[2, 20, 0, 0, 0, 0, 22], [22, 0, 0, 0, 0, 0, 22]]}
PARTIAL = {"candidates": [[1, 9, 10, 0, 0, 0, 20], [19, 1, 0, 0, 0, 0, 20]]}


def test_one_combination_fitting_the_column_identities_is_taken_and_said():
    cells = _table({"new": [41, 1, 0, 0, 0, 0, 42], "r.total": [41, 1, 0, 0, 0, 0, 42], "r.open": OPEN,
                    "r.partial": PARTIAL})
    notes = settle.settle_columns(cells, "2021")
    assert [c["value"] for c in row(cells, "r.open")] == [22, 0, 0, 0, 0, 0, 22]
    assert [c["value"] for c in row(cells, "r.partial")] == [19, 1, 0, 0, 0, 0, 20]
    assert {c["state"] for c in cells} == {"number"}
    assert len(notes) == 1 and "(七)总计 = 各办理结果之和" in notes[0] and "只有一种组合" in notes[0]
    assert "一+二" not in notes[0]  # rows 一, 二, (七) and 四 were read, so that identity chose nothing


def test_several_or_no_combinations_leave_the_rows_ambiguous():
    # 自然人 30: 予以公开 2 or 22 plus 部分公开 2 or 1 never makes it
    none = _table({"new": [30, 0, 0, 0, 0, 0, 30], "r.total": [30, 0, 0, 0, 0, 0, 30], "r.open": OPEN,
                   "r.partial": {"candidates": [[2, 0, 0, 0, 0, 0, 2], [1, 1, 0, 0, 0, 0, 2]]}})
    assert "没有一种组合" in settle.settle_columns(none, "2021")[0]
    assert {c["state"] for c in row(none, "r.open")[:2]} == {"ambiguous"}
    # two rows that can swap their readings: both combinations fit
    swap = {"candidates": [[2, 20, 0, 0, 0, 0, 22], [22, 0, 0, 0, 0, 0, 22]]}
    both = _table({"new": [24, 20, 0, 0, 0, 0, 44], "r.total": [24, 20, 0, 0, 0, 0, 44], "r.open": swap,
                   "r.partial": swap})
    assert "不止一种组合" in settle.settle_columns(both, "2021")[0]
    assert {c["state"] for c in row(both, "r.partial")[:2]} == {"ambiguous"}


def test_an_unreadable_cell_in_a_column_leaves_that_column_out():
    cells = _table({"new": [41, 1, 0, 0, 0, 0, 42], "r.total": [41, 1, 0, 0, 0, 0, 42], "r.open": OPEN,
                    "r.partial": PARTIAL})
    for c in row(cells, "r.total")[:2]:
        c.update(state="missing", value=None)
    notes = settle.settle_columns(cells, "2021")
    # 自然人 and 商业企业 say nothing; 科研机构 (0 = open 0 + partial 10 or 0) still settles 部分公开,
    # but 予以公开 differs only in the two unreadable columns: several combinations remain.
    assert "不止一种组合" in notes[0]


def test_a_search_too_large_gives_up_with_a_note(monkeypatch):
    monkeypatch.setattr(settle, "MAX_STEPS", 3)  # 予以公开's two readings both leave the sums reachable
    cells = _table({"new": [24, 20, 0, 0, 0, 0, 44], "r.total": [24, 20, 0, 0, 0, 0, 44], "r.open": OPEN,
                    "r.partial": OPEN})
    assert "组合过多" in settle.settle_columns(cells, "2021")[0]
    assert "ambiguous" in {c["state"] for c in cells}


# Corpus 014 (平潭 2023, run-together). Read by hand from tests/data/corpus/014_pingtan-2023-concat.txt:
# 一 "801000081" = 80,1,0,0,0,0,81; (七) "801000081"; (一)予以公开 "220000022" = [2,20,…,22] or
# [22,0,…,22]; (二)部分公开 "191000020" = [1,9,10,0,0,0,20] or [19,1,0,0,0,0,20]. The other result
# rows hold 自然人 1+1+1+2 (不予公开 4.6.7.8) + 31 (不掌握) + 1 (重复申请) + 1 + 1 (其他处理 1.3.) = 39,
# 商业企业 0: so 予以公开 + 部分公开 = 41 自然人 and 1 商业企业 → 22 and 19, 0 and 1 (科研机构 0,
# not 10). The narrative agrees: "予以公开及部分公开42件" = 22 + 20.
def test_corpus_014_is_settled_by_its_column_identities():
    report = parse_bytes(RUN_ON_2023.read_bytes(), str(RUN_ON_2023))
    assert [c["value"] for c in row(report.cells, "r.open")] == [22, 0, 0, 0, 0, 0, 22]
    assert [c["value"] for c in row(report.cells, "r.partial")] == [19, 1, 0, 0, 0, 0, 20]
    assert not [c for c in report.cells if c["tbl"] == "t3" and c["state"] != "number"]
    # the chosen cells keep their row's candidates; the agreed ones need none
    assert row(report.cells, "r.partial")[2]["candidates"] == [[1, 9, 10, 0, 0, 0, 20], [19, 1, 0, 0, 0, 0, 20]]
    assert row(report.cells, "r.partial")[3]["candidates"] is None
    assert any("(七)总计 = 各办理结果之和" in n and "不作为核对依据" in n for n in report.notes)


def test_the_audit_skips_the_identity_that_settled_the_reading_but_not_the_others():
    report = parse_bytes(RUN_ON_2023.read_bytes(), str(RUN_ON_2023))
    db = audited_db([report])
    status = statuses(db.conn, report.id)
    assert status["T3-003"] == "skipped"   # (七)总计 = 各办理结果之和 chose the reading
    reason = db.conn.execute("SELECT reason FROM rule_results WHERE rule_id = 'T3-003' AND report_id = ?",
                             [report.id]).fetchone()[0]
    assert "推定" in reason and "不作为核对依据" in reason
    assert not db.conn.execute("SELECT count(*) FROM violations WHERE rule_id = 'T3-003'").fetchone()[0]
    assert status["T3-001"] == "pass"      # 一+二 = 三+四 read no chosen cell: evidence as before


def test_a_failure_elsewhere_in_a_settling_identity_is_still_reported():
    # 3.其他 "1000001" → "1000012" = [1,0,0,0,0,1,2]: 其他组织 results now add up to 1, (七) says 0
    text = RUN_ON_2023.read_text(encoding="utf-8")
    assert text.count("3.其他1000001") == 1
    report = parse_bytes(text.replace("3.其他1000001", "3.其他1000012").encode("utf-8"), "changed.txt")
    assert [c["value"] for c in row(report.cells, "r.open")] == [22, 0, 0, 0, 0, 0, 22]
    db = audited_db([report])
    assert statuses(db.conn, report.id)["T3-003"] == "fail"
    cols = {r[0] for r in db.conn.execute("SELECT col_key FROM violations WHERE rule_id = 'T3-003'")}
    assert cols == {"org_other", "total"}
