"""Tie every number of tables 二, 三 and 四 to its row and column.

Values are attached to the row label that precedes them (never to a position in the file),
so a narrative sentence or a spacer block inside a table section cannot shift a row. A row
with fewer values than columns keeps its values left to right and the rest become
``missing``; when the row's identity (总计 = the six applicant columns) would allow another
placement with different values, the row is ``ambiguous`` instead of silently guessed.
Two layouts need more than "the label before": rows whose labels all come first and whose
values follow column by column (``columns``), and digit runs with no separators, split by
the row's own identity (``splits``).
"""
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import List, Optional

from .. import formats as T
from ..normalize import label_key
from . import columns, splits
from .tokens import BREAK, CELL, RUN, Token
from .values import classify


@dataclass
class RowCapture:
    tbl: str
    row_key: str
    ncols: int
    label: str
    line: int
    values: List[Token] = field(default_factory=list)
    candidates: Optional[list] = None  # set when a digit run splits more than one way

    def full(self):
        return len(self.values) >= self.ncols


MAX_LABEL = 64  # the longest label key is under 40 characters


def could_be_label(text):
    """False for running text: too long to be any label even once its spaces are removed.
    Cheap, so narrative lines never pay for a label key."""
    return len(text) <= MAX_LABEL or len(text) - text.count(" ") - text.count("\u3000") <= MAX_LABEL


@lru_cache(maxsize=None)
def label_index(fmt):
    """The (immutable) label index of a format, built once per process."""
    return LabelIndex(fmt)


def is_any_row_label(text):
    """True when ``text`` is a row label of either format (used before the format is known)."""
    return bool(text) and (label_index("2021").lookup(text) is not None
                           or label_index("2019").lookup(text) is not None)


class LabelIndex:
    """Row labels of one format, looked up by their normalised key."""

    def __init__(self, fmt):
        self.fmt = fmt
        self.rows = {}  # label key → (tbl, row_key, ncols)
        for sub in T.T2[fmt].values():
            for row_key, labels in sub["rows"].items():
                for label in labels:
                    self.rows.setdefault(label_key(label), ("t2", row_key, len(sub["cols"])))
        for row_key, labels in T.T3_ROWS[fmt]:
            for label in labels:
                self.rows[label_key(label)] = ("t3", row_key, len(T.T3_COLS))
        self.prefixes = {key[:i] for key in self.rows for i in range(2, len(key))}

    def lookup(self, text):
        key = text_key(text)
        return self.rows.get(key) if key is not None else None


def text_key(text):
    """The label key of a cell's text; None for no text or running text (see could_be_label)."""
    return label_key(text) if text and could_be_label(text) else None


_SIGNALS = {fmt: tuple(label_key(s) for s in signals) for fmt, signals in T.T2_FORMAT_SIGNALS.items()}
_T3_2021_ONLY = {label_key(l) for key, labels in T.T3_ROWS["2021"] if key.startswith("r.other.") for l in labels}
_T3_ANY = {label_key(l) for rows in T.T3_ROWS.values() for _, labels in rows for l in labels}


def detect_format(tokens, year=None):
    """'2019', '2021' or None, from the labels only a template of one format has."""
    marks = [_format_marks(t.text) for t in tokens if t.kind != BREAK and t.text and len(t.text) < 60]
    score = {"2019": sum(m[0] for m in marks), "2021": sum(m[1] for m in marks)}
    if score["2019"] == score["2021"] == 0:
        if not any(m[2] for m in marks):
            return None
        if year is not None:
            return "2021" if year >= 2021 else "2019"
        return "2021"
    return "2021" if score["2021"] >= score["2019"] else "2019"


@lru_cache(maxsize=1 << 14)
def _format_marks(text):
    """(points for 2019, points for 2021, whether it is a Table 三 label of either format) of one
    short cell text: worked out once per text, as the same labels fill every report."""
    key = label_key(text)
    points_2019 = 1 if key.startswith(_SIGNALS["2019"]) else 0
    points_2021 = (1 if key.startswith(_SIGNALS["2021"]) else 0) + (2 if key in _T3_2021_ONLY else 0)
    return points_2019, points_2021, key in _T3_ANY


def _join_split_label(tokens, i, index, key):
    """A label broken over several cells ("1.申请人无正当理由逾期不补正、" + "行政机关…");
    ``key`` is the first cell's text_key (None for running text: a label's first part is
    shorter than the label)."""
    if key is None:
        return None, i
    j = i
    while key in index.prefixes and j + 1 < len(tokens) and tokens[j + 1].kind != BREAK:
        j += 1
        if classify(tokens[j].text) is not None:
            return None, i
        key += label_key(tokens[j].text)
        if key in index.rows:
            return index.rows[key], j
    return None, i


