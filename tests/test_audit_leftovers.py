"""What a running or killed audit leaves where others see it: the tables of an audit still being
built are hidden from Datasette's table lists, and the scratch folders of a killed `audit --jobs 2`
are removed by the next audit (only those whose process is gone)."""
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import web_fixture as fx
from datasette_gov_disclosure.audit import engine


def cli(*args):
    return [str(Path(sys.executable).parent / "gov-disclosure"), *args]


def test_tables_of_an_audit_being_built_are_not_listed(tmp_path):
    db = fx.build(tmp_path)
    conn = sqlite3.connect(db)
    engine.reset(conn)  # what an audit does first: empty next tables beside the current ones
    conn.commit()
    conn.close()
    twin, page = fx.fetch(["/audit.json", "/audit"], files=[db])
    tables = json.loads(twin.text)["tables"]
    building = [t for t in tables if "gd_next_" in t["name"]]
    assert len(building) == len(engine.AUDIT_TABLES) and all(t["hidden"] for t in building)
    assert not re.search(r'href="/audit/[^"]*gd_next_', page.text)
    assert 'href="/audit/violations"' in page.text  # the current audit is listed


def test_next_audit_removes_the_scratch_folders_of_a_killed_one(tmp_path):
    db = fx.build(tmp_path / "db", audit=False)
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = dict(os.environ, TMPDIR=str(temp))
    alive = temp / f"gd-audit-{os.getpid()}-running"  # an audit of a process that is alive
    unknown = temp / "gd-audit-noowner"  # no owner in its name: left alone
    alive.mkdir()
    unknown.mkdir()
    audit = subprocess.Popen(cli("audit", "--db", str(db), "--jobs", "2"), env=env, start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not scratch(temp) - {alive.name, unknown.name}:
            time.sleep(0.01)  # until the audit has made its scratch folder
    finally:
        os.killpg(audit.pid, signal.SIGKILL)
        audit.wait(10)
    left = scratch(temp) - {alive.name, unknown.name}
    assert len(left) == 1 and left.pop().startswith(f"gd-audit-{audit.pid}-")  # the killed audit's
    again = subprocess.run(cli("audit", "--db", str(db)), env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert scratch(temp) == {alive.name, unknown.name}


def scratch(folder):
    """The audits' scratch folders in ``folder`` (other programs' temporary files, such as the
    worker pool's, are not the audit's to remove)."""
    return {p.name for p in folder.iterdir() if p.name.startswith("gd-audit-")}
