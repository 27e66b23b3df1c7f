"""HTML pages (and HTML fragments, and HTML inside a JavaScript string) → Document.

Government sites publish reports as whole pages: navigation, a 索引号/发布机构 header block,
sidebars and footers around the report. We keep the part of the page that holds the text
(``content_root``), turn data tables into grids with their spans expanded, and every other
block element into one line. The publication date and the title are taken from the whole
page first, because they usually sit in the chrome we then drop.
"""
import functools
import re

from lxml import etree

from ..document import Block, Cell, Document, ReadError
from .decode import decode_bytes
from .content import SKIP as _SKIP, SPACES as _SPACES, PageSizes, collapse_spaces, content_root, text_of as _text_of
from .grid import expand, span
from .jsstring import unwrap_js_html

_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]+)", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
          "pre", "section", "article", "header", "footer", "center", "address", "figure", "figcaption",
          "caption", "hr", "main", "aside", "tr", "td", "th", "table", "tbody", "thead", "tfoot", "body"}
_DATE = (r"(?P<y>(?:19|20)\d\d)\s*[-年/.]\s*(?P<m>\d{1,2})\s*[-月/.]\s*(?P<d>\d{1,2})")
_PUBLISHED = re.compile(r"(?:发布日期|发布时间)\s*[:：]?\s*" + _DATE)
_META_DATE = re.compile(r"^\s*" + _DATE)
_META_DATE_NAMES = ("pubdate", "publishdate", "firstpublishedtime", "dc.date", "publish_date")
# The national website standard's <meta name=…> tags on every article page: where it is
# published and by whom (kept as given; the page's address only when it is http(s)).
_SITE_META = {"url": "url", "sitename": "site_name", "siteidcode": "site_code", "columnname": "column_name",
              "articletitle": "article_title", "contentsource": "content_source"}
_ATTACHMENT = re.compile(r"\.(?:docx?|pdf|wps|txt)$", re.I)


def read_html(data):
    m = _CHARSET.search(data[:4096])
    text, used = decode_bytes(data, m.group(1).decode("ascii") if m else None)
    unwrapped = unwrap_js_html(text)
    root = _parse(unwrapped or text, data if used == "utf-8" and unwrapped is None else None)
    top = root.find("body")
    top = root if top is None else top
    sizes = PageSizes(top)
    meta = _page_meta(root, sizes.raw_text)
    blocks = _Walker(sizes).run(content_root(top, sizes))
    if not any((b.text.strip() if b.kind == "line" else b.rows) for b in blocks):
        raise ReadError("网页中没有可读的正文 / no readable text in the HTML page")
    return Document(blocks, "html", used, meta)


def _parse(text, utf8=None):
    """The page as a plain lxml tree: lxml.html's element classes cost a Python call for
    every element touched, and the reader needs none of their methods. ``utf8``, when given,
    is ``text`` as the UTF-8 bytes it was decoded from: libxml2 reads those as they are,
    instead of converting Python's two-byte characters first (a tenth of the parse of a
    Chinese page; the same tree, lines included)."""
    if _XML_DECL.match(text):
        text, utf8 = _XML_DECL.sub("", text), None
    if not text.strip():
        raise ReadError("文件为空（没有可读的文字） / empty file")
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, encoding=None if utf8 is None else "utf-8")
    try:
        root = etree.fromstring(text if utf8 is None else utf8, parser)
    except (etree.ParserError, ValueError) as e:
        raise ReadError(f"无法解析网页：{e} / cannot parse the HTML page")
    if root is None:
        raise ReadError("无法解析网页：Document is empty / cannot parse the HTML page")
    return root


def _page_meta(root, body_text):
    """Title and publication date, from <title>/<meta> and labelled dates anywhere on the page
    (``body_text``: the text of <body>, whitespace left as it is)."""
    meta = {}
    title = root.find(".//title")
    if title is not None and _text_of(title):
        meta["title"] = _text_of(title)
    m = _PUBLISHED.search(body_text)
    if m is None:
        for el in root.iter("meta"):
            if (el.get("name") or "").strip().lower() in _META_DATE_NAMES:
                m = _META_DATE.match(el.get("content") or "")
                if m:
                    break
    if m:
        date = _iso(m)
        if date:
            meta["published_on"] = date
    meta.update(site_meta(root))
    attachments = attachment_links(root)
    if attachments:
        meta["attachments"] = attachments
    return meta


def site_meta(root):
    """{url, site_name, site_code, column_name, article_title, content_source} as far as given."""
    found = {}
    for el in root.iter("meta"):
        key = _SITE_META.get((el.get("name") or "").strip().lower())
        value = collapse_spaces(el.get("content") or "")
        if key and value and key not in found:
            found[key] = value
    if not re.match(r"https?://[^\s/]+", found.get("url", ""), re.I):
        found.pop("url", None)
    return found


def attachment_links(root):
    """Links to files that may hold the report (.doc/.docx/.pdf/.wps/.txt), in page order:
    [(href, link text)], by the address's name or, for download scripts, the link text."""
    found = []
    dotted = None  # the links whose text holds a ".": only their text can end in ".pdf" and the like
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href:
            continue
        named = _ATTACHMENT.search(href.split("#")[0].split("?")[0][-6:])  # at most ".docx\n"
        if not named:
            if dotted is None:
                dotted = set(_DOTTED_LINKS(root))
            if a not in dotted:
                continue
        text = _text_of(a)
        if (named or _ATTACHMENT.search(text)) and (href, text) not in found:
            found.append((href, text))
    return found


