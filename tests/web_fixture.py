"""An audit database for the plugin tests, built the way the real one is, with hand-written findings.

The rule engine is not needed: ``rules``, ``violations`` and ``rule_results`` are created from
``store.AUDIT_SCHEMA`` and filled with rows that follow it exactly.

What it holds: the five seeds; a copy of seed 001 whose Table 三 row 一 no longer balances
(28 → 27 自然人, 31 → 30 总计, while the narrative still says 31件); and a report whose text is
an XSS attempt.
"""
import asyncio
import re
import contextlib
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from datasette_gov_disclosure import store
from datasette_gov_disclosure.load import load_paths

SEEDS = Path(__file__).parent / "data" / "seeds"
SEED_003 = "003_d21cd696e2804b07.txt"
SEED_001 = "001_f7ae2969909213d6.txt"
EVIL = '<script>alert("xss")</script>"><img src=x onerror=alert(1)>'
EVIL_URL = "https://example.org/?q=" + EVIL  # a published address is untrusted too
XSS_REPORT = "rxss00000001"
XSS_AGENCY = "axss0000001"

RULES = [
    ("STRUCT-006", "表格缺项", "error", '["2019", "2021"]',
     "国办公开办函〔2021〕30号：不得擅自删减报告事项", "表格中应有的行、列或单元格缺失", "cell_state"),
    ("T3-001", "表三勾稽关系：一+二＝三(七)+四", "error", '["2019", "2021"]',
     "表三表头：（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
     "每一列：本年新收＋上年结转＝办理结果总计＋结转下年度", "sum_identity"),
    ("TEXT-002", "叙述中的申请数与表三不一致", "warning", '["2019", "2021"]',
     "条例第五十条：报告内容应当准确", "叙述中的新收、办结、结转件数应与表三一致", "claim_vs_cells"),
    ("XSS-001", EVIL, "info", '["2021"]', EVIL, EVIL, "sql"),
]


def mutated_seed(folder):
    """Seed 001 with 一、本年新收 自然人 28 → 27 and 总计 31 → 30 (lines 105 and 117)."""
    lines = (SEEDS / SEED_001).read_text(encoding="utf-8").split("\n")
    assert lines[104] == "28" and lines[116] == "31", "seed 001 changed: update the mutation"
    lines[104], lines[116] = "27", "30"
    path = Path(folder) / "001_mutated.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def report_id(conn, source_part):
    return conn.execute("SELECT id FROM reports WHERE source LIKE ?", [f"%{source_part}%"]).fetchone()[0]


def add_xss_report(conn):
    conn.execute("INSERT INTO reports (id, source, sha256, agency, agency_id, body_type, region, year, format, "
                 "published_on, script, parse_status, parse_error, loaded_at) "
                 "VALUES (?, ?, 'x', ?, ?, 'department', ?, 2023, '2021', NULL, 'simplified', 'partial', ?, 'now')",
                 [XSS_REPORT, EVIL, EVIL, XSS_AGENCY, EVIL, EVIL])
    conn.execute("INSERT INTO sources (path, report_id, sha256, size, loaded_at, url, fetched_at) "
                 "VALUES (?, ?, 'x', 1, 'now', ?, ?)", [EVIL, XSS_REPORT, EVIL_URL, EVIL])
    conn.execute("UPDATE reports SET url = ? WHERE id = ?", [EVIL_URL, XSS_REPORT])
    conn.execute("INSERT INTO sections VALUES (?, 1, ?, ?, 1)", [XSS_REPORT, EVIL, EVIL])
    conn.execute("INSERT INTO cells (report_id, tbl, row_key, col_key, value, raw, state, line) "
                 "VALUES (?, 't3', 'new', 'np', NULL, ?, 'text', 3)", [XSS_REPORT, EVIL])
    conn.execute("INSERT INTO claims VALUES (?, 't3.new.total', 5, ?, 1, 0, NULL)", [XSS_REPORT, EVIL])


def add_audit(conn):
    conn.executescript(store.AUDIT_SCHEMA)
    conn.executemany("INSERT INTO rules (id, title, severity, formats, basis, description, kind, sql, source_file) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, 'SELECT 1', 'rules/x.yml')", RULES)
    seed3 = report_id(conn, SEED_003)
    mutated = report_id(conn, "001_mutated")
    violations = [
        ("v-struct006-seed003", "STRUCT-006", "error", seed3, "t3", "carry_out", "total", 1, 7,
         "表三“四、结转下年度继续办理”行缺少“总计”单元格（7 格只有 6 格）"),
        ("v-t3001-np", "T3-001", "error", mutated, "t3", "new", "np", 27, 28,
         "表三“自然人”列：本年新收 27＋上年结转 0 ≠ 办理结果总计 28＋结转下年度 0"),
        ("v-t3001-total", "T3-001", "error", mutated, "t3", "new", "total", 30, 31,
         "表三“总计”列：本年新收 30＋上年结转 0 ≠ 办理结果总计 31＋结转下年度 0"),
        ("v-text002", "TEXT-002", "warning", mutated, None, None, None, 31, 30,
         "叙述称受理依申请公开 31 件，表三本年新收总计为 30 件"),
        ("v-xss", "XSS-001", "info", XSS_REPORT, "t3", "new", "np", EVIL, EVIL, EVIL),
    ]
    conn.executemany("INSERT INTO violations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", violations)
    failing = {(v[1], v[3]) for v in violations}
    reports = [r[0] for r in conn.execute("SELECT id FROM reports")]
    conn.executemany("INSERT INTO rule_results (rule_id, report_id, status, violations) VALUES (?, ?, ?, ?)", [
        (rule[0], rep, "fail" if (rule[0], rep) in failing else "pass",
         sum(1 for v in violations if (v[1], v[3]) == (rule[0], rep)))
        for rule in RULES for rep in reports])
    conn.execute("INSERT INTO report_findings SELECT * FROM (" + store.FINDINGS_PER_REPORT + ")")


