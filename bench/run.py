"""Province-scale benchmark: load, audit and the main pages at N reports, with peak memory.

    python bench/run.py 1000 10000 100000 [--jobs 2]

For each N: generates N reports (bench/generate.py, cached under bench/out/), times
``gov-disclosure load --jobs J`` and ``gov-disclosure audit --jobs J`` as separate processes
(peak RSS of the largest process, and its peak private memory: RSS without mapped file pages),
then the "floor": sqlite-utils ``insert_all`` of exactly the rows the load wrote, into an empty database with the same schema. Finally the median time of the
overview and a report page through Datasette's test client. Prints one Markdown table.
"""
import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)
OUT = os.path.join(HERE, "out")
TABLES = ("reports", "sources", "sections", "cells", "claims")


_PEAK = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, "
         "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def _tree(pid):
    """``pid`` and its descendants, from /proc (Linux)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(x) for x in f.read().split()]
        except OSError:
            pass
    return out


def _private_mib(pid):
    """Memory of its own a process holds (anonymous + shared memory), without the file pages it
    maps: the audit maps the database read-only, and those pages are the OS's cache."""
    try:
        with open(f"/proc/{pid}/status") as f:
            return sum(int(line.split()[1]) for line in f if line.startswith(("RssAnon:", "RssShmem:"))) / 1024
    except OSError:
        return 0.0


def run_timed(args):
    """Run a command; (seconds, peak RSS in MiB of its largest process, peak private MiB of its
    largest process, sampled every 20 ms).

    A fresh wrapper process per command, because RUSAGE_CHILDREN keeps the largest child
    ever waited for: measured from here, one command's peak would hide the next one's.
    """
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", _PEAK, *args], stdout=subprocess.PIPE, text=True)
    private = 0.0
    while proc.poll() is None:
        private = max([private] + [_private_mib(p) for p in _tree(proc.pid)[1:]])  # not the wrapper
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    out = proc.stdout.read()
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, args)
    return seconds, int(out.split()[-1]) / 1024, private


def cli(*args):
    return [sys.executable, "-c", "from datasette_gov_disclosure.cli import main; main()", *args]


def fresh(path):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def floor_seconds(loaded_db, floor_db):
    """sqlite-utils alone inserting the same rows (read back from the loaded database)."""
    import sqlite_utils

    from datasette_gov_disclosure import store

    fresh(floor_db)
    source = sqlite_utils.Database(loaded_db)
    target = store.open_db(floor_db)
    seconds, count = 0.0, 0
    for table in TABLES:
        rows = source[table].rows
        while True:
            chunk = [row for _, row in zip(range(50000), rows)]  # read outside the timed part
            if not chunk:
                break
            start = time.perf_counter()
            with target.atomic():
                target[table].insert_all(chunk, batch_size=1000)
            seconds += time.perf_counter() - start
            count += len(chunk)
    return seconds, count


def page_medians(db_path, repeats=20):
    from datasette.app import Datasette

    name = os.path.splitext(os.path.basename(db_path))[0]

    async def measure():
        ds = Datasette([db_path], immutables=[])
        db = ds.get_database(name)
        report_id = (await db.execute("select id from reports order by id limit 1 offset 7")).first()[0]
        out = {}
        for label, path in (("overview", f"/{name}/-/audit"), ("report", f"/{name}/-/audit/report/{report_id}")):
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                response = await ds.client.get(path)
                times.append(time.perf_counter() - start)
                assert response.status_code == 200, (path, response.status_code)
            out[label] = statistics.median(times) * 1000
        return out

    return asyncio.run(measure())


def bench(n, jobs, steps):
    from generate import generate

    reports_dir = os.path.join(OUT, f"reports_{n}")
    if not os.path.isdir(reports_dir):
        generate(n, reports_dir)
    db = os.path.join(OUT, f"bench_{n}.db")
    fresh(db)
    nan = float("nan")
    load_s, load_mem, load_private = run_timed(cli("load", reports_dir, "--db", db, "--jobs", str(jobs),
                                                   "--batch", "500"))
    audit_s, audit_mem, audit_private = (run_timed(cli("audit", "--db", db, "--jobs", str(jobs)))
                                         if "audit" in steps else (nan, nan, nan))
    floor_s, rows = floor_seconds(db, os.path.join(OUT, f"floor_{n}.db")) if "floor" in steps else (nan, 0)
    pages = page_medians(db) if "pages" in steps and "audit" in steps else {}
    return {"n": n, "load_s": load_s, "rate": n / load_s, "load_mem": load_mem, "load_private": load_private,
            "floor_s": floor_s, "rows": rows, "ratio": load_s / floor_s, "audit_s": audit_s, "audit_mem": audit_mem,
            "audit_private": audit_private, **pages}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="+", type=int)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--steps", default="load,audit,floor,pages",
                        help="comma-separated subset of load,audit,floor,pages (load always runs)")
    args = parser.parse_args()
    os.makedirs(OUT, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, load and audit --jobs {args.jobs}")
    print("| N | load s | reports/s | load peak RSS / private MiB | sqlite-utils floor s | rows | load/floor | audit s "
          "| audit peak RSS / private MiB | overview ms | report page ms |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for n in args.sizes:
        r = bench(n, args.jobs, set(args.steps.split(",")))
        print(f"| {r['n']:,} | {r['load_s']:.1f} | {r['rate']:.0f} | {r['load_mem']:.0f} / {r['load_private']:.0f} | "
              f"{r['floor_s']:.1f} | {r['rows']:,} | {r['ratio']:.2f} | {r['audit_s']:.1f} | "
              f"{r['audit_mem']:.0f} / {r['audit_private']:.0f} | "
              f"{r.get('overview', float('nan')):.0f} | {r.get('report', float('nan')):.0f} |", flush=True)


if __name__ == "__main__":
    main()
