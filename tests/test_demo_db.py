"""demo.db is what `bash scripts/build-demo` builds from examples/ (load + audit), loaded_at and first_found (times) aside.

Until the rule engine's `gov-disclosure audit` is merged and the maintainers have committed the
demo.db it builds, this test fails on purpose: there is nothing honest to compare yet.
"""
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORED_COLUMNS = {"loaded_at", "first_found"}


def contents(path):
    """Schema and every table's rows (sorted), without load timestamps."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    schema = sorted(conn.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))
    tables = {}
    for _, name, _ in (s for s in schema if s[0] == "table"):
        columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{name}")') if r[1] not in IGNORED_COLUMNS]
        select = ", ".join(f'"{c}"' for c in columns)
        tables[name] = sorted(conn.execute(f'SELECT {select} FROM "{name}"'), key=repr)
    conn.close()
    return schema, tables


def test_committed_demo_db_is_what_build_demo_builds(tmp_path):
    built = tmp_path / "demo.db"
    env = dict(os.environ, GOV_DISCLOSURE=str(Path(sys.executable).parent / "gov-disclosure"))
    run = subprocess.run(["bash", str(ROOT / "scripts" / "build-demo"), str(built)], env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0, f"scripts/build-demo failed:\n{run.stderr}"
    demo = ROOT / "demo.db"
    assert demo.exists(), "demo.db is not committed: run `bash scripts/build-demo` and commit demo.db"
    schema, tables = contents(built)
    committed_schema, committed_tables = contents(demo)
    assert schema == committed_schema
    for name in tables:
        assert tables[name] == committed_tables[name], f"table {name} differs: rebuild demo.db"
    assert tables["violations"], "the examples should give the audit something to find"
