"""Benchmark (run by hand): reading real-format reports, per format, and `load --jobs 2` of real pages.

    python bench/formats.py [--repeat 20] [--files 400] [--jobs 2] [--runs 3]

Formats: the real HTML pages (examples/*.html: a whole published page of 118 KB and an HTML
fragment shipped in a JavaScript string), DOCX and PDF written from the seeds with the official
merged table headers (tests/layouts.py; PDF needs the test extras: reportlab, pdfplumber), the
.doc fixtures LibreOffice made of the seeds (tests/data/doc/), and the text layouts (seeds and
corpus texts in examples/ and tests/data/). For each file the least CPU time of ``--repeat``
runs of reading (bytes → Document) and of reading + parsing (→ Report) is taken; pages/s is 1000 / the
mean read + parse ms of the format's files. For HTML, "lxml" is ``lxml.html.document_fromstring``
of the page's decoded text (what the reader called before it had its own tree walk) and the
ratio is reading / lxml.

Then the writer alone: 400 parsed copies of the real pages stored as ``load`` stores them (CPU
ms per page). Then ``gov-disclosure load --jobs J`` of ``--files`` copies of the real HTML pages, each copy
given its own line of text (so each is a report of its own, not a repeat), into a new database,
``--runs`` times: pages/s is files / wall-clock seconds of the whole command. The load average
(/proc/loadavg) is printed before and after: the machine is shared, so the CPU seconds the
load and its workers used are printed too, and the rate J free cores would reach with them.
"""
import argparse
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
OUT = ROOT / "bench" / "out" / "formats"


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def inputs():
    """{format: [paths]}, writing the DOCX and PDF versions of the seeds once (bench/out/formats)."""
    seeds = sorted((ROOT / "tests" / "data" / "seeds").glob("*.txt"))
    texts = sorted(set(seeds) | set((ROOT / "examples").glob("*.txt")) | set((ROOT / "tests" / "data" / "corpus").glob("*.txt")))
    out = {"html": sorted((ROOT / "examples").glob("*.html")), "docx": [], "pdf": [],
           "doc": sorted((ROOT / "tests" / "data" / "doc").glob("0*.doc")), "text": texts}
    OUT.mkdir(parents=True, exist_ok=True)
    from layouts import blocks, write_docx, write_pdf
    from datasette_gov_disclosure.load import parse_file

    for seed in seeds:
        title = next(line.strip() for line in seed.read_text(encoding="utf-8").splitlines() if line.strip())
        for kind, write in (("docx", write_docx), ("pdf", write_pdf)):
            target = OUT / f"{seed.stem}.{kind}"
            if not target.exists():
                try:
                    write(blocks(parse_file(str(seed)), title), str(target))
                except ImportError as e:
                    print(f"({kind} skipped: {e})")
                    break
            out[kind].append(target)
    return out


def fastest(fn, repeat):
    """The least CPU time (ms) of ``repeat`` runs: on a shared machine the wall clock also
    counts other processes' turns."""
    best, spent = float("inf"), 0.0
    for run in range(repeat):
        began = time.process_time()
        fn()
        took = time.process_time() - began
        best, spent = min(best, took), spent + took
        if run >= 2 and spent > 2:  # slow readers (PDF): three runs are enough
            break
    return best * 1000


def lxml_ms(data, repeat):
    import lxml.html

    from datasette_gov_disclosure.readers.decode import decode_bytes
    from datasette_gov_disclosure.readers.jsstring import unwrap_js_html

    text, _ = decode_bytes(data)
    text = unwrap_js_html(text) or text
    return fastest(lambda: lxml.html.document_fromstring(text), repeat)


def per_format(paths_by_format, repeat):
    from datasette_gov_disclosure.parse import parse_document
    from datasette_gov_disclosure.readers import read_bytes

    print("| format | files | KB / file | read ms / page | read + parse ms / page | pages/s | lxml ms | read / lxml |")
    print("|---|---|---|---|---|---|---|---|")
    for kind, paths in paths_by_format.items():
        if not paths:
            continue
        reads, totals, lxmls, sizes = [], [], [], []
        for path in paths:
            data = path.read_bytes()
            sizes.append(len(data) / 1024)
            reads.append(fastest(lambda: read_bytes(data, path.name), repeat))
            totals.append(fastest(lambda: parse_document(read_bytes(data, path.name), str(path), ""), repeat))
            if kind == "html":
                lxmls.append(lxml_ms(data, repeat))
        mean = statistics.mean(totals)
        ratio = (" / ".join(f"{r / x:.1f}" for r, x in zip(reads, lxmls))) if lxmls else "—"
        lxml = " / ".join(f"{x:.2f}" for x in lxmls) if lxmls else "—"
        read = " / ".join(f"{r:.2f}" for r in reads) if kind == "html" else f"{statistics.mean(reads):.2f}"
        print(f"| {kind} | {len(paths)} | {statistics.mean(sizes):.0f} | {read} | {mean:.2f} | {1000 / mean:.0f} | "
              f"{lxml} | {ratio} |")


