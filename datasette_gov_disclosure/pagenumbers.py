"""Page numbers that PDF text extraction leaves in the text ("- 4 -", "第 4 页", "4/12").

On a line of their own they fall inside tables and sentences; glued to the end of a line
("…10 1 769- 5 -", pypdf joining a page's last row to its footer) they would be read as cells.
"""
import re

_DASH = "[-—–－]"
_NUMBER = (rf"(?:{_DASH}\s*\d{{1,4}}\s*{_DASH}|第\s*\d{{1,4}}\s*页(?:\s*[,，/]?\s*共\s*\d{{1,4}}\s*页)?"
           r"|\d{1,4}\s*/\s*\d{1,4})")
_PAGE_NUMBER = re.compile(rf"^\s*{_NUMBER}\s*$")
# Glued: "- 5 -" straight after a non-space character (with a space before it, "- 5 -" could be
# three cells: blank, 5, blank), or "第4页" at the end of a line.
_GLUED = re.compile(rf"(?:(?<=[^\s\-—–－]){_DASH} ?\d{{1,4}} ?{_DASH}|\s*第\s*\d{{1,4}}\s*页"
                    rf"(?:\s*[,，/]?\s*共\s*\d{{1,4}}\s*页)?)\s*$")


def is_page_number(text):
    return bool(_PAGE_NUMBER.match(text))


def strip_glued(text):
    """``text`` without a page number glued to its end ("…769- 5 -" → "…769")."""
    if not text or text[-1] not in "-—–－页 ":
        return text  # the common case, without a regex
    return _GLUED.sub("", text)
