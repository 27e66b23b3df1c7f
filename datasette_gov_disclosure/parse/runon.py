"""Reports whose whole body is one line, table cells run together (平潭 crawler pages).

"…二、主动公开政府信息情况第二十条第（一）项信息内容…规章000行政规范性文件5845546…" has no
line breaks and no cell separators. We cut such a line where the known words are — section
headings everywhere, and inside sections 二–四 the table's row labels, captions and column
headers — and keep each digit run between two labels as one piece. The pieces become
ordinary line blocks; ``split_document`` also says which of them are digit runs, whose
split into cells is decided later from the row's own identity (``splits``).
"""
import re
from functools import lru_cache

from .. import formats as T
from ..document import Block, Document
from ..normalize import label_key
from .sections import heading_number

MIN_LENGTH = 300
_HEADING = re.compile(r"[一二三四五六][、，,.．][^，。；;、\s\d（(]{0,30}?(?:、[^，。；;、\s\d（(]{1,20}?)?"
                      r"(?:情况统计表|情况|措施|事项|概述)")  # 情况统计表: section 六 before 2019
_RUN = re.compile(r"\d(?:[\d \t\u00a0\u3000]|\.(?=\d))*")
_RUN_LINE = re.compile(r"^\s*\d(?:[\d\s]|\.(?=\d))*\s*$")
_TABLE_SECTIONS = (2, 3, 4)
_CLOSING = "”’\"'」』"


def is_run(text):
    """A piece that is nothing but digits (spaces and a decimal point allowed)."""
    return bool(_RUN_LINE.match(text))


def _words():
    """Every label, caption and column header of both formats, as label keys."""
    words = set()
    for fmt in T.FORMATS:
        for sub in T.T2[fmt].values():
            words.add(label_key(sub["caption"]))
            for labels in list(sub["rows"].values()) + list(sub["cols"].values()):
                words.update(label_key(l) for l in labels)
        for _, labels in T.T3_ROWS[fmt]:
            words.update(label_key(l) for l in labels)
    words.update(label_key(l) for l in T.T3_GROUP_LABELS + T.T3_GROUP_HEADERS + list(T.T3_COL_LABELS.values()))
    words.update(label_key(l) for l in list(T.T4_GROUPS.values()) + list(T.T4_COL_LABELS.values()))
    words.update(["信息内容", "行政诉讼", label_key(T.T3_NOTE)])
    return words


@lru_cache(maxsize=1)
def _word_set():
    return frozenset(_words())


@lru_cache(maxsize=1)
def _by_first_char():
    """Words grouped by their first character, longest first (the longest label wins)."""
    table = {}
    for w in _word_set():
        table.setdefault(w[0], []).append(w)
    return {c: sorted(ws, key=len, reverse=True) for c, ws in table.items()}


# label_key of single characters, looked up once each ("" for spaces and quotes). Bounded by
# the character set, not by the amount of text: a run-on line is thousands of characters.
_CHAR_KEYS = {}


def _compact(text):
    """(key, positions): ``text`` in label-key form, and where each key char came from."""
    chars, where = [], []
    keys = _CHAR_KEYS
    for i, ch in enumerate(text):
        k = keys.get(ch)
        if k is None:
            k = keys[ch] = label_key(ch) if not ch.isspace() else ""
        if ch in "、．，," and chars and chars[-1].isdigit() and (len(chars) < 2 or not chars[-2].isdigit()):
            k = "."  # "1、申请人…" is the same label as "1.申请人…"
        for c in k:
            chars.append(c)
            where.append(i)
    return "".join(chars), where


def split_labels(text):
    """Cut a table zone into label / header pieces and the digit runs between them."""
    key, where = _compact(text)
    words = _by_first_char()
    cuts = []  # (start, end) in text of every known word
    i = 0
    while i < len(key):
        for w in words.get(key[i], ()):
            if key.startswith(w, i):
                end = i + len(w)
                stop = where[end - 1] + 1
                while stop < len(text) and text[stop] in _CLOSING:
                    stop += 1  # a closing quote or bracket the key dropped belongs to the word
                cuts.append((where[i], stop))
                i = end
                break
        else:
            i += 1
    pieces, pos = [], 0
    for start, end in cuts:
        pieces.extend(_gap_pieces(text[pos:start]))
        pieces.append(text[start:end])
        pos = end
    pieces.extend(_gap_pieces(text[pos:]))
    return [p.strip() for p in pieces if p.strip()]


def _gap_pieces(gap):
    """Text between two known words: digit runs apart from any other text."""
    out, pos = [], 0
    for m in _RUN.finditer(gap):
        out.append(gap[pos:m.start()])
        out.append(m.group())
        pos = m.end()
    out.append(gap[pos:])
    return out


def split_headings(text):
    """[(section number or 0, piece)]: the line cut before and after every section heading."""
    out, pos, current = [], 0, 0
    for m in _HEADING.finditer(text):
        no = heading_number(m.group())
        if not no or no <= current:
            continue
        out.append((current, text[pos:m.start()]))
        out.append((no, m.group()))
        pos, current = m.end(), no
    out.append((current, text[pos:]))
    return [(no, piece) for no, piece in out if piece.strip()]


def _is_table_zone(pieces):
    """Cut pieces of a table, not of prose: (nearly) every digit run follows a known word."""
    runs = [k for k, p in enumerate(pieces) if is_run(p)]
    labelled = [k for k in runs if k and _compact(pieces[k - 1])[0] in _word_set()]
    return bool(runs) and len(labelled) >= 0.8 * len(runs) and len(pieces) - len(runs) >= 2


def split_line(text):
    """The pieces of one run-on line, or None when the line is ordinary running text."""
    parts = split_headings(text)
    if sum(1 for no, piece in parts if heading_number(piece)) < 2:
        return None
    pieces = []
    for no, piece in parts:
        if no in _TABLE_SECTIONS and not heading_number(piece):
            cut = split_labels(piece)
            if _is_table_zone(cut):
                pieces.extend(cut)
                continue
        pieces.append(piece.strip())
    return pieces


def split_document(doc):
    """(Document, run_blocks): run-on lines cut into pieces, and the indexes of the blocks that
    are digit runs (an empty set, and the same Document, when no line is run-on)."""
    blocks, runs = [], set()
    for block in doc.blocks:
        pieces = split_line(block.text) if block.kind == "line" and len(block.text) >= MIN_LENGTH else None
        if not pieces:
            blocks.append(block)
            continue
        for piece in pieces:
            if is_run(piece):
                runs.add(len(blocks))
            blocks.append(Block("line", block.line, piece))
    if len(blocks) == len(doc.blocks):
        return doc, frozenset()
    return Document(blocks, doc.reader, doc.encoding, dict(doc.meta)), frozenset(runs)
