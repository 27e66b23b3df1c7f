"""Numbers written in words: 三十一 → 31, after plain digits have been tried."""
import re

CN_DIGITS = "零〇一二两三四五六七八九十百千万"
CN_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百千万]+")


def chinese_to_int(text):
    """'三十一' → 31, '零' → 0; None when the text is not a Chinese numeral."""
    if not text or not CN_NUMBER.fullmatch(text):
        return None
    import cn2an  # lazy: only narrative parsing needs it

    try:
        value = cn2an.cn2an(text.replace("〇", "零"), "smart")
    except (ValueError, KeyError, IndexError):
        return None
    return int(value) if float(value).is_integer() else None


def to_int(text):
    """Digits or a Chinese numeral → int (None otherwise)."""
    text = text.strip().replace(",", "").replace("，", "")
    if text.isdigit():
        return int(text)
    return chinese_to_int(text)
