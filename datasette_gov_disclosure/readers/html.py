"""HTML pages (and HTML fragments, and HTML inside a JavaScript string) → Document.

Government sites publish reports as whole pages: navigation, a 索引号/发布机构 header block,
sidebars and footers around the report. We keep the part of the page that holds the text
(``content_root``), turn data tables into grids with their spans expanded, and every other
block element into one line. The publication date and the title are taken from the whole
page first, because they usually sit in the chrome we then drop.
"""
import re

from ..document import Block, Document, ReadError
from .decode import decode_bytes
from .grid import expand, span
from .jsstring import unwrap_js_html

_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]+)", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_SKIP = {"script", "style", "noscript", "head", "nav", "iframe", "form", "select", "button", "option",
         "object", "embed", "svg", "canvas", "template", "input", "textarea", "map"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
          "pre", "section", "article", "header", "footer", "center", "address", "figure", "figcaption",
          "caption", "hr", "main", "aside", "tr", "td", "th", "table", "tbody", "thead", "tfoot", "body"}
# Words in a class or id that mark page chrome, never report text.
_CHROME = re.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumb|crumb|sidebar|side|footer|foot|header|"
                     r"topbar|share|toolbar|search|login|banner|copyright|friendlink|links)(?:$|[\s_-])", re.I)
# A block that big is the report itself, whatever its class says ("main side-padding").
_CHROME_MAX = 3000
# Labels of the 索引号/发布机构 header block printed above a report on 政府信息公开 pages.
_HEADER_MARKS = ("索引号", "发布机构", "发文机关", "发文字号", "主题分类", "成文日期", "发布日期", "生效日期",
                 "废止日期", "信息来源", "公开方式", "公开范围", "组配分类", "体裁分类")
_DATE = (r"(?P<y>(?:19|20)\d\d)\s*[-年/.]\s*(?P<m>\d{1,2})\s*[-月/.]\s*(?P<d>\d{1,2})")
_PUBLISHED = re.compile(r"(?:发布日期|发布时间)\s*[:：]?\s*" + _DATE)
_META_DATE = re.compile(r"^\s*" + _DATE)
_META_DATE_NAMES = ("pubdate", "publishdate", "firstpublishedtime", "dc.date", "publish_date")
_SPACES = re.compile(r"[ \t\r\n\u00a0\u3000]+")


def read_html(data):
    m = _CHARSET.search(data[:4096])
    text, used = decode_bytes(data, m.group(1).decode("ascii") if m else None)
    text = unwrap_js_html(text) or text
    root = _parse(text)
    meta = _page_meta(root)
    body = content_root(root)
    blocks = _Walker().run(body)
    if not any((b.text.strip() if b.kind == "line" else b.rows) for b in blocks):
        raise ReadError("网页中没有可读的正文 / no readable text in the HTML page")
    return Document(blocks, "html", used, meta)


def _parse(text):
    import lxml.html
    from lxml import etree

    text = _XML_DECL.sub("", text)
    if not text.strip():
        raise ReadError("文件为空（没有可读的文字） / empty file")
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
    try:
        return lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise ReadError(f"无法解析网页：{e} / cannot parse the HTML page")


def _text_of(el):
    return _SPACES.sub(" ", "".join(el.itertext())).strip()


def _page_meta(root):
    """Title and publication date, from <title>/<meta> and labelled dates anywhere on the page."""
    meta = {}
    title = root.find(".//title")
    if title is not None and _text_of(title):
        meta["title"] = _text_of(title)
    body = root.find("body")
    text = _text_of(body if body is not None else root)
    m = _PUBLISHED.search(text)
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
    return meta


def _iso(m):
    import datetime

    try:
        return datetime.date(int(m.group("y")), int(m.group("m")), int(m.group("d"))).isoformat()
    except ValueError:
        return None


def _is_chrome(el):
    if el.tag in _SKIP:
        return True
    if el.find(".//table") is not None:
        return False  # a block holding the report's tables
    marks = " ".join(filter(None, [el.get("class"), el.get("id"), el.get("role")]))
    if marks and _CHROME.search(marks) and len(_text_of(el)) < _CHROME_MAX:
        return True
    if el.tag in ("table", "div", "ul", "dl") and len(el):
        text = _text_of(el)
        if len(text) < 400 and sum(1 for w in _HEADER_MARKS if w in text) >= 2:
            return True
    return False


def _own_text_size(el):
    """Characters of text below ``el`` that are not link text and not chrome."""
    if not isinstance(el.tag, str) or _is_chrome(el):
        return 0
    size = 0 if el.tag == "a" else len((el.text or "").strip())
    for child in el:
        size += _own_text_size(child) + len((child.tail or "").strip())
    return size


def content_root(root):
    """The element holding the report: walk down while one child holds most of the text."""
    node = root.find("body")
    if node is None:
        node = root
    while True:
        total = _own_text_size(node)
        children = [c for c in node if isinstance(c.tag, str) and c.tag != "table"]
        best = max(children, key=_own_text_size, default=None)
        if best is None or total == 0 or _own_text_size(best) < 0.8 * total:
            return node
        node = best


class _Walker:
    """Block elements → line blocks, data tables → table blocks, in document order."""

    def __init__(self):
        self.blocks = []
        self.buf = []
        self.line = 0

    def run(self, root):
        self.visit(root)
        self.flush()
        return self.blocks

    def flush(self):
        text = _SPACES.sub(" ", "".join(self.buf)).strip()
        if text:
            self.blocks.append(Block("line", self.line, text))
        self.buf = []

    def add(self, text, line):
        if text:
            if not "".join(self.buf).strip():
                self.line = line or self.line
            self.buf.append(text)

    def visit(self, el):
        if not isinstance(el.tag, str) or _is_chrome(el):
            return
        tag = el.tag.lower()
        if tag == "br":
            self.flush()
            return
        if tag == "table" and el.find(".//table") is None:
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


def _cell_text(td):
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
    """A data table (no nested tables) as a grid of Cells, spans expanded."""
    rows = []
    for tr in table.iter("tr"):
        cells = [(_cell_text(td), td.sourceline or tr.sourceline or 0, span(td.get("rowspan")), span(td.get("colspan")))
                 for td in tr if isinstance(td.tag, str) and td.tag in ("td", "th")]
        rows.append(cells)
    return expand(rows) if any(rows) else []
