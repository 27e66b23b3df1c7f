"""Digits printed without separators ("21710000218") → the rows they can stand for.

A run is split using only the row's own identity, never the neighbouring rows:

* Table 三 row: 7 non-negative integers, the last = the sum of the first six;
* Table 四 row: 3 groups of 5, each group's last = the sum of its first four;
* Table 二 row: no identity; as many digits as cells reads one digit per cell, any other
  length is ambiguous (every split is a candidate).

No cell may have a leading zero ("05"), except "0" itself. The caller gets every split that
fits: exactly one is a reading, several are ``ambiguous`` and all are kept as candidates.
"""
from itertools import combinations

MAX_CANDIDATES = 200
MAX_T3_DIGITS = 28  # C(27, 6) ≈ 300 000 cuts: beyond that a run is not one table row anyway


def _number(piece, decimal=False):
    """The value of one cell's digits, or None when the piece cannot be a cell."""
    if not piece or piece.startswith(".") or piece.endswith("."):
        return None
    whole, _, frac = piece.partition(".")
    if "." in frac or (frac and not decimal):
        return None
    if len(whole) > 1 and whole.startswith("0"):
        return None
    return float(piece) if frac else int(whole)


def _cuts(digits, parts, decimal_cols=()):
    """Every way to cut ``digits`` into ``parts`` valid cells, left to right."""
    n = len(digits)
    if parts > n:
        return
    for cut in combinations(range(1, n), parts - 1):
        bounds = (0,) + cut + (n,)
        row = []
        for k in range(parts):
            value = _number(digits[bounds[k]:bounds[k + 1]], k in decimal_cols)
            if value is None:
                break
            row.append(value)
        else:
            yield row


def _summing(digits, parts, target):
    """Every cut of ``digits`` into ``parts`` integers adding up to ``target``.

    Depth first, pruned on the running sum: a longer piece is a larger number (no leading
    zeros), so the first piece that overshoots ends its loop.
    """
    n = len(digits)
    if parts == 1:
        value = _number(digits)
        return [[value]] if value is not None and value == target else []
    rows = []
    for length in range(1, n - parts + 2):
        value = _number(digits[:length])
        if value is None or value > target:
            break
        for rest in _summing(digits[length:], parts - 1, target - value):
            rows.append([value] + rest)
    return rows


def _with_total(digits, parts):
    """Splits into ``parts`` integers whose last equals the sum of the others, in the order
    of their cut positions (the order ``_cuts`` would give)."""
    n = len(digits)
    if n == parts and digits.isdecimal():
        # One digit per cell, the only cut there is (and the commonest run: "0000000").
        row = [int(d) for d in digits]
        return [row] if sum(row[:-1]) == row[-1] else []
    rows = []
    for total_len in range(1, n - parts + 2):
        total = _number(digits[n - total_len:])
        if total is None:
            continue
        rows.extend(row + [total] for row in _summing(digits[:n - total_len], parts - 1, total))
    rows.sort(key=lambda row: [len(str(v)) for v in row])
    return rows


def t3_splits(digits):
    if len(digits) > MAX_T3_DIGITS:
        return []
    return _with_total(digits, 7)


def t4_splits(digits):
    """Three 5-cell groups, each satisfying its own total."""
    results = []

    def extend(start, groups_left, prefix):
        if len(results) > MAX_CANDIDATES:
            return
        if groups_left == 0:
            if start == len(digits):
                results.append(prefix)
            return
        rest = len(digits) - start
        for length in range(5, rest - 5 * (groups_left - 1) + 1):
            for group in _with_total(digits[start:start + length], 5):
                extend(start + length, groups_left - 1, prefix + group)

    extend(0, 3, [])
    return results


def t2_splits(digits, ncols, decimal_cols=()):
    """Every split of a Table 二 row (one digit per cell is the only split when the counts match)."""
    out = []
    for row in _cuts(digits, ncols, decimal_cols):
        out.append(row)
        if len(out) > MAX_CANDIDATES:
            break
    return out
