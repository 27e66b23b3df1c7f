"""Run the examples a rule file carries: each one is loaded into a fresh in-memory database
and audited with that rule alone, by the same engine as a real audit."""
import sqlite3
from dataclasses import dataclass

from .. import store
from . import engine, fixtures

LOCATOR = ("tbl", "row_key", "col_key")
# An example is a report or two: a rule still running after this long never ends.
EXAMPLE_SECONDS = 10


@dataclass
class Outcome:
    rule_id: str
    name: str
    ok: bool
    detail: str


def _insert(conn, built):
    for part in built:
        r = part["report"]
        conn.execute(f"INSERT INTO reports ({', '.join(r)}) VALUES ({', '.join('?' * len(r))})", list(r.values()))
        for table in ("cells", "sections", "claims"):
            for row in part[table]:
                conn.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                             list(row.values()))


def run_example(rule, ex):
    conn = sqlite3.connect(":memory:")
    conn.executescript(store.SCHEMA)
    _insert(conn, fixtures.build(ex, rule))
    conn.commit()
    name = ex.get("name") or "(无名例子)"
    try:
        engine.run(conn, [rule], rule_timeout=EXAMPLE_SECONDS)
    except engine.RuleFailed as e:
        conn.close()
        return Outcome(rule.id, name, False, str(e))
    status = conn.execute("SELECT status FROM rule_results WHERE report_id = 'rexample'").fetchone()[0]
    found = [dict(zip(LOCATOR + ("message",), row)) for row in
             conn.execute("SELECT tbl, row_key, col_key, message FROM violations WHERE report_id = 'rexample'")]
    conn.close()
    if status != ex["expect"]:
        first = f"；{found[0]['message']}" if found else ""
        return Outcome(rule.id, name, False, f"期望 {ex['expect']}，实际 {status}{first}")
    for want in ex.get("violations") or []:
        if not any(all(v.get(k) == want[k] for k in LOCATOR if k in want) for v in found):
            got = "; ".join(f"{v['tbl']}/{v['row_key']}/{v['col_key']}" for v in found) or "无"
            return Outcome(rule.id, name, False, f"没有位于 {want} 的违规（实际：{got}）")
    return Outcome(rule.id, name, True, found[0]["message"] if found else status)


def run_examples(rules):
    return [run_example(rule, ex) for rule in rules for ex in rule.examples]
