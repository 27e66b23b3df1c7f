"""Benchmark (run by hand): do the overview, rule and agency pages stay fast as reports grow?

    python bench/pages_scale.py 10000 100000 300000 [--requests 20]

For each N it builds (once, kept in bench/out/) a database of N canonical reports, each agency
reporting 7 years (N / 7 agencies), with findings like a real audit's (0-8 per report, 46 rules, a
rule_results row per rule and report), then writes the audit's own findings and summary
tables with the audit's code (store.FINDINGS_ROWS, audit/summaries.py) and times the pages
through Datasette's client, served immutable as a published copy is, the sizes' requests
interleaved. The five seeds are loaded
for real, so their report pages (timed too) have cells to draw. Prints the median and the ratio to the smallest N.
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
sys.path.insert(0, str(ROOT))
SEEDS = ROOT / "tests" / "data" / "seeds"
YEARS = 7
PROVINCES = [("吉林省", "长春市", "2201"), ("湖北省", "武汉市", "4201"), ("四川省", "达州市", "5117"),
             ("江苏省", "南京市", "3201"), ("福建省", "福州市", "3501"), (None, None, None)]


def build(path, n):
    from datasette_gov_disclosure import store, template_table
    from datasette_gov_disclosure.audit import load_rules, shipped_rules_dir, summaries
    from datasette_gov_disclosure.load import load_paths

    rules = [(r.id, r.title, r.severity) for r in load_rules(shipped_rules_dir())]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    db = store.open_db(str(tmp))
    load_paths(db, [str(SEEDS)])
    db.conn.close()
    conn = sqlite3.connect(tmp)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    for trigger in [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]:
        conn.execute(f"DROP TRIGGER {trigger}")  # the search index is not what is timed here
    rng = random.Random(7)
    conn.executescript(store.AUDIT_TABLES_SQL)
    conn.execute("ALTER TABLE reports ADD COLUMN version_of TEXT") if "version_of" not in {
        r[1] for r in conn.execute("PRAGMA table_info(reports)")} else None
    conn.execute("ALTER TABLE reports ADD COLUMN version_note TEXT") if "version_note" not in {
        r[1] for r in conn.execute("PRAGMA table_info(reports)")} else None
    conn.executemany("INSERT INTO rules (id, title, severity, formats, basis, remedy, description, kind, sql) "
                     "VALUES (?, ?, ?, '[\"2019\",\"2021\"]', '依据', '整改', '说明', 'sql', 'SELECT 1')", rules)
    reports, violations, results = [], [], []
    for i in range(n):
        agencies = max(1, n // YEARS)
        rid, agency = f"b{i:012x}", i % agencies
        province, city, code = PROVINCES[agency % len(PROVINCES)]
        year = 2019 + (i // agencies) % YEARS
        reports.append((rid, f"bench/{i}.txt", "", f"基准机关{agency}", f"a{agency:010x}", "department",
                        (province or "") + (city or "") or None, year, "2021", f"{year + 1}-01-20", "simplified",
                        "ok", None, "text", None, "2026-01-01T00:00:00+00:00", province, city, None,
                        code and code + "00"))
        failing = set()
        for k in range(rng.choice([0, 0, 1, 2, 3, 4, 6, 8])):
            rule_id, _, severity = rng.choice(rules)
            row, col = rng.choice([("new", "np"), ("carry_out", "total"), ("r.total", "total"), (None, None)])
            violations.append((f"v{i:010x}{k:02d}", rule_id, severity, rid, "t3" if row else None, row, col,
                               1, 2, "合成的审核发现"))
            failing.add(rule_id)
        results.extend((r[0], rid, "fail" if r[0] in failing else "pass", 0, None) for r in rules)
        if len(results) > 500_000 or i == n - 1:
            _flush(conn, reports, violations, results)
    conn.execute("DELETE FROM violations WHERE rowid NOT IN (SELECT min(rowid) FROM violations GROUP BY violation_id)")
    conn.execute("INSERT INTO report_findings " + store.FINDINGS_PER_REPORT)
    template_table.write(conn)
    conn.execute("INSERT INTO findings " + store.FINDINGS_ROWS)
    conn.executescript(store.AUDIT_INDEXES + store.FINDINGS_INDEXES)
    summaries.write(conn)
    conn.commit()
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("VACUUM")
    conn.close()
    tmp.rename(path)


def _flush(conn, reports, violations, results):
    columns = ("id", "source", "sha256", "agency", "agency_id", "body_type", "region", "year", "format",
               "published_on", "script", "parse_status", "parse_error", "reader", "notes", "loaded_at",
               "province", "city", "county", "region_code")
    conn.executemany(f"INSERT INTO reports ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", reports)
    conn.executemany("INSERT OR IGNORE INTO violations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", violations)
    conn.executemany("INSERT OR IGNORE INTO rule_results VALUES (?, ?, ?, ?, ?)", results)
    for rows in (reports, violations, results):
        rows.clear()


def _targets(path, requests):
    """{page: [paths]} for one database: the top agencies and rules, a middle page of the ranking
    and the seeds' report pages."""
    conn = sqlite3.connect(path)
    name = path.stem
    agencies = [r[0] for r in conn.execute("SELECT agency_id FROM summary_agencies ORDER BY rank LIMIT ?", [requests])]
    rules = [r[0] for r in conn.execute("SELECT rule_id FROM summary_rules ORDER BY violations DESC LIMIT ?",
                                        [requests])]
    deep = max(1, conn.execute("SELECT count(*) FROM summary_reports").fetchone()[0] // 50 // 2)
    seeds = [r[0] for r in conn.execute("SELECT id FROM reports WHERE source NOT LIKE 'bench/%'")]
    conn.close()
    base = f"/{name}/-/audit"
    return {"overview": [base] * requests,
            "overview, middle page": [f"{base}?page={deep}"] * requests,
            "rule": [f"{base}/rule/{rules[i % len(rules)]}" for i in range(requests)],
            "agency": [f"{base}/agency/{agencies[i % len(agencies)]}" for i in range(requests)],
            "report": [f"{base}/report/{seeds[i % len(seeds)]}" for i in range(requests)]}


async def measure(paths, requests):
    """{n: {page: median ms}}. All sizes are served by one Datasette and their requests
    interleaved (10k, 100k, 300k, 10k, ...), so a busy moment of the shared machine falls on
    every size alike instead of on whichever size was being timed."""
    from datasette.app import Datasette

    ds = Datasette(immutables=[str(p) for p in paths.values()])
    await ds.invoke_startup()
    targets = {n: _targets(p, requests) for n, p in paths.items()}
    results = {n: {} for n in paths}
    for page in targets[next(iter(paths))]:
        times = {n: [] for n in paths}
        for n in paths:
            await ds.client.get(targets[n][page][0])  # warm up
        for i in range(requests):
            for n in paths:
                start = time.perf_counter()
                r = await ds.client.get(targets[n][page][i])
                times[n].append((time.perf_counter() - start) * 1000)
                assert r.status_code == 200, (targets[n][page][i], r.status_code)
        for n in paths:
            results[n][page] = statistics.median(times[n])
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", type=int, nargs="+")
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    paths = {}
    for n in args.sizes:
        db = ROOT / "bench" / "out" / f"pages_scale_{n}.db"
        if not db.exists():
            start = time.perf_counter()
            build(db, n)
            print(f"built {db.name} in {time.perf_counter() - start:.0f} s", file=sys.stderr)
        paths[n] = db
    table = asyncio.run(measure(paths, args.requests))
    first = args.sizes[0]
    print("| page | " + " | ".join(f"{n:,} ms" for n in args.sizes) + f" | {args.sizes[-1]:,} / {first:,} |")
    print("|---|" + "---|" * (len(args.sizes) + 1))
    for page in table[first]:
        cells = " | ".join(f"{table[n][page]:.0f}" for n in args.sizes)
        print(f"| {page} | {cells} | {table[args.sizes[-1]][page] / table[first][page]:.2f} |")


if __name__ == "__main__":
    main()
