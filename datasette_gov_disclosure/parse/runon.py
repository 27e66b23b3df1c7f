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
from ..normalize import char_keys, label_key
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
def _word_pattern():
    """Every word in one regex, built as a trie (one branch per next character, a word's end
    optional so that the longest word wins): a zone is scanned in C, leftmost word first, as
    a loop trying the longest word at each character would."""
    trie = {}
    for w in _word_set():
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return re.compile(_trie_regex(trie))


def _trie_regex(node):
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return "(?:" + body + ")?" if "" in node else body


_CHANGED = re.compile("[" + re.escape("".join(map(chr, char_keys()))) + "]")
_DROPPED = re.compile("[" + re.escape("".join(chr(c) for c, k in char_keys().items() if k is None)) + "]")
_ENUM_MARK = re.compile("[、,]")  # the keys of 、，, (and ． keys to "." already)


def _enum_dot(m):
    """"1、申请人…" is the same label as "1.申请人…": after a lone digit, 、 and , key to "."."""
    key, j = m.string, m.start()
    return "." if j and key[j - 1].isdigit() and (j < 2 or not key[j - 2].isdigit()) else m.group()


def _keyed(text):
    """Each character of ``text`` replaced by its own label key (normalize.char_keys), in C:
    one str.replace per distinct character that changes. (str.translate with the table raises
    and catches a KeyError for every character that stays, several times slower; no key is
    itself a character that changes, so the order of the replacements does not matter.)"""
    table = char_keys()
    for ch in set(_CHANGED.findall(text)):
        text = text.replace(ch, table[ord(ch)] or "")
    return text


def _compact(text):
    """(key, positions): ``text`` in label-key form, and where each key char came from.
    Keyed in C (a run-on line is thousands of characters)."""
    key = _ENUM_MARK.sub(_enum_dot, _keyed(text))
    dropped = [m.start() for m in _DROPPED.finditer(text)]
    if not dropped:
        return key, range(len(text))
    where, pos = [], 0
    for i in dropped:
        where.extend(range(pos, i))
        pos = i + 1
    where.extend(range(pos, len(text)))
    return key, where


def split_labels(text):
    """Cut a table zone into label / header pieces and the digit runs between them."""
    key, where = _compact(text)
    cuts = []  # (start, end) in text of every known word
    for m in _word_pattern().finditer(key):
        stop = where[m.end() - 1] + 1
        while stop < len(text) and text[stop] in _CLOSING:
            stop += 1  # a closing quote or bracket the key dropped belongs to the word
        cuts.append((where[m.start()], stop))
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
    labelled = [k for k in runs if k and _is_word(pieces[k - 1])]
    return bool(runs) and len(labelled) >= 0.8 * len(runs) and len(pieces) - len(runs) >= 2


SHORT_PIECE = 64  # a piece this short may be a label: the same ones recur in every report


def _is_word(piece):
    """Whether a cut piece is one of the known words."""
    if len(piece) <= SHORT_PIECE:
        return _cached_is_word(piece)
    return _compact(piece)[0] in _word_set()


@lru_cache(maxsize=1 << 12)
def _cached_is_word(piece):
    return _compact(piece)[0] in _word_set()


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