def _t4_row(tok):
    """Table 四 is one data row of 15 cells, started by its first value after the header."""
    return RowCapture("t4", "all", len(T.T4_CELL_ORDER), "行政复议", tok.line)


def _is_t4_header(key):
    """``key``: a cell's text_key."""
    return key in ("行政复议", "行政复议和行政诉讼", "行政复议行政诉讼")


def capture_rows(tokens, fmt):
    """Walk the tokens once; return ({(tbl,row_key): RowCapture}, notes)."""
    index = label_index(fmt)
    captured, notes = {}, []
    current = None
    t4_armed = False  # a Table 四 header was seen and its values have not started yet
    pending = []  # rows closed before any value: maybe a table printed column by column

    def close():
        nonlocal current
        if current is None:
            return
        key = (current.tbl, current.row_key)
        previous = captured.get(key)
        if previous is None or len(current.values) > len(previous.values):
            if previous is not None:
                notes.append(f"{current.tbl} 行 {current.row_key} 出现多次，取第 {current.line} 行")
            captured[key] = current
            if not current.values:
                pending.append(current)
        current = None

    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind == BREAK:
            if current is not None and (current.values or current.tbl != "t4"):
                close()
            pending.clear()  # a row that ended without values is empty, not waiting for a column
            i += 1
            continue
        if tok.kind == RUN:
            if current is None and t4_armed:
                current, t4_armed = _t4_row(tok), False
            if current is not None and not current.values:
                current.values.append(tok)
                close()
            else:
                notes.append(f"第 {tok.line} 行的数字串 {tok.text!r} 前没有行标签，未归入任何单元格")
            i += 1
            continue
        if classify(tok.text) is not None:
            if current is None and t4_armed and tok.text:
                # An empty header cell is not the first value of the data row.
                current, t4_armed = _t4_row(tok), False
            if pending and (current is None or not current.values):
                waiting = pending + ([current] if current is not None else [])
                count = _value_run(tokens, i)
                group = columns.fit(waiting, count)
                if group is not None:
                    columns.assign(group, tokens[i:i + count])
                    pending[:] = [r for r in pending if all(r is not g for g in group)]
                    if any(current is g for g in group):
                        close()
                    i += count
                    continue
                if len(waiting) >= 2 and count > waiting[-1].ncols:
                    notes.append(f"第 {tok.line} 行起的 {count} 个数值像是按列排列的表格，但与前面 "
                                 f"{len(waiting)} 个行标签对不上，未归入任何单元格")
                    pending.clear()
                    current = None
                    i += count
                    continue
                current = waiting[-1]  # the nearest label before the values owns them
                pending.clear()
            if current is not None and not current.full():
                current.values.append(tok)
                if current.tbl == "t4" and current.full():
                    close()
            elif tok.text and current is not None:
                notes.append(f"第 {tok.line} 行多出的数值 {tok.text!r} 未归入任何单元格")
            i += 1
            continue
        key = text_key(tok.text)  # once for the three tests below
        found = index.rows.get(key) if key is not None else None
        end = i
        if found is None:
            found, end = _join_split_label(tokens, i, index, key)
        if found is not None:
            close()
            tbl, row_key, ncols = found
            if pending and pending[-1].tbl != tbl:
                pending.clear()
            current = RowCapture(tbl, row_key, ncols, tok.text, tok.line)
            i = end + 1
            continue
        if _is_t4_header(key):
            close()
            t4_armed = True
        elif current is not None and not (current.tbl == "t4" and not current.values):
            close()
        i += 1
    close()
    for capture in captured.values():
        if capture.values and capture.values[0].kind == RUN:
            _split_run(capture, fmt, notes)
    return captured, notes


def _value_run(tokens, i):
    """How many value tokens follow one another from ``i`` on."""
    j = i
    while j < len(tokens) and tokens[j].kind == CELL and classify(tokens[j].text) is not None:
        j += 1
    return j - i


def _split_run(capture, fmt, notes):
    """Replace a row's digit run by its cells when exactly one split fits, else keep the candidates."""
    tok = capture.values[0]
    digits = "".join(tok.text.split())
    if capture.tbl == "t3":
        found, sure = splits.t3_splits(digits), True
    elif capture.tbl == "t4":
        found, sure = splits.t4_splits(digits), True
    else:
        cols = _t2_cols(fmt, capture.row_key)
        decimal = [k for k, col in enumerate(cols) if col in T.T2_DECIMAL_COLS]
        found = splits.t2_splits(digits, len(cols), decimal)
        sure = len(cols) == 1 or len(digits) == len(cols)  # no identity to choose between splits
    if found is not None and len(found) == 1 and sure:
        capture.values = [Token(CELL, str(v), tok.line) for v in found[0]]
        return
    capture.values = []
    capture.candidates = found or []
    run = _shown_run(tok.text)
    if found is None:
        notes.append(f"{capture.tbl} 行 {capture.row_key} 的数字串 {run} 过长或拆分方式超过 "
                     f"{splits.MAX_CANDIDATES} 种，未逐一列出，标为 ambiguous")
    elif not found:
        notes.append(f"{capture.tbl} 行 {capture.row_key} 的数字串 {run} 无法按本行的勾稽关系拆分")
    else:
        notes.append(f"{capture.tbl} 行 {capture.row_key} 的数字串 {run} 有 {len(found)} 种拆分：各种拆分读数相同的"
                     f"单元格照读，其余标为 ambiguous")


