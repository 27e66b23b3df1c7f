"""Digit runs: how long the splitters and a whole run-on report take on long and hostile runs.

    python bench/splits.py

Prints, for runs of 100, 400 and 10,000 digits in Table 四's place in a real run-on report
(tests/data/corpus/013), the time of the whole parse; then the worst case under each table's
bound (MAX_DIGITS), where the splitter really searches, for a few digit patterns; then the
column-identity search (parse/settle.py) with every row of Table 三 ambiguous 200 ways.
"""
import os
import random
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from datasette_gov_disclosure.load import parse_bytes  # noqa: E402
from datasette_gov_disclosure import formats as T  # noqa: E402
from datasette_gov_disclosure.parse import settle, splits  # noqa: E402

REPORT = os.path.join(ROOT, "tests", "data", "corpus", "013_pingtan-2019-concat.txt")


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def main():
    random.seed(1)
    text = open(REPORT, encoding="utf-8").read()
    print("| Table 四 run | whole parse | Table 四 cells |\n|---|---|---|")
    for length in (15, 100, 400, 10_000):
        run = "".join(random.choice("0123456789") for _ in range(length))
        data = text.replace("尚未审结总计000000000000000", "尚未审结总计" + run, 1).encode("utf-8")
        seconds, report = timed(lambda: parse_bytes(data, "bench.txt"))
        states = sorted({c["state"] for c in report.cells if c["tbl"] == "t4"})
        print(f"| {length:,} digits | {seconds * 1000:.0f} ms | {'/'.join(states)} |")
    patterns = {"1…": "1" * 50, "9…": "9" * 50, "12…": "12" * 25, "10…": "10" * 25,
                "random": "".join(random.choice("0123456789") for _ in range(50))}
    calls = {"t2": lambda d: splits.t2_splits(d, 3), "t3": splits.t3_splits, "t4": splits.t4_splits}
    print("\n| splitter at its bound | pattern | time | splits |\n|---|---|---|---|")
    for tbl, split in calls.items():
        n = splits.MAX_DIGITS[tbl]
        for name, digits in patterns.items():
            seconds, found = timed(lambda: split(digits[:n]))
            print(f"| {tbl}, {n} digits | {name} | {seconds * 1000:.1f} ms | "
                  f"{'more than %d' % splits.MAX_CANDIDATES if found is None else len(found)} |")

    print(f"\n| settling Table 三, every row 200 candidates | {settle_worst() * 1000:.0f} ms |\n|---|---|")


def settle_worst():
    """Every row of a 2021 Table 三 ambiguous 200 ways (small random values): the search gives up
    at its step budget; the time it takes to get there."""
    cells = []
    for row_key, _ in T.T3_ROWS["2021"]:
        candidates = [[random.randint(0, 3) for _ in range(6)] for _ in range(200)]
        candidates = [c + [sum(c)] for c in candidates]
        cells += [{"tbl": "t3", "row_key": row_key, "col_key": col, "state": "ambiguous", "value": None,
                   "raw": None, "line": 1, "candidates": candidates} for col in T.T3_COLS]
    seconds, _ = timed(lambda: settle.settle_columns(cells, "2021"))
    return seconds


if __name__ == "__main__":
    main()
