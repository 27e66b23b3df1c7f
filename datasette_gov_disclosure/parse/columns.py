"""Tables extracted column by column (PDF text: all row labels first, then each column).

pdfminer prints a table's text boxes one column at a time: the labels of a block of rows,
then the first column's values for those rows, then the second column's, and so on. We read
values that way only when the count is exact: k ≥ 2 rows waiting for values, all of the same
table and width, and exactly k × width values in one unbroken run.
"""


def fit(rows, count):
    """The leading rows of ``rows`` that ``count`` values fill column by column, or None."""
    if len(rows) < 2 or not count:
        return None
    first = rows[0]
    width = first.ncols
    if count % width:
        return None
    k = count // width
    group = rows[:k]
    if k < 2 or len(group) < k or any((r.tbl, r.ncols) != (first.tbl, width) for r in group):
        return None
    return group


def assign(group, values):
    """Value j goes to row j mod k, column j div k."""
    k = len(group)
    for j, tok in enumerate(values):
        group[j % k].values.append(tok)