def build(folder, audit=True):
    """The fixture database in ``folder``; returns its path."""
    folder = Path(folder)
    inputs = folder / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    for name in sorted(p.name for p in SEEDS.iterdir()):
        shutil.copy(SEEDS / name, inputs / name)
    mutated_seed(inputs)
    path = folder / "audit.db"
    db = store.open_db(str(path))
    load_paths(db, [str(inputs)])
    db.conn.close()
    conn = sqlite3.connect(path)
    with conn:
        add_xss_report(conn)
        if audit:
            add_audit(conn)
        conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    return path


# A row or column key as the database stores it (t3.open_partial, r.deny.secret, carry_out, org_legal):
# never shown to a reader, who gets the form's own labels.
RAW_KEY = re.compile(r"\bt[234]\.[a-z]|\b(?:open_partial|new_or_done|carry_(?:in|out)|org_[a-z]+|lit_[a-z_]+|"
                     r"r\.(?:deny|unable|noproc|other|open|partial|total))\b")


def visible_text(html):
    """What a reader sees: no scripts, styles, tags or attributes (anchors hold keys by design), and
    no rule SQL (shown to SQL users as it runs, keys and all)."""
    html = re.sub(r"<(script|style)\b.*?</\1>|<pre class=\"gd-sql\">.*?</pre>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def build_audited(folder):
    """The same reports through the real audit (``gov-disclosure audit``) instead of hand-written findings."""
    from click.testing import CliRunner

    from datasette_gov_disclosure.cli import cli

    path = build(folder, audit=False)
    result = CliRunner().invoke(cli, ["audit", "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


def audited_files(folder, names):
    """A database of these files of tests/data ("corpus/…", "seeds/…"), loaded and audited as a user does."""
    from click.testing import CliRunner

    from datasette_gov_disclosure.cli import cli

    folder = Path(folder)
    inputs = folder / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(SEEDS.parent / name, inputs / Path(name).name)
    path = folder / "audit.db"
    db = store.open_db(str(path))
    load_paths(db, [str(inputs)])
    db.conn.close()
    result = CliRunner().invoke(cli, ["audit", "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


def audit_pages(path, base="/audit/-/audit"):
    """The overview and every report, agency and rule page of a database."""
    conn = sqlite3.connect(path)
    reports = [r for r, in conn.execute("SELECT id FROM reports ORDER BY id")]
    agencies = [a for a, in conn.execute("SELECT DISTINCT agency_id FROM reports WHERE agency_id IS NOT NULL")]
    rules = [r for r, in conn.execute("SELECT id FROM rules ORDER BY id")]
    conn.close()
    return ([base] + [f"{base}/report/{r}" for r in reports] + [f"{base}/agency/{a}" for a in agencies]
            + [f"{base}/rule/{r}" for r in rules])


def fetch(paths, files=(), immutables=(), method="get", actor=None, headers=None, **kwargs):
    """Request each path (GET unless told) from a fresh Datasette with this plugin; the responses.

    ``actor``: the request is signed in as this actor (Datasette's ds_actor cookie)."""
    from datasette.app import Datasette

    async def run():
        ds = Datasette(files=[str(f) for f in files], immutables=[str(f) for f in immutables], **kwargs)
        await ds.invoke_startup()
        extra = {"headers": headers} if headers else {}
        if actor is not None:
            extra["cookies"] = {"ds_actor": ds.sign({"a": actor}, "actor")}
        send = getattr(ds.client, method)
        return [await send(p, follow_redirects=True, **extra) if method == "get" else await send(p, **extra)
                for p in paths]

    return asyncio.run(run())


def configured(block):
    """Datasette keyword arguments that give it ``block`` (permissions, plugin settings): metadata on
    0.65, config on 1.0, where permissions and plugin settings moved."""
    from datasette.app import Datasette

    return {"config": block} if hasattr(Datasette, "allowed") else {"metadata": block}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(path, env=None):
    """`gov-disclosure serve PATH -h 127.0.0.1 -p PORT` on a free port, as a user starts it;
    stopped with SIGTERM at the end."""
    port = free_port()
    command = [str(Path(sys.executable).parent / "gov-disclosure"), "serve", str(path),
               "-h", "127.0.0.1", "-p", str(port)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1)
                break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(proc.stderr.read().decode())
                time.sleep(0.2)
        yield {"base": base, "path": path, "proc": proc}
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# Fixtures shared by the plugin tests (imported by name into each test module).
@pytest.fixture(scope="module")
def audit_db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("audit"))


@pytest.fixture(scope="module")
def ids(audit_db):
    """Report and agency ids as loading the seeds gave them."""
    conn = sqlite3.connect(audit_db)
    seed3, mutated = report_id(conn, SEED_003), report_id(conn, "001_mutated")
    agency = "SELECT agency_id FROM reports WHERE id = ?"
    out = {"seed3": seed3, "mutated": mutated, "agency3": conn.execute(agency, [seed3]).fetchone()[0],
           "agency1": conn.execute(agency, [mutated]).fetchone()[0]}
    conn.close()
    return out
