"""Text normalisation before matching: pinyin debris, Traditional → Simplified, label keys.

Numbers are never changed: every transformation here maps digits to themselves.
"""
import re
import unicodedata
from functools import lru_cache

# A parenthesised pinyin syllable right after a CJK character: 數(shù)據(jù) → 數據.
# Syllables carry tone marks (ù, ǎ …) or a tone digit; they are never longer than 6 letters.
# The "(" comes first and the CJK character is checked behind it, so that re jumps from one
# "(" to the next instead of trying the lookbehind at every position.
_PINYIN = re.compile(
    r"\((?<=[\u4e00-\u9fff]\()(?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,6}[1-5]?)\)"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")

# Full-width forms and the punctuation that varies between exports of the same label.
_WIDTH = str.maketrans({
    "（": "(", "）": ")", "：": ":", "，": ",", "．": ".", "／": "/", "％": "%",
    "【": "(", "】": ")", "〔": "(", "〕": ")", "［": "(", "］": ")",
    "；": ";", "！": "!", "？": "?",
})
_QUOTE_CHARS = "\"'“”‘’「」『』"
_QUOTES = re.compile("[" + _QUOTE_CHARS + "]")
_SPACE = re.compile(r"\s+")
_ENUM_DOT = re.compile(r"^(\d{1,2})\s*[、.．,，]\s*")


def strip_pinyin(text):
    """Remove pinyin annotations that some sites add after Traditional characters."""
    return _PINYIN.sub("", text)


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # imported lazily: the Datasette plugin never needs it

    return opencc.OpenCC("t2s")


# Frequent characters that exist only in Traditional script: a Simplified report contains
# none of them, so OpenCC is consulted only when one appears.
_TRADITIONAL_HINTS = frozenset("們這會來說時為國發經與數據報區縣條實開關機構辦權處審類務訊請書單舉號")
_ANY_HINT = re.compile("[" + "".join(sorted(_TRADITIONAL_HINTS)) + "]")  # scans in C, 10x a set test


def traditional_share(text, sample=20000):
    """Share of CJK characters that OpenCC t2s would change (0.0 for Simplified text)."""
    if not _ANY_HINT.search(text, 0, sample):
        return 0.0
    head = text[:sample]
    sample_text = "".join(_CJK.findall(head))
    if not sample_text:
        return 0.0
    converted = _t2s().convert(sample_text)
    changed = sum(1 for a, b in zip(sample_text, converted) if a != b)
    return changed / len(sample_text)


def is_traditional(text):
    # Simplified text scores ~0; Traditional text 15–30 %. 5 % keeps a few quoted
    # Traditional names inside a Simplified report from flipping the whole document.
    return traditional_share(text) > 0.05


def to_simplified(text):
    return _t2s().convert(text)


def document_script(text):
    """The script ("traditional" or "simplified"), decided once on the whole text. The parser
    converts a Traditional document to Simplified and removes its pinyin debris; pinyin is
    removed only from Traditional documents, so that real parentheses in Simplified text are
    never touched."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "traditional" if is_traditional(text) else "simplified"


def label_key(text):
    """The comparable form of a table label: no whitespace, ASCII brackets, no quotes.

    "（二）部分公开（区分处理的，只计这一情形…）" and "(二)部分公开(区分处理的,只计这一情形…)"
    give the same key; "自 然 人" and "商业\\n企业" lose their spaces. Short texts (every
    label and number) are cached, as they recur in every report; long narrative lines are
    not, so the cache never fills with text that will not come again.
    """
    if len(text) <= 64:
        return _cached_label_key(text)
    return _label_key(text)


@lru_cache(maxsize=1 << 16)
def _cached_label_key(text):
    return _label_key(text)


def _label_key(text):
    text = unicodedata.normalize("NFKC", text) if _needs_nfkc(text) else text
    text = text.translate(_WIDTH)
    text = _QUOTES.sub("", text)
    text = _SPACE.sub("", text.replace("\u00a0", " ").replace("\u3000", " "))
    return _ENUM_DOT.sub(r"\1.", text)


_FULL_WIDTH = re.compile("[\uff01-\uff5e]")


@lru_cache(maxsize=1)
def char_keys():
    """A str.translate table giving each character its label key on its own ("" for
    whitespace), so that a long text can be keyed character by character in C (runon.py).
    Only whitespace and quotes (dropped) and full-width forms and brackets (folded) change;
    every other character is its own key (tests/test_char_keys.py checks every code point)."""
    changed = [chr(c) for c in range(0x3001) if chr(c).isspace()]  # U+3000 is the last space
    changed += [chr(c) for c in range(0xFF01, 0xFF5F)] + [chr(c) for c in _WIDTH] + list(_QUOTE_CHARS)
    return {ord(c): ("" if c.isspace() else _label_key(c)) or None for c in changed}


def _needs_nfkc(text):
    # NFKC folds full-width digits and letters (０-９, Ａ-Ｚ); skip the call for plain text.
    # (A regex scans in C: a Python loop over each character cost more than the rest of label_key.)
    return _FULL_WIDTH.search(text) is not None


def clean_line(text):
    """Trim a text line, treating non-breaking and ideographic spaces as whitespace."""
    return text.replace("\u00a0", " ").replace("\u3000", " ").strip()