def write_rate(pages, n=400):
    """CPU ms per page of the writer alone (the load's one writing process): ``n`` parsed copies of
    the real pages (``copies``) stored in a new database as ``load`` stores them (``tune_for_loading``,
    batches of 200, child rows packed as the workers send them)."""
    from datasette_gov_disclosure import store
    from datasette_gov_disclosure.load import parse_bytes

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        copies(pages, n, folder)
        parsed = [(store.pack(parse_bytes(p.read_bytes(), p.name)), p.name, p.stat().st_size)
                  for p in sorted(folder.iterdir())]
        db = store.open_db(str(Path(tmp) / "write.db"))
        store.tune_for_loading(db)
        writer = store.Writer(db)
        began = time.process_time()
        for start in range(0, n, 200):
            with db.atomic():
                for report, name, size in parsed[start:start + 200]:
                    writer.add(report, name, size)
                writer.flush()
        spent = time.process_time() - began
        db.conn.close()
    print(f"writer: {n} parsed pages stored in {spent:.2f} s of CPU = {1000 * spent / n:.2f} ms per page")


def copies(pages, n, folder):
    """``n`` files, each a real page with one line of its own inserted before its first section."""
    sources = [p.read_bytes().decode("utf-8") for p in pages]
    for i in range(n):
        page = sources[i % len(sources)]
        at = page.find("一、")
        at = page.rfind("<", 0, at) if at > 0 else -1
        line = f"<p>本页副本编号{i}</p>"
        page = page[:at] + line + page[at:] if at > 0 else page + line
        (folder / f"page{i:05d}.html").write_text(page, encoding="utf-8")


def load_rate(pages, n, jobs, runs):
    gov = Path(sys.executable).with_name("gov-disclosure")
    gov = str(gov) if gov.exists() else "gov-disclosure"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        copies(pages, n, folder)
        for run in range(runs):
            db = Path(tmp) / f"load{run}.db"
            before = loadavg()
            began, cpu_before = time.perf_counter(), _children_cpu()
            subprocess.run([gov, "load", str(folder), "--db", str(db), "--jobs", str(jobs)], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            seconds, cpu = time.perf_counter() - began, _children_cpu() - cpu_before
            conn = sqlite3.connect(db)
            ok = conn.execute("SELECT count(*) FROM reports WHERE parse_status != 'failed'").fetchone()[0]
            conn.close()
            print(f"load --jobs {jobs}: {n} pages in {seconds:.2f} s = {n / seconds:.0f} pages/s; CPU {cpu:.2f} s "
                  f"({1000 * cpu / n:.1f} ms per page: {jobs} free cores would load {jobs * n / cpu:.0f} pages/s); "
                  f"{ok} reports parsed; load average {before} before, {loadavg()} after")


def _children_cpu():
    """CPU seconds (user + system) used by the finished child processes and their children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def interpreter():
    """Which build of Python runs the bench: on 2026-12-03 the same code needed 15–40 % less CPU
    per format on an interpreter built with PGO and LTO and linked statically (Debian's
    /usr/bin/python3) than on one built without them against a shared libpython (a default
    pyenv build), so figures are comparable only on the same build."""
    try:
        with open("/proc/self/maps") as f:
            shared = "libpython" in f.read()
    except OSError:
        return sys.executable
    return f"{sys.executable}, libpython {'shared' if shared else 'linked in'}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--files", type=int, default=400)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    print(f"load average {loadavg()}; Python {sys.version.split()[0]} ({interpreter()}), {os.cpu_count()} cores")
    formats = inputs()
    per_format(formats, args.repeat)
    write_rate(formats["html"])
    if args.runs:
        load_rate(formats["html"], args.files, args.jobs, args.runs)
    print(f"load average {loadavg()}")


if __name__ == "__main__":
    main()
