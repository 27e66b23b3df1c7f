"""normalize.char_keys keys a long text character by character in C (runon.py cuts a run-on
line at the known words in its label-key form): it must give every character the key
label_key gives it alone, for every code point, and never more than one character (the
positions of the key's characters in the text are counted one for one)."""
import sys

from datasette_gov_disclosure.normalize import _label_key, char_keys
from datasette_gov_disclosure.parse.runon import _compact


def test_every_code_point_keys_as_label_key_keys_it_alone():
    table = char_keys()
    wrong = []
    # Every character label_key changes alone is in the BMP (whitespace, quotes, full-width
    # forms; NFKC runs only on a text holding a full-width form): the other planes are sampled.
    for code in list(range(0x10000)) + list(range(0x10000, sys.maxunicode + 1, 97)):
        if 0xD800 <= code <= 0xDFFF:
            continue  # surrogates are not characters
        ch = chr(code)
        want = "" if ch.isspace() else _label_key(ch)
        got = ch.translate(table)
        if got != want or len(got) > 1:
            wrong.append(hex(code))
    assert not wrong


def test_compact_keeps_where_each_key_character_came_from():
    # Made-up run-on text: full-width brackets fold, spaces and quotes drop, "1、" keys as "1.".
    text = "（一）新收政府信息公开申请数量 1、 申请人“逾期”不补正 12，3"
    key, where = _compact(text)
    assert key == "(一)新收政府信息公开申请数量1.申请人逾期不补正12,3"
    assert [text[i] for i in where] == ["（", "一", "）"] + list("新收政府信息公开申请数量") + ["1", "、"] + list(
        "申请人") + ["逾", "期"] + list("不补正12，3")
