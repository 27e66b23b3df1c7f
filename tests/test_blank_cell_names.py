"""A blank cell is named in the finding's message; 整行 only when a row of several cells is blank.

Read off seed 001 (绿园区人民政府办公室 2025) by hand: table 二's 行政事业性收费 row has one cell,
本年收费金额（单位：万元）, and it is empty (lines 77-79: the label, then nothing before 三、).
"""
from rules_support import audited_db

SEED_001 = "seeds/001_f7ae2969909213d6.txt"


def test_a_single_blank_cell_is_named_not_called_a_whole_row(parse_data_file):
    report = parse_data_file(SEED_001)
    conn = audited_db([report]).conn
    (message,), = conn.execute("SELECT message FROM violations WHERE report_id = ? AND rule_id = 'STRUCT-007' "
                               "AND tbl = 't2'", [report.id])
    assert "整行" not in message
    assert "：行政事业性收费：本年收费金额" in message, message  # the row, then its one cell
