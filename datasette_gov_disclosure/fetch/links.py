"""What a fetched page links to: reports, the next pages of a 年报 list, attachments.

Sites built to the national website standard list their annual reports in a
政府信息公开年报 column: pages ``index.html``, ``index_1.html`` … (often written by the
``createPageHTML(total, current, "index", "html")`` script rather than as links), each linking
to report pages whose text or title names a year's 年度报告/年报. A report page holds the
report, or links to it as an attachment (.doc/.docx/.pdf/.wps/.txt).
"""
import posixpath
import re
from dataclasses import dataclass, field
from typing import List
from urllib.parse import urldefrag, urljoin, urlsplit

# A link to a year's report: the year, and 年度报告/年报 (or 信息公开工作, the start of a title
# cut short on a list page: "…2023年度政府信息公开工作年...").
_YEAR = re.compile(r"(?:19|20)\d\d\s*年")
_REPORT_WORDS = re.compile(r"年度报告|年报|信息公开工作")
# A link to another 年报 column (a department's, a township's): 年报 without a year.
_COLUMN_WORDS = re.compile(r"年度报告|年报")
_ATTACHMENT = re.compile(r"\.(?:docx?|pdf|wps|txt)$", re.I)
_LIST_PAGE = re.compile(r"^index(?:_\d+)?\.s?html?$", re.I)
_INDEX = re.compile(r"^index\.s?html?$", re.I)
_NEXT_WORDS = ("下一页", "下页", "尾页", "末页")
_CREATE_PAGE = re.compile(r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"](\w+)['\"]\s*,"
                          r"\s*['\"](\w+)['\"]")
_COUNT_PAGE = re.compile(r"var\s+countPage\s*=\s*(\d+)")
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]+)", re.I)
# A list that claims more pages than this is not followed past it.
MAX_LIST_PAGES = 200
_SPACES = re.compile(r"\s+")


@dataclass
class Links:
    reports: List[str] = field(default_factory=list)      # pages naming a year's report
    columns: List[str] = field(default_factory=list)      # other 年报 columns (no year)
    pages: List[str] = field(default_factory=list)        # the list's other pages
    attachments: List[str] = field(default_factory=list)  # files that may hold the report
    report_files: List[str] = field(default_factory=list)  # files whose link names a year's report
    article: bool = False                                 # <meta name="ArticleTitle">: an article page

    @property
    def is_list(self):
        """A 年报 list rather than a report: not an article page (which may be split into pages
        and link to other years' reports), and it has pages or links to several reports."""
        return not self.article and (bool(self.pages) or len(self.reports) >= 2)


def decode(data, declared=None):
    """The page's text: the HTTP charset, then the <meta> one, then UTF-8, then GB18030."""
    from ..readers.decode import decode_bytes

    if not declared:
        m = _CHARSET.search(data[:4096])
        declared = m.group(1).decode("ascii") if m else None
    return decode_bytes(data, declared)[0]


def find_links(data, url, charset=None):
    """Links of the HTML page ``data`` fetched from ``url`` (absolute http(s), no fragment)."""
    import lxml.html

    from ..readers.html import site_meta

    found = Links()
    try:
        text = decode(data, charset)
        root = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", text))
    except Exception:  # not a page we can read: nothing to follow
        return found
    found.article = "article_title" in site_meta(root)
    base = url
    for el in root.iter("base"):
        if el.get("href"):
            base = urljoin(url, el.get("href").strip())
            break
    here = urlsplit(url)
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        target = absolute(base, href)
        if target is None or target == url:
            continue
        text = _SPACES.sub("", "".join(a.itertext())) + " " + (a.get("title") or "")
        name = posixpath.basename(urlsplit(target).path)
        same_site = urlsplit(target).netloc == here.netloc
        names_report = bool(_YEAR.search(text) and _REPORT_WORDS.search(text))
        if _ATTACHMENT.search(name) or _ATTACHMENT.search(text.strip()):
            if not _in_chrome(a):
                _add(found.attachments, target)
            if names_report:
                _add(found.report_files, target)
        elif not same_site:
            continue
        elif _is_page_of(target, url) or any(w in text for w in _NEXT_WORDS):
            _add(found.pages, target)
        elif names_report:
            _add(found.reports, target)
        elif _COLUMN_WORDS.search(text):
            _add(found.columns, target)
    for target in _script_pages(text_of_scripts(root), url):
        _add(found.pages, target)
    found.pages = found.pages[:MAX_LIST_PAGES]
    return found


def absolute(base, href):
    """``href`` made absolute against ``base``, without its fragment; None unless http(s)."""
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return None
    try:
        target = urldefrag(urljoin(base, href))[0]
    except ValueError:
        return None
    parts = urlsplit(target)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return target


def _in_chrome(el):
    """Inside the site's header, footer, navigation or sidebar (their files are not the report's)."""
    for parent in el.iterancestors():
        if parent.tag in ("nav", "header", "footer", "aside"):
            return True
    return False


def canonical(url):
    """One key for a folder's address and its index page (``…/nb/`` and ``…/nb/index.html``
    are the same list page)."""
    parts = urlsplit(url)
    if _INDEX.match(posixpath.basename(parts.path)):
        return parts._replace(path=posixpath.dirname(parts.path).rstrip("/") + "/").geturl()
    return url


def _add(items, url):
    if url not in items:
        items.append(url)


def _is_page_of(target, url):
    """``target`` is one of ``url``'s list pages: index_N.html in the same folder."""
    a, b = urlsplit(target), urlsplit(url)
    return (a.netloc == b.netloc and posixpath.dirname(a.path) == posixpath.dirname(b.path or "/")
            and bool(_LIST_PAGE.match(posixpath.basename(a.path))))


def text_of_scripts(root):
    return "\n".join(el.text or "" for el in root.iter("script"))


def _script_pages(script, url):
    """The pages a TRS ``createPageHTML(total, current, "index", "html")`` call would link."""
    m = _CREATE_PAGE.search(script)
    if m:
        total, name, ext = int(m.group(1)), m.group(3), m.group(4)
    else:
        m = _COUNT_PAGE.search(script)
        if not m:
            return []
        total, name, ext = int(m.group(1)), "index", "html"
    total = min(total, MAX_LIST_PAGES)
    return [urljoin(url, f"{name}.{ext}" if i == 0 else f"{name}_{i}.{ext}") for i in range(total)
            if urljoin(url, f"{name}.{ext}" if i == 0 else f"{name}_{i}.{ext}") != url]
