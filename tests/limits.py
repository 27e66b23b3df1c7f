"""Running a load the way a hostile file would meet it: in a subprocess with a memory limit
(address space) and a time limit, then reading back what every input file became."""
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

SEED = Path(__file__).parent / "data" / "seeds" / "001_f7ae2969909213d6.txt"
MEMORY_LIMIT = 512 * 2 ** 20
_LIMITED = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, ({m}, {m})); "
            "from datasette_gov_disclosure.cli import main; sys.argv[0] = 'gov-disclosure'; main()")


def run_limited(*args, seconds=60, env=None, memory=MEMORY_LIMIT):
    """``gov-disclosure *args`` under the limits; the CompletedProcess (text output)."""
    return subprocess.run([sys.executable, "-c", _LIMITED.format(m=memory), *map(str, args)],
                          capture_output=True, text=True, timeout=seconds, env={**os.environ, **(env or {})})


def outcomes(db):
    """{file name: (parse_status, parse_error)} for every row of ``sources``."""
    conn = sqlite3.connect(db)
    found = {os.path.basename(path): (status, error) for path, status, error in conn.execute(
        "SELECT s.path, r.parse_status, r.parse_error FROM sources s JOIN reports r ON r.id = s.report_id")}
    conn.close()
    return found


def good_report(folder, name="good.txt"):
    """A real report (seed 001, read by hand in tests/expected) that parses ok."""
    path = Path(folder) / name
    path.write_bytes(SEED.read_bytes())
    return path
