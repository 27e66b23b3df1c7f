"""The ``template_cells`` table: every cell of the official tables with its Chinese labels.

A database is published on its own (``datasette publish`` carries the file and metadata.yml
only), so the keys in ``cells`` and ``violations`` (``t3`` / ``r.noproc.petition`` / ``np``)
must be decodable from inside the file: ``JOIN template_cells USING (tbl, row_key, col_key)``.
"""
from . import formats as T

TABLE = "template_cells"
CREATE_SQL = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    format TEXT NOT NULL,            -- 2019 | 2021: the national format (reports.format)
    tbl TEXT NOT NULL,               -- t2 | t3 | t4
    table_name TEXT NOT NULL,        -- 表二 | 表三 | 表四
    part TEXT,                       -- Table 二's part, e.g. 第二十条第（一）项
    row_key TEXT NOT NULL,
    col_key TEXT NOT NULL,
    row_label TEXT NOT NULL,         -- the row as printed in the format
    col_label TEXT NOT NULL,         -- the column as printed in the format
    row_name TEXT NOT NULL,          -- the short name findings use
    col_name TEXT NOT NULL,
    row_no INTEGER NOT NULL,         -- position in the format, from 1
    col_no INTEGER NOT NULL,
    PRIMARY KEY (format, tbl, row_key, col_key)
)"""
COLUMNS = ("format", "tbl", "table_name", "part", "row_key", "col_key", "row_label", "col_label",
           "row_name", "col_name", "row_no", "col_no")

_FULL_WIDTH = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "：", ";": "；"})
T4_ROW_LABELS = {"rev": "行政复议", "lit_direct": "行政诉讼：未经复议直接起诉", "lit_after_rev": "行政诉讼：复议后起诉"}


def printed(label):
    """A template label as the format prints it (the templates keep a normalised ASCII form)."""
    return label.translate(_FULL_WIDTH)


def rows():
    """Every template cell of both formats, in the order the format prints them."""
    from .audit import labels  # the short names; imported late, the audit package imports store
    out = []
    for fmt in T.FORMATS:
        row_no = {}
        parts = {}
        row_labels, col_labels = {}, {}
        for caption, sub in ((s["caption"], s) for s in T.T2[fmt].values()):
            for key, names in sub["rows"].items():
                row_no.setdefault(("t2", key), len([k for k in row_no if k[0] == "t2"]) + 1)
                parts[key] = printed(caption)
                row_labels[("t2", key)] = printed(names[0])
            for key, names in sub["cols"].items():
                col_labels[("t2", key)] = printed(names[0])
        for n, (key, names) in enumerate(T.T3_ROWS[fmt], 1):
            row_no[("t3", key)] = n
            row_labels[("t3", key)] = printed(names[0])
        for key, label in T.T3_COL_LABELS.items():
            col_labels[("t3", key)] = label
        for n, key in enumerate(T.T4_GROUPS, 1):
            row_no[("t4", key)] = n
            row_labels[("t4", key)] = T4_ROW_LABELS[key]
        for key, label in T.T4_COL_LABELS.items():
            col_labels[("t4", key)] = label
        col_order = {}
        for tbl, row, col in T.template_cells(fmt):
            cols = col_order.setdefault((tbl, row), [])
            cols.append(col)
            out.append((fmt, tbl, labels.TABLES[tbl], parts.get(row) if tbl == "t2" else None, row, col,
                        row_labels[(tbl, row)], col_labels[(tbl, col)], labels.row_name(tbl, row),
                        labels.col_name(tbl, col), row_no[(tbl, row)], len(cols)))
    return out


def write(conn):
    """Create the table and fill it with this version's templates (cheap: ~400 rows)."""
    conn.execute(CREATE_SQL)
    with conn:
        conn.execute(f"DELETE FROM {TABLE}")
        conn.executemany(f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                         rows())
