"""Ambiguous Table 三 rows settled by the table's own column identities.

A digit run is split by its row's identity alone (``splits``), which often leaves a row two or
three ways to read. The table's column identities — 一+二 = 三(七)总计+四, and (七)总计 = the
sum of the result rows, for every column — tie the rows together, and usually only one
combination of the rows' candidates satisfies them. That combination is taken; the cells so
chosen keep their row's candidates (a ``number`` with candidates is a value *chosen*, not
read), the report's notes say which identities were used, and the audit counts those
identities as assumed, not as evidence (``skipped``). No combination, or several, leaves the
rows ``ambiguous``.

The search is a dynamic programme over the ambiguous rows: its state is what is still owed
to each identity in each column, so rows that lead to the same residuals are merged instead of
multiplied, and a state that can no longer reach zero is dropped. Beyond ``MAX_STEPS`` (states
times candidates tried) the search gives up: the rows stay ambiguous, with a note.
"""
from .. import formats as T

MAX_STEPS = 200_000
COLUMN_IDENTITIES = ("一+二 = 三(七)总计+四", "(七)总计 = 各办理结果之和")


def _identities(fmt):
    """[(name, {row_key: sign})]: each column identity of Table 三 as signed terms."""
    results = {key: -1 for key in T.T3_LEAVES[fmt]}
    return [(COLUMN_IDENTITIES[0], {"new": 1, "carry_in": 1, "r.total": -1, "carry_out": -1}),
            (COLUMN_IDENTITIES[1], dict({"r.total": 1}, **results))]


def _row_label(fmt, row_key):
    return dict(T.T3_ROWS[fmt])[row_key][0]


def settle_columns(cells, fmt):
    """Settle the ambiguous Table 三 rows of ``cells`` (the parser's cell dicts, changed in
    place) where the column identities leave one combination; return the notes to add."""
    if not any(c["state"] == "ambiguous" and c["candidates"] and c["tbl"] == "t3" for c in cells):
        return []  # the common case: nothing to settle (the mapping below is not built)
    t3 = {(c["row_key"], c["col_key"]): c for c in cells if c["tbl"] == "t3"}
    rows = {}  # ambiguous row → its candidates
    for (row_key, _), cell in t3.items():
        if cell["state"] == "ambiguous" and cell["candidates"]:
            rows[row_key] = cell["candidates"]
    if not rows:
        return []
    constraints, used = _constraints(t3, rows, fmt)
    order = [r for r in rows if any(r in terms for _, terms in constraints)]
    if not order:
        return []
    found = _search(order, rows, constraints)
    names = "、".join(_row_label(fmt, r) for r in order)
    if found is None:
        return [f"表三 {names} 各有多种拆分，组合过多，未能按本表的勾稽关系逐一核对，保留为 ambiguous"]
    ways, choice = found
    if ways != 1:
        what = "没有一种组合" if ways == 0 else "不止一种组合"
        return [f"表三 {names} 各有多种拆分，按本表的列勾稽关系（{'；'.join(used)}）{what}成立，保留为 ambiguous"]
    for row_key, k in zip(order, choice):
        chosen = rows[row_key][k]
        for c, col in enumerate(T.T3_COLS):
            cell = t3[row_key, col]
            if cell["state"] == "ambiguous":
                cell.update(state="number", value=chosen[c], raw=str(chosen[c]))
    return [f"表三 {names} 的数字串各有多种拆分，按本表每一列的勾稽关系（{'；'.join(used)}）只有一种组合成立，"
            f"据此取值；这些勾稽关系因此不作为核对依据"]


def _constraints(t3, rows, fmt):
    """([(known part, {row: (sign, column index)})] for each identity and column whose ambiguous
    rows differ there and whose other cells are all usable; the names of the identities used)."""
    constraints, used = [], []
    for name, signs in _identities(fmt):
        for c, col in enumerate(T.T3_COLS):
            known, terms = 0, {}
            for row_key, sign in signs.items():
                if row_key in rows:
                    terms[row_key] = (sign, c)
                    continue
                cell = t3.get((row_key, col))
                if cell is None or cell["state"] not in ("number", "blank"):
                    break  # an unreadable cell: this column says nothing
                known += sign * (cell["value"] or 0)
            else:
                # A column where every candidate agrees cannot choose between them.
                if any(len({cand[c] for cand in rows[r]}) > 1 for r in terms):
                    constraints.append((known, terms))
                    if name not in used:
                        used.append(name)
    return constraints, used


def _search(order, rows, constraints):
    """(number of combinations that satisfy every constraint, capped at 2; the first one as
    candidate indexes in ``order``), or None when the search takes more than MAX_STEPS."""
    last = {}  # constraint → position in ``order`` of its last ambiguous row
    for j, (_, terms) in enumerate(constraints):
        last[j] = max(order.index(r) for r in terms)
    states = {tuple(known for known, _ in constraints): (1, ())}
    steps = 0
    for i, row_key in enumerate(order):
        involved = [(j, terms[row_key]) for j, (_, terms) in enumerate(constraints) if row_key in terms]
        closing = [j for j in last if last[j] == i]
        falling = [j for j, (_, terms) in enumerate(constraints)
                   if last[j] > i and all(s < 0 for r, (s, _) in terms.items() if order.index(r) > i)]
        rising = [j for j, (_, terms) in enumerate(constraints)
                  if last[j] > i and all(s > 0 for r, (s, _) in terms.items() if order.index(r) > i)]
        following = {}
        steps += len(states) * len(rows[row_key])
        if steps > MAX_STEPS:
            return None
        for state, (ways, choice) in states.items():
            for k, cand in enumerate(rows[row_key]):
                nxt = list(state)
                for j, (sign, c) in involved:
                    nxt[j] += sign * cand[c]
                if any(abs(nxt[j]) > 1e-9 for j in closing) or any(nxt[j] < -1e-9 for j in falling) \
                        or any(nxt[j] > 1e-9 for j in rising):
                    continue
                key = tuple(nxt)
                seen = following.get(key)
                following[key] = (min(2, ways + seen[0]), seen[1]) if seen else (ways, choice + (k,))
        states = following
    ways = min(2, sum(w for w, _ in states.values()))
    return ways, (next(iter(states.values()))[1] if states else None)
