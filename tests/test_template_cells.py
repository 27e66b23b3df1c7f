"""Every database the tool writes explains its own keys: `template_cells` names each cell of the
official tables in Chinese, so SQL users never need a document outside the file."""
import sqlite3

from click.testing import CliRunner

from datasette_gov_disclosure.cli import cli

SEED_001 = "tests/data/seeds/001_f7ae2969909213d6.txt"


def load(tmp_path, *args):
    db = tmp_path / "a.db"
    result = CliRunner().invoke(cli, ["load", SEED_001, "--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return sqlite3.connect(db)


def test_the_table_holds_both_formats_cell_by_cell(tmp_path):
    conn = load(tmp_path)
    counts = dict(conn.execute("SELECT format || '/' || tbl, count(*) FROM template_cells GROUP BY 1"))
    # Counted off the formats: 2021 表二 3+3 (规章, 行政规范性文件) + 1 + 2 + 1 cells; 表三 25 rows × 7;
    # 2019 表二 2×3 + 2×3 + 2×3 + 1×2 + 1×2, 表三 23 rows × 7; 表四 3 groups × 5 in both.
    assert counts == {"2021/t2": 10, "2021/t3": 175, "2021/t4": 15,
                      "2019/t2": 22, "2019/t3": 161, "2019/t4": 15}


def test_every_key_of_a_loaded_report_decodes_to_its_printed_labels(tmp_path):
    conn = load(tmp_path)
    orphans = conn.execute("""
        SELECT c.tbl, c.row_key, c.col_key FROM cells c JOIN reports r ON r.id = c.report_id
        LEFT JOIN template_cells t ON t.format = r.format AND t.tbl = c.tbl AND t.row_key = c.row_key
             AND t.col_key = c.col_key
        WHERE t.row_key IS NULL""").fetchall()
    assert orphans == []
    label = conn.execute("SELECT table_name, row_label, col_label, row_no, col_no FROM template_cells "
                         "WHERE format = '2021' AND tbl = 't3' AND row_key = 'r.noproc.petition' AND col_key = 'np'"
                         ).fetchone()
    # As printed in seed 001's table 三: row 1.信访举报投诉类申请 under (五)不予处理, the 16th data row
    # (一, 二, (一), (二), 8 不予公开, 3 无法提供, then this), first applicant column 自然人.
    assert label == ("表三", "1.信访举报投诉类申请", "自然人", 16, 1)
    part = conn.execute("SELECT part, row_label, col_label FROM template_cells WHERE format = '2021' "
                        "AND tbl = 't2' AND row_key = 'admin_fee'").fetchone()
    assert part == ("第二十条第（八）项", "行政事业性收费", "本年收费金额（单位：万元）")


def test_audit_writes_it_into_a_database_that_lacks_it(tmp_path):
    conn = load(tmp_path)
    conn.execute("DROP TABLE template_cells")
    conn.commit()
    db = tmp_path / "a.db"
    result = CliRunner().invoke(cli, ["audit", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert sqlite3.connect(db).execute("SELECT count(*) FROM template_cells").fetchone() == (398,)
