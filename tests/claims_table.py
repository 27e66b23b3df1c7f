"""Recall and precision of narrative claims on the labelled sentences (tests/data/claims_sentences.tsv).

Each row of the table names a sentence, the report it comes from ("made-up" for the patterns
written by hand) and one number it states, read by hand: key and value. A row with an empty
value is a look-alike that states none of these counts. Every claim read from a sentence that
its rows do not list is a false claim. Run as a script to print the figures:
``python tests/claims_table.py [tests/data/claims_heldout.tsv]``.
"""
import csv
from collections import Counter, defaultdict
from pathlib import Path

from datasette_gov_disclosure.parse.claims import find_claims

TABLE = Path(__file__).parent / "data" / "claims_sentences.tsv"
MADE_UP = "made-up"
# Parts of a "共X条，其中A条、B条" list are tested with TEXT-001, not counted here.
SCORED_OUT = {"proactive.part"}


def rows(path=TABLE):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def sentences(table):
    """{(report, sentence): {(key, value)}} — the empty set for a look-alike."""
    out = defaultdict(set)
    for r in table:
        stated = out[(r["report"], r["sentence"])]
        if r["value"] != "":
            stated.add((r["key"], int(r["value"])))
    return out


def read(sentence):
    return {(c.key, c.value) for c in find_claims(sentence, 1) if c.key not in SCORED_OUT}


def score(table):
    """{key: Counter(found=, missed=, false=)} over every sentence of the table, and the false
    claims as (report, sentence, key, value)."""
    per_key = defaultdict(Counter)
    false = []
    for (report, sentence), stated in sentences(table).items():
        got = read(sentence)
        for key, value in stated:
            per_key[key]["found" if (key, value) in got else "missed"] += 1
        for key, value in sorted(got - stated):
            per_key[key]["false"] += 1
            false.append((report, sentence, key, value))
    return per_key, false


def recall(c):
    n = c["found"] + c["missed"]
    return c["found"] / n if n else 1.0


def precision(c):
    n = c["found"] + c["false"]
    return c["found"] / n if n else 1.0


def summary(table):
    per_key, false = score(table)
    groups = sentences(table)
    real = {report for report, _ in groups if report != MADE_UP}
    counts = sum(len(s) for s in groups.values())
    lines = [f"{len(groups)} sentences ({sum(1 for r, _ in groups if r != MADE_UP)} from {len(real)} real reports), "
             f"{counts} stated counts, {sum(1 for s in groups.values() if not s)} look-alikes"]
    lines.append(f"{'key':22} {'stated':>6} {'found':>5} {'recall':>7} {'false':>5} {'precision':>9}")
    for key in sorted(per_key):
        c = per_key[key]
        lines.append(f"{key:22} {c['found'] + c['missed']:6} {c['found']:5} {recall(c):7.1%} {c['false']:5} "
                     f"{precision(c):9.1%}")
    for report, sentence, key, value in false:
        lines.append(f"false claim {key}={value} in {report}: {sentence}")
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    table = rows(Path(sys.argv[1])) if len(sys.argv) > 1 else rows()
    print(summary(table))
    print("\nreal reports only:")
    print(summary([r for r in table if r["report"] != MADE_UP]))
