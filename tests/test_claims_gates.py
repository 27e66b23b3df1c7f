"""Claim patterns are tried only where they can match, to save a regex scan of every section
per pattern: a count only in a section holding a number and its unit (claims._NUMBER_AND_UNIT),
and each pattern only where its gate words are (claims.Begins / claims.Before). A gate that
forgets a word a pattern can begin with would lose matches silently: on every labelled sentence
(tests/data/claims_*.tsv) the gated matches must be exactly those of a plain scan."""
import pytest

from claims_table import TABLE, rows
from datasette_gov_disclosure.parse import claims as C
from datasette_gov_disclosure.parse.claims import unwrap

TEXTS = sorted({unwrap(r["sentence"]) for r in rows(TABLE) + rows(TABLE.with_name("claims_heldout.tsv"))})
GATED = [(key, pattern, gate) for key, pattern, gate in C._PATTERNS if not isinstance(gate, tuple)] + [
    ("proactive", C._PROACTIVE, C._PROACTIVE_GATE), ("proactive headed", C._PROACTIVE_HEADED, C._PROACTIVE_HEADED_GATE),
    ("no application", C._NO_APPLICATION, C._NO_APPLICATION_GATE), ("no review", C._NO_REVIEW, C._REVIEW_WORD),
    ("no lawsuit", C._NO_LAWSUIT, C._LAWSUIT_WORD)] + [("published", p, C._PUBLISHED_GATE) for p in C._PUBLISHED]


def _plain(text, pattern, gate):
    """What the gate stands for: a scan of the whole text (an anchored pattern, before each anchor)."""
    if isinstance(gate, C.Begins):
        return list(pattern.finditer(text))
    found, end = [], 0
    for a in gate.anchor.finditer(text):
        for m in pattern.finditer(text, max(end, a.start() - C._ANCHOR_REACH), a.end()):
            found.append(m)
            end = m.end()
    return found


def test_the_sentences_hold_matches_of_every_gated_pattern():
    for key, pattern, gate in GATED:
        assert any(_plain(t, pattern, gate) for t in TEXTS), key


@pytest.mark.parametrize("key,pattern,gate", GATED, ids=[g[0] for g in GATED])
def test_a_gate_keeps_every_match(key, pattern, gate):
    for text in TEXTS:
        where = C._word_starts(text, C._ALL_GATE_WORDS)
        gated = [m.span() for m in C._matches(text, pattern, gate, where)]
        assert gated == [m.span() for m in _plain(text, pattern, gate)], text


COUNTS = [(key, pattern) for key, pattern, _ in C._PATTERNS] + [
    ("proactive", C._PROACTIVE), ("proactive headed", C._PROACTIVE_HEADED)] + [("published", p) for p in C._PUBLISHED]


@pytest.mark.parametrize("key,pattern", COUNTS, ids=[c[0] for c in COUNTS])
def test_every_count_holds_a_number_and_its_unit(key, pattern):
    # A section without one is not searched for counts at all.
    matches = [m.group() for text in TEXTS for m in pattern.finditer(text)]
    assert matches
    assert all(C._NUMBER_AND_UNIT.search(m) for m in matches), key