SHOWN_RUN = 60


def _shown_run(text):
    """A digit run as quoted in a note: a long one cut short, with its length."""
    if len(text) <= SHOWN_RUN:
        return repr(text)
    return f"{text[:SHOWN_RUN]!r}…（共 {len(text)} 个字符）"


def _t3_placements(values, ncols):
    """Every way to place ``values`` (fewer than ncols) into ncols columns, keeping order."""
    for missing in combinations(range(ncols), ncols - len(values)):
        it = iter(values)
        yield [None if c in missing else next(it) for c in range(ncols)]


def _short_t3_row_ambiguous(numbers, ncols):
    """True when a short Table 三 row could also be read with different values per column."""
    consistent = []
    for placement in _t3_placements(numbers, ncols):
        total, parts = placement[-1], placement[:-1]
        if total is not None and None not in parts and sum(parts) != total:
            continue
        consistent.append(placement)
    return len({tuple(p) for p in consistent}) > 1 and len(set(numbers)) > 1


@lru_cache(maxsize=None)
def _cell_plan(fmt):
    """(tbl, row_key, col_key, capture key, position) of every template cell of ``fmt``, in
    template order: which captured row holds the cell, and where in its values. Built once
    per format rather than once per report."""
    plan = []
    for tbl, row_key, col_key in T.template_cells(fmt):
        if tbl == "t4":
            plan.append((tbl, row_key, col_key, ("t4", "all"), T.T4_CELL_ORDER.index((row_key, col_key))))
        else:
            cols = T.T3_COLS if tbl == "t3" else _t2_cols(fmt, row_key)
            plan.append((tbl, row_key, col_key, (tbl, row_key), cols.index(col_key)))
    return tuple(plan)


def _cell(tbl, row_key, col_key, value, raw, state, line, candidates=None):
    """One cell as the parser reports it (the keys are the ``cells`` columns, in their order)."""
    return {"tbl": tbl, "row_key": row_key, "col_key": col_key, "value": value, "raw": raw,
            "state": state, "line": line, "candidates": candidates}


def cell_results(captured, fmt):
    """Every template cell of ``fmt``, found or ``missing``, as a dict (``_cell``)."""
    results = []
    for tbl, row_key, col_key, key, position in _cell_plan(fmt):
        capture = captured.get(key)
        if capture is not None and capture.candidates is not None:
            agreed = _agreed(capture.candidates, position)
            if agreed is not None:  # every split of the row reads this cell the same
                results.append(_cell(tbl, row_key, col_key, agreed, str(agreed), "number", capture.line))
            else:
                results.append(_cell(tbl, row_key, col_key, None, None, "ambiguous", capture.line,
                                     capture.candidates))
        elif capture is None or position >= len(capture.values):
            line = capture.line if capture is not None else None
            results.append(_cell(tbl, row_key, col_key, None, None, "missing", line))
        else:
            tok = capture.values[position]
            state, value = classify(tok.text)
            results.append(_cell(tbl, row_key, col_key, value, tok.text, state, tok.line))
    _mark_ambiguous_short_rows(results, captured)
    return results


def _agreed(candidates, position):
    """The value every candidate split gives the cell at ``position``, or None."""
    values = {cand[position] for cand in candidates}
    return values.pop() if len(values) == 1 else None


def _mark_ambiguous_short_rows(results, captured):
    for (tbl, row_key), capture in captured.items():
        if tbl != "t3" or capture.full() or not capture.values:
            continue
        numbers = [classify(t.text)[1] for t in capture.values]
        if None in numbers or not _short_t3_row_ambiguous(numbers, capture.ncols):
            continue
        for cell in results:
            if cell["tbl"] == tbl and cell["row_key"] == row_key and cell["state"] == "number":
                cell["state"] = "ambiguous"


def _t2_cols(fmt, row_key):
    for sub in T.T2[fmt].values():
        if row_key in sub["rows"]:
            return list(sub["cols"])
    raise KeyError(row_key)


def tables_found(captured):
    """Which of t2/t3/t4 have at least one row in the document."""
    return {tbl for tbl, _ in captured}
