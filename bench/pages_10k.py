"""Benchmark (run by hand): median time of the audit overview and a report page on a
10,000-report database.

    python bench/pages_10k.py [--reports 10000] [--requests 20] [--db bench/out/pages_10k.db]

The database is built once (kept in bench/out/): the parsed seeds copied under varied ids,
agencies, regions and years, plus synthetic rules, violations and rule_results rows that follow
store.AUDIT_SCHEMA (about 40 rules, 2-3 findings per report on average). Served immutable, as a
published database is. Goal: under 200 ms each.
"""
import argparse
import asyncio
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "data" / "seeds"
RULES = ([f"STRUCT-{i:03d}" for i in range(1, 12)] + [f"T3-{i:03d}" for i in range(1, 12)]
         + [f"T4-{i:03d}" for i in range(1, 6)] + [f"T2-{i:03d}" for i in range(1, 7)]
         + [f"TEXT-{i:03d}" for i in range(1, 12)] + [f"PUB-{i:03d}" for i in range(1, 7)])
SEVERITIES = ["error", "warning", "info"]


def build(path, n):
    from datasette_gov_disclosure import store
    from datasette_gov_disclosure.load import load_paths

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    db = store.open_db(str(tmp))
    load_paths(db, [str(SEEDS)])
    db.conn.close()
    conn = sqlite3.connect(tmp)
    conn.execute("PRAGMA journal_mode=DELETE")
    seeds = [r[0] for r in conn.execute("SELECT id FROM reports ORDER BY id")]
    rng = random.Random(5)
    with conn:
        conn.executescript(store.AUDIT_SCHEMA)
        conn.executemany("INSERT INTO rules (id, title, severity, formats, basis, description, kind, sql) "
                         "VALUES (?, ?, ?, '[\"2019\",\"2021\"]', '依据', '说明', 'sql', 'SELECT 1')",
                         [(r, f"规则 {r}", SEVERITIES[i % 3]) for i, r in enumerate(RULES)])
        for i in range(n):
            seed = seeds[i % len(seeds)]
            rid, agency_no = f"b{i:012x}", i % 2000
            conn.execute("""INSERT INTO reports SELECT ?, source || ?, sha256, agency || ?, ?, body_type,
                            region || ?, ?, format, published_on, script, parse_status, parse_error,
                            reader, notes, loaded_at FROM reports WHERE id = ?""",
                         [rid, f"#{i}", f"（{agency_no}）", f"a{agency_no:010x}", f"（{agency_no % 300}）",
                          2019 + (i // 2000) % 7, seed])
            for table in ("sections", "cells", "claims"):
                cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")][1:]
                conn.execute(f"INSERT INTO {table} SELECT ?, {', '.join(cols)} FROM {table} WHERE report_id = ?",
                             [rid, seed])
            found = set()
            for _ in range(rng.choice([0, 0, 1, 2, 3, 4, 6, 8])):
                rule = rng.choice(RULES)
                row, col = rng.choice([("new", "np"), ("carry_out", "total"), ("r.total", "total"), (None, None)])
                if (rule, row, col) in found:
                    continue
                found.add((rule, row, col))
                conn.execute("INSERT INTO violations VALUES (?, ?, ?, ?, ?, ?, ?, 1, 2, '合成的审核发现')",
                             [f"v{i:08x}{len(found):02d}", rule, SEVERITIES[RULES.index(rule) % 3], rid,
                              "t3" if row else None, row, col])
            failing = {f[0] for f in found}
            conn.executemany("INSERT INTO rule_results VALUES (?, ?, ?, ?)",
                             [(r, rid, "fail" if r in failing else "pass", 0) for r in RULES])
        conn.execute("INSERT INTO report_findings " + store.FINDINGS_PER_REPORT)  # as the audit does
    conn.execute("VACUUM")
    conn.close()
    tmp.rename(path)


async def measure(path, requests):
    from datasette.app import Datasette

    ds = Datasette(immutables=[str(path)])
    await ds.invoke_startup()
    conn = sqlite3.connect(path)
    ids = [r[0] for r in conn.execute("SELECT report_id FROM violations GROUP BY report_id ORDER BY random() LIMIT ?",
                                      [requests])]
    name = path.stem
    pages = {"overview": [f"/{name}/-/audit"] * requests,
             "overview.json": [f"/{name}/-/audit.json"] * requests,
             "report": [f"/{name}/-/audit/report/{r}" for r in ids],
             "rule": [f"/{name}/-/audit/rule/{RULES[i % len(RULES)]}" for i in range(requests)]}
    results = {}
    for page, paths in pages.items():
        await ds.client.get(paths[0])  # warm up
        times = []
        for p in paths:
            start = time.perf_counter()
            r = await ds.client.get(p)
            times.append((time.perf_counter() - start) * 1000)
            assert r.status_code == 200, (p, r.status_code)
        results[page] = times
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--db", type=Path, default=ROOT / "bench" / "out" / "pages_10k.db")
    args = parser.parse_args()
    if not args.db.exists():
        start = time.perf_counter()
        build(args.db, args.reports)
        print(f"built {args.db} in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    conn = sqlite3.connect(args.db)
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("reports", "cells", "violations", "rule_results")}
    print("database:", ", ".join(f"{t} {n}" for t, n in counts.items()))
    for page, times in asyncio.run(measure(args.db, args.requests)).items():
        print(f"{page:14s} median {statistics.median(times):6.1f} ms   max {max(times):6.1f} ms   "
              f"({len(times)} requests)")


if __name__ == "__main__":
    main()
