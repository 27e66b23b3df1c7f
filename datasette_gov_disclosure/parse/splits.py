"""Digits printed without separators ("21710000218") → the rows they can stand for.

A run is split using only the row's own identity, never the neighbouring rows:

* Table 三 row: 7 non-negative integers, the last = the sum of the first six;
* Table 四 row: 3 groups of 5, each group's last = the sum of its first four;
* Table 二 row: no identity; as many digits as cells reads one digit per cell, any other
  length is ambiguous (every split is a candidate).

No cell may have a leading zero ("05"), except "0" itself. The caller gets every split that
fits: exactly one is a reading, several are ``ambiguous`` and all are kept as candidates.

Every splitter is bounded: a run longer than any real row (``MAX_DIGITS``) or one that splits
more than ``MAX_CANDIDATES`` ways gives ``None`` ("not enumerated") at once, so that a hostile
or garbled file costs milliseconds, never hours.
"""
from itertools import combinations

MAX_CANDIDATES = 200
# The longest run each table's row can plausibly be (a digit run beyond it is not one row):
# Table 三's 7 cells as 28 digits are C(27, 6) ≈ 300 000 cuts before pruning; Table 四's 15
# cells as 45 digits are 3 digits a cell; Table 二's at most 3 cells as 40 digits.
MAX_DIGITS = {"t2": 40, "t3": 28, "t4": 45}
MAX_T3_DIGITS = MAX_DIGITS["t3"]


class TooMany(Exception):
    """More splits than MAX_CANDIDATES: the row is ambiguous without listing them."""


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
    """Every cut of ``digits`` (decimal digits only) into ``parts`` integers adding up to ``target``.

    Depth first, pruned on the running sum: a longer piece is a larger number (no leading
    zeros), so the first piece that overshoots ends its loop. No piece has more digits than the
    target, and fewer than ten pieces of at most m digits add up to less than 10^(m+1): so the
    digits left must be neither too many nor too few for the target's length.
    """
    n, width = len(digits), len(str(target))
    if n < parts or n > parts * width or n - parts + 1 < width - 1:
        return []
    if parts == 1:
        return [[target]] if (n == 1 or digits[0] != "0") and int(digits) == target else []
    if digits[0] == "0":  # a cell that starts with 0 is "0" itself
        return [[0] + rest for rest in _summing(digits[1:], parts - 1, target)]
    rows = []
    for length in range(1, min(n - parts + 1, width) + 1):
        value = int(digits[:length])
        if value > target:
            break
        for rest in _summing(digits[length:], parts - 1, target - value):
            rows.append([value] + rest)
    return rows


def _with_total(digits, parts):
    """Splits into ``parts`` integers whose last equals the sum of the others, in the order
    of their cut positions (the order ``_cuts`` would give)."""
    n = len(digits)
    if not digits.isdecimal():
        return []  # a decimal point falls inside some cell, and counts are whole numbers
    if n == parts:
        # One digit per cell, the only cut there is (and the commonest run: "0000000").
        row = [int(d) for d in digits]
        return [row] if sum(row[:-1]) == row[-1] else []
    rows = []
    for total_len in range(1, n - parts + 2):
        total = _number(digits[n - total_len:])
        if total is None:
            continue
        rows.extend(row + [total] for row in _summing(digits[:n - total_len], parts - 1, total))
        if len(rows) > MAX_CANDIDATES:
            raise TooMany
    rows.sort(key=lambda row: [len(str(v)) for v in row])
    return rows


def _bounded(tbl, digits, split):
    """``split()`` when ``digits`` is short enough and splits at most MAX_CANDIDATES ways, else None."""
    if len(digits) > MAX_DIGITS[tbl]:
        return None
    try:
        return split()
    except TooMany:
        return None


def t3_splits(digits):
    """The splits of a Table 三 row, or None when there are too many to list (see module doc)."""
    return _bounded("t3", digits, lambda: _with_total(digits, 7))


def t4_splits(digits):
    """Three 5-cell groups, each satisfying its own total (None: too many to list).

    Over positions, not over every nesting of cuts: the groups that can start the row and the
    ones that can end it are found once each, and a middle group is tried only between a
    first group's end and a last group's start. Each stretch is split once (memoised).
    """
    return _bounded("t4", digits, lambda: _t4(digits))


def _t4(digits):
    n, memo = len(digits), {}

    def group(a, b):
        if (a, b) not in memo:
            memo[a, b] = _with_total(digits[a:b], 5)
        return memo[a, b]

    firsts = [e for e in range(5, n - 9) if group(0, e)]
    lasts = [s for s in range(10, n - 4) if group(s, n)]
    results = []
    for end in firsts:
        for g1 in group(0, end):
            for start in lasts:
                if start - end < 5:
                    continue
                for g2 in group(end, start):
                    for g3 in group(start, n):
                        results.append(g1 + g2 + g3)
                        if len(results) > MAX_CANDIDATES:
                            raise TooMany
    return results


def t2_splits(digits, ncols, decimal_cols=()):
    """Every split of a Table 二 row (one digit per cell is the only split when the counts
    match); None when the run is too long or splits too many ways to list."""
    def split():
        out = []
        for row in _cuts(digits, ncols, decimal_cols):
            out.append(row)
            if len(out) > MAX_CANDIDATES:
                raise TooMany
        return out

    return _bounded("t2", digits, split)
