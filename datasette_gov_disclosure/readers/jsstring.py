"""HTML kept inside a JavaScript string (``let content = "<p>…</p>";``).

Some sites ship the report body as a JS data file that a page script inserts. The markup is
then one string literal with escaped quotes; we take the longest literal assigned to a
variable that holds HTML and undo the JavaScript escapes.
"""
import re

_ASSIGN = re.compile(r"(?:\b(?:let|var|const)\s+)?[A-Za-z_$][\w$.]*\s*=\s*(?P<q>[\"'`])")
_HTML_MARK = re.compile(r"<(?:p|table|div|span|br|h\d)\b", re.I)
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.S)
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _literal_end(text, start, quote):
    """Index of the closing quote of the literal starting at ``start`` (after the quote)."""
    i = start
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == quote:
            return i
        i += 1
    return -1


def _unescape(body):
    def one(m):
        code = m.group(1)
        if code[0] in "ux" and len(code) > 1:
            return chr(int(code[1:], 16))
        return _SIMPLE.get(code, code)

    return _ESCAPE.sub(one, body)


def unwrap_js_html(text):
    """The HTML held in a JS string literal, or None when ``text`` is not such a script."""
    head = text.lstrip()[:200]
    if head.startswith("<") and not re.match(r"<script\b", head, re.I):
        return None  # markup already: a page, not a script
    best = None
    for m in _ASSIGN.finditer(text):
        end = _literal_end(text, m.end(), m.group("q"))
        if end < 0:
            continue
        body = text[m.end():end]
        if _HTML_MARK.search(body) and (best is None or len(body) > len(best)):
            best = body
    return _unescape(best) if best else None
