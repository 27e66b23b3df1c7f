"""Lines a saving tool or a converter put into a report's text, which are not the report's.

A crawler's saved copy starts with its own header ("标题: …", "原文链接: …", "本地目录: …",
"页面链接与图片详见 links.tsv(同目录)", then "==================== 正文 ===================="), and a
Word file converted to text keeps Word's bookmark marks ("[bookmark: _GoBack]"). The metadata
readers still see the header (the address and the date are read from it); the sections, their
claims and the narrative rules never do, and the pages never show it as the agency's text.
"""
import re

HEADER_LIMIT = 15  # the header is the first lines of the file
_SEPARATOR = re.compile(r"^\s*={3,}\s*正文\s*={3,}\s*$")
_FIELD = re.compile(r"^\s*(?:标题|发布时间|发布日期|文号|发布机构|栏目|原文链接|原文地址|本地目录|来源|索引号)\s*[:：]")
# Lines only a saving tool writes, dropped wherever they are in the header's reach.
_TOOL_LINE = re.compile(r"^\s*(?:本地目录\s*[:：]|页面链接与图片详见)")
_BOOKMARK = re.compile(r"\[bookmark:[^\]\n]{0,80}\]")


def report_lines(lines):
    """``lines`` ([(line_no, text)]) without the saving tool's header and Word's bookmark marks."""
    head = lines[:HEADER_LIMIT]
    start = 0
    for i, (_, text) in enumerate(head):
        if _SEPARATOR.match(text):
            if all(_FIELD.match(t) or _TOOL_LINE.match(t) or not t.strip() for _, t in head[:i]):
                start = i + 1
            break
    out = []
    for k, (no, text) in enumerate(lines[start:], start):
        if k < HEADER_LIMIT and _TOOL_LINE.match(text):
            continue
        if "[bookmark:" in text:
            text = _BOOKMARK.sub("", text)
            if not text.strip():
                continue
        out.append((no, text))
    return out
