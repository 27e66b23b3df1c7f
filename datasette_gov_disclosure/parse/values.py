"""What a single table cell holds: a number, nothing, or a number wrapped in text."""
import re
from functools import lru_cache

BLANK_MARKS = {"", "/", "-", "—", "－", "——", "–", "无", "\\", "×", "x", "X"}
_NUMBER = re.compile(r"^[+-]?\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?$|^[+-]?\d+(?:\.\d+)?$")
_UNIT_NUMBER = re.compile(r"^(?P<num>[+-]?\d[\d,，]*(?:\.\d+)?)\s*(?P<unit>万元|元|件|条|个|项|次|万)$")


def to_number(text):
    """'1,234' → 1234, '4166.241619' → 4166.241619; None when not a plain number."""
    if not _NUMBER.match(text):
        return None
    cleaned = text.replace(",", "").replace("，", "")
    return float(cleaned) if "." in cleaned else int(cleaned)


def classify(text):
    """Return (state, value) for a cell text, or None when the text is not a value at all.

    state is 'number', 'blank' or 'text' (a number with a unit, "251000元"). Short texts are
    cached (the same few values fill most cells of every report); a long one is never a value.
    """
    return _classify(text) if len(text) <= 40 or len(text.strip()) <= 40 else None


@lru_cache(maxsize=1 << 14)
def _classify(text):
    text = text.strip()
    if text in BLANK_MARKS:
        return "blank", None
    number = to_number(text)
    if number is not None:
        return "number", number
    m = _UNIT_NUMBER.match(text)
    if m:
        return "text", to_number(m.group("num"))
    return None