_DOTTED_LINKS = etree.XPath("descendant-or-self::a[contains(., '.')]")


def _iso(m):
    import datetime

    try:
        return datetime.date(int(m.group("y")), int(m.group("m")), int(m.group("d"))).isoformat()
    except ValueError:
        return None


class _Walker:
    """Block elements → line blocks, data tables → table blocks, in document order."""

    def __init__(self, sizes):
        self.sizes = sizes
        self.blocks = []
        self.buf = []
        self.blank = True  # the buffer holds whitespace at most: the next text sets the line
        self.line = 0

    def run(self, root):
        self.visit(root)
        self.flush()
        return self.blocks

    def flush(self):
        text = collapse_spaces("".join(self.buf))
        if text:
            self.blocks.append(Block("line", self.line, text))
        self.buf = []
        self.blank = True

    def add(self, text, line):
        if text:
            if self.blank:
                self.line = line or self.line
                self.blank = not text.strip()
            self.buf.append(text)

    def visit(self, el):
        if self.sizes.is_chrome(el):
            return
        tag = el.tag.lower()
        if tag == "br":
            self.flush()
            return
        if tag == "table" and el not in self.sizes.nesting:
            self.flush()
            rows = table_rows(el)
            if rows:
                self.blocks.append(Block("table", el.sourceline or 0, rows=rows))
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        self.add(el.text, el.sourceline)
        for child in el:
            self.visit(child)
            self.add(child.tail, getattr(child, "sourceline", None) or el.sourceline)
        if block:
            self.flush()


# Characters lxml refuses in a text it is given (the parser may still have let them in).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _cell_reader(table):
    """A function td → its text. Scripts and the like are left out (their tails stay) and
    br/p/div start a new word: ``<td><p>a</p><p>b</p></td>`` is "a b". Usually read off the
    tree or serialised by libxml2 (``_cell_text``), else element by element, when the table
    holds a character lxml would refuse in the space-prefixed texts ``_cell_text`` writes."""
    etree.strip_elements(table, *_SKIP, with_tail=False)
    if _NOT_XML.search(etree.tostring(table, method="text", encoding=str, with_tail=False)):
        return _cell_text_by_walking
    return _cell_text


_SERIALISED_TEXT = functools.partial(etree.tostring, method="text", encoding=str, with_tail=False)
_NEW_WORD = ("br", "p", "div")


def _cell_text(td):
    """Most cells hold their text alone or in one element ("<td><p align=center>13</p></td>"):
    read off the tree, faster than serialising the cell. The others are serialised by
    libxml2 after a space is put before the text of every br/p/div in them."""
    count = len(td)
    if count == 0:
        text = td.text or ""
    else:
        child = td[0] if count == 1 else None
        tag = child.tag if child is not None and len(child) == 0 else None
        if tag in _NEW_WORD:
            head, tail = td.text, child.tail
            if (not head or head.isspace()) and (not tail or tail.isspace()):
                text = child.text or ""  # "<td>\n  <p>13</p>\n</td>": the spaces around go anyway
            else:
                text = (head or "") + " " + (child.text or "") + (tail or "")
        elif isinstance(tag, str):
            text = (td.text or "") + (child.text or "") + (child.tail or "")
        else:
            for el in td.iter(*_NEW_WORD):
                el.text = " " + el.text if el.text else " "
            text = _SERIALISED_TEXT(td)
    return text if text.isalnum() else collapse_spaces(text)  # "13", "信息内容": nothing to collapse


def _cell_text_by_walking(td):
    parts = []

    def walk(el):
        if not isinstance(el.tag, str) or el.tag in _SKIP:
            return
        if el.tag in ("br", "p", "div") and parts:
            parts.append(" ")
        parts.append(el.text or "")
        for child in el:
            walk(child)
            parts.append(child.tail or "")

    walk(td)
    return _SPACES.sub(" ", "".join(parts)).strip()


def table_rows(table):
    """A data table (no nested tables) as a grid of Cells, spans expanded.

    A report's tables are most of its page, so the work per cell is kept small: each cell
    becomes its ``Cell`` at once, and only the few cells carrying a rowspan or colspan attribute
    (found by libxml2 in one call) have their attributes read."""
    cell_text = _cell_reader(table)
    spanned = {value.getparent() for value in _SPAN_VALUES(table)}
    rows, spans = [], []
    for tr in table.iter("tr"):
        cells, row_spans = [], None
        for td in tr:
            if td.tag not in _CELL_TAGS:
                continue
            if spanned and td in spanned:
                rowspan, colspan = span(td.get("rowspan")), span(td.get("colspan"))
                if rowspan != 1 or colspan != 1:
                    row_spans = row_spans or {}
                    row_spans[len(cells)] = (rowspan, colspan)
            cells.append(Cell(cell_text(td), td.sourceline or tr.sourceline or 0))
        rows.append(cells)
        spans.append(row_spans)
    return expand(rows, spans) if any(rows) else []


_CELL_TAGS = ("td", "th")
_SPAN_VALUES = etree.XPath("descendant::*/@rowspan | descendant::*/@colspan")
