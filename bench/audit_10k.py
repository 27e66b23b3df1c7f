"""Benchmark: audit 10,000 reports made by varying the five seeds (run by hand, not in the tests).

    python bench/audit_10k.py [--reports 10000] [--db /tmp/bench-10k.db]

Each seed is parsed once; copies get their own id, agency and year (every agency has a run of
consecutive years, so the cross-year rules have work to do), and one in ten has a changed
number in table 三 or 四. The copies are written straight into SQLite, then
``gov-disclosure audit`` runs on the file and its time is printed.
"""
import argparse
import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from datasette_gov_disclosure import store  # noqa: E402
from datasette_gov_disclosure.load import parse_file  # noqa: E402

# seed file prefix → report year inside an agency's run (003 is the 2019-format 2020 report)
YEARS = {"000": 2021, "001": 2022, "002": 2023, "003": 2020, "004": 2024}


def build(path, n):
    seeds = {p.name[:3]: parse_file(str(p)) for p in sorted((ROOT / "tests/data/seeds").glob("*.txt"))}
    order = sorted(seeds)
    if os.path.exists(path):
        os.remove(path)
    conn = sqlite3.connect(path)
    conn.executescript(store.SCHEMA)
    rng = random.Random(4)
    reports, cells, sections, claims = [], [], [], []
    changed = 0
    for i in range(n):
        key = order[i % len(order)]
        seed = seeds[key]
        rid = f"r{i:012x}"
        year = YEARS[key] if i % 7 else YEARS[key] - 5  # some agencies have a gap
        published = None if seed.published_on is None else f"{year + 1}-01-{rng.randint(5, 40) if i % 9 else 20:02d}"
        if published and published.endswith(("32", "33", "34", "35", "36", "37", "38", "39", "40")):
            published = f"{year + 1}-02-{int(published[-2:]) - 31:02d}"
        reports.append((rid, f"bench/{i}.txt", "", f"基准测试机关{i // len(order)}", f"a{i // len(order):09d}",
                        seed.body_type, seed.region, year, seed.format, published, seed.script, seed.parse_status,
                        seed.parse_error, seed.reader, None, "2026-01-01T00:00:00+00:00"))
        mutate = None
        if i % 10 == 3:
            numbered = [c for c in seed.cells if c["tbl"] in ("t3", "t4") and c["state"] == "number"]
            mutate = rng.choice(numbered)
            changed += 1
        for c in seed.cells:
            value = c["value"] + 1 if c is mutate else c["value"]
            cells.append((rid, c["tbl"], c["row_key"], c["col_key"], value, c["raw"], c["state"], c["line"], None))
        for s in seed.sections:
            sections.append((rid, s["no"], s["title"], s["text"], s["line"]))
        for c in seed.claims:
            claims.append((rid, c["key"], c["value"], c["quote"], c["section"], c["offset"], c.get("group")))
    with conn:
        columns = store.COLUMNS["reports"][:16]  # the load's first columns; the later ones stay NULL
        conn.executemany(f"INSERT INTO reports ({', '.join(columns)}) VALUES ({','.join('?' * 16)})", reports)
        conn.executemany(f"INSERT INTO cells VALUES ({','.join('?' * 9)})", cells)
        conn.executemany(f"INSERT INTO sections VALUES ({','.join('?' * 5)})", sections)
        conn.executemany(f"INSERT INTO claims VALUES ({','.join('?' * 7)})", claims)
    conn.close()
    return len(reports), len(cells), changed


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=10000)
    ap.add_argument("--db", default="/tmp/bench-10k.db")
    args = ap.parse_args()
    t = time.perf_counter()
    n_reports, n_cells, changed = build(args.db, args.reports)
    print(f"built {n_reports} reports ({n_cells} cells, {changed} with a changed number) in {time.perf_counter() - t:.1f} s")
    exe = Path(sys.executable).with_name("gov-disclosure")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "from datasette_gov_disclosure.cli import main; main()"]
    t = time.perf_counter()
    subprocess.run(cmd + ["audit", "--db", args.db], check=True)
    print(f"gov-disclosure audit over {n_reports} reports: {time.perf_counter() - t:.1f} s wall clock")
    conn = sqlite3.connect(args.db)
    for rule_id, n in conn.execute("SELECT rule_id, count(*) FROM violations GROUP BY rule_id ORDER BY 2 DESC LIMIT 8"):
        print(f"  {rule_id:<11} {n}")
    statuses = dict(conn.execute("SELECT status, count(*) FROM rule_results GROUP BY status"))
    print(f"rule_results: {statuses}")


if __name__ == "__main__":
    main()
