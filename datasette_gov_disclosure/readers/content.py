"""Which part of a page is the report: page chrome, text sizes and the content root.

A government page wraps the report in navigation, sidebars, a 索引号/发布机构 header block and
footers. Whether an element is chrome depends on the text below it (its length, the header
labels it holds) and on whether it holds a table; the content root is found by walking down
while one child holds most of the text that is not chrome. Asked element by element, each of
those questions walks a subtree again, and a real page took hundreds of milliseconds. Here
everything is measured in one pass over the page (``PageSizes``): the text of an element is a
slice of the page's text, found by its offsets, and the header labels are found once in the
page's text, so that finding the root costs about as much as parsing the page.

The definitions are those of the element-by-element reading, exactly: the length of an
element's text is ``len(text_of(el))`` (whitespace runs collapsed to one space, then
stripped), and an element's own text size counts the stripped text of every element and
tail below it that is neither link text nor inside chrome.
"""
import bisect
import re

# Elements that never hold report text.
SKIP = {"script", "style", "noscript", "head", "nav", "iframe", "form", "select", "button", "option",
        "object", "embed", "svg", "canvas", "template", "input", "textarea", "map"}
# Words in a class or id that mark page chrome, never report text.
_CHROME_WORDS = frozenset(("nav", "navbar", "menu", "breadcrumb", "crumb", "sidebar", "side", "footer", "foot", "header",
                           "topbar", "share", "toolbar", "search", "login", "banner", "copyright", "friendlink",
                           "links"))
_CHROME = re.compile(r"(?:^|[\s_-])(?:" + "|".join(sorted(_CHROME_WORDS)) + r")(?:$|[\s_-])", re.I)
# A block that big is the report itself, whatever its class says ("main side-padding").
_CHROME_MAX = 3000
# A block holding at least two of these labels, and little else, is the 索引号/发布机构 header
# block printed above a report on 政府信息公开 pages.
HEADER_MARKS = ("索引号", "发布机构", "发文机关", "发文字号", "主题分类", "成文日期", "发布日期", "生效日期",
                "废止日期", "信息来源", "公开方式", "公开范围", "组配分类", "体裁分类")
_HEADER_MAX = 400
_HEADER_TAGS = ("table", "div", "ul", "dl")
SPACES = re.compile(r"[ \t\r\n\u00a0\u3000]+")
_OTHER_SPACES = "\t\r\n\u00a0\u3000"  # what SPACES matches besides the space


def collapse_spaces(text):
    """``SPACES.sub(" ", text).strip()`` by str methods: the regex costs about ten nanoseconds a
    character. A text with no whitespace inside (a number, most cells, a Chinese paragraph
    after its indent) is its one word. Otherwise the characters of SPACES become spaces and
    runs of spaces one space; other whitespace is kept inside and stripped at the ends, as the
    regex and strip() do."""
    words = text.split()
    if len(words) <= 1:
        return words[0] if words else ""
    for char in _OTHER_SPACES:
        if char in text:
            text = text.replace(char, " ")
    return " ".join(filter(None, text.split(" "))).strip()


_MARK_VALUES = None  # compiled on first use


def page_text(top):
    """``"".join(top.itertext())``, serialised by libxml2 (ten times faster)."""
    from lxml import etree

    return etree.tostring(top, method="text", encoding=str, with_tail=False)


def _occurrences(text, words):
    """(start, end, word) of every occurrence of every word in ``text``."""
    for word in words:
        at = text.find(word)
        while at >= 0:
            yield at, at + len(word), word
            at = text.find(word, at + 1)


def text_of(el):
    """An element's text, whitespace runs collapsed to one space, stripped."""
    return collapse_spaces("".join(el.itertext()))


_XPATHS = None  # compiled on first use


def _xpaths():
    """(every text node below an element, the text of every link below it), in libxml2."""
    from lxml import etree

    global _XPATHS
    if _XPATHS is None:
        _XPATHS = (etree.XPath("descendant::text()", smart_strings=False),
                   etree.XPath("descendant::a/text()[not(preceding-sibling::node())]", smart_strings=False))
    return _XPATHS


def _mark_values(top):
    """The class, id and role values below ``top``, found by libxml2 (faster than asking every
    element; three paths rather than their union, which libxml2 would sort)."""
    from lxml import etree

    global _MARK_VALUES
    if _MARK_VALUES is None:
        _MARK_VALUES = [etree.XPath(f"descendant-or-self::*/@{name}") for name in ("class", "id", "role")]
    return [value for path in _MARK_VALUES for value in path(top)]


def _marked(top):
    """The elements below ``top`` whose class, id or role value names page chrome. A page
    repeats its class names ("item", "clearfix"): each value is judged once."""
    judged, marked = {}, set()
    for value in _mark_values(top):
        chrome = judged.get(value)
        if chrome is None:
            chrome = judged[value] = chrome_mark(value)
        if chrome:
            marked.add(value.getparent())
    return marked


def chrome_mark(value):
    """Does a class, id or role value name page chrome (``_CHROME``)? An ASCII value is split
    into its words instead, several times faster: the same answer, since a chrome word must
    stand between separators."""
    if value.isascii():
        return not _CHROME_WORDS.isdisjoint(value.replace("_", " ").replace("-", " ").lower().split())
    return _CHROME.search(value) is not None


class PageSizes:
    """Chrome and text sizes of every element below ``top``, measured in one pass.

    ``raw_text`` is ``"".join(top.itertext())`` (``page_text``); an element's text is the slice
    of it between the offsets where the element starts and ends.
    """

    def __init__(self, top, raw_text=None):
        text = page_text(top) if raw_text is None else raw_text
        if not self._measure(top, text):  # libxml2's text differs from itertext(): never seen
            self._measure(top, "".join(top.itertext()))

    def _measure(self, top, text):
        """Fill in the sizes; False when ``text`` is not the text of ``top``."""
        from lxml import etree

        self.raw_text = text
        self._marks = sorted(_occurrences(text, HEADER_MARKS))
        self._mark_starts = [start for start, _, _ in self._marks]
        self.chrome = set()  # the chrome elements
        self.nesting = set()  # the tables holding another table
        self.own = {}  # element -> characters of non-link, non-chrome text below it
        # "class id role" matches the chrome words exactly when one of the three does
        marked = _marked(top)
        holds_marked = {above for el in marked for above in el.iterancestors()}
        header_marks = bool(self._marks)
        chrome, nesting, own_size = self.chrome, self.nesting, self.own
        stack = []  # one frame per open element: [offset where it starts, own size, holds a table]
        push, pop = stack.append, stack.pop
        pos = 0
        walk = etree.iterwalk(top, events=("start", "end", "comment", "pi"))
        for event, el in walk:
            if event == "start":
                tag = el.tag
                if tag == "table" and el not in holds_marked:
                    plain = self._plain_table(el, pos)
                    if plain is not None:  # nothing in it can be chrome: measured at once
                        walk.skip_subtree()
                        push([pos, plain[1], False])
                        pos += plain[0]
                        continue
                elif tag in SKIP or el in marked:
                    # chrome whatever lies below, unless it holds a table: nothing below matters
                    length = self._chrome_length(el, pos)
                    if length is not None:
                        walk.skip_subtree()
                        push([pos, 0, False])
                        pos += length
                        continue
                piece = el.text
                if piece:
                    push([pos, 0 if el.tag == "a" else len(piece.strip()), False])
                    pos += len(piece)
                else:
                    push([pos, 0, False])
                continue
            if event == "end":
                start, own, has_table = pop()
                tag = el.tag
                if has_table:
                    if tag == "table":
                        nesting.add(el)
                    elif tag in SKIP:
                        chrome.add(el)
                        own = 0
                elif tag in SKIP or (el in marked and self._shorter(start, pos, _CHROME_MAX)
                                     or header_marks and tag in _HEADER_TAGS and self._is_header(el, start, pos)):
                    chrome.add(el)
                    own = 0
                own_size[el] = own
                if not stack:
                    continue
                parent = stack[-1]
                parent[1] += own
                if has_table or tag == "table":
                    parent[2] = True
            elif not stack:
                continue  # a comment beside ``top``
            piece = el.tail  # after an element, a comment or a processing instruction
            if piece:
                stack[-1][1] += len(piece.strip())
                pos += len(piece)
        return pos == len(text)

    def _plain_table(self, table, start):
        """(length of its text, own text size) of a table that holds no table, no element
        marked as chrome (checked by the caller), no script or the like and not two header
        labels, so that nothing in it can be chrome; None for any other table."""
        if table.find(".//table") is not None or next(table.iter(*SKIP), None) is not None:
            return None
        texts, link_texts = _xpaths()
        pieces = texts(table)
        length = sum(map(len, pieces))
        if self._header_marks(start, start + length) >= 2:
            return None
        own = sum(map(len, map(str.strip, pieces))) - sum(map(len, map(str.strip, link_texts(table))))
        return length, own

    def _chrome_length(self, el, start):
        """The length of the text of ``el`` (a SKIP element or one marked as chrome) when it is
        chrome and holds no table; else None."""
        if el.find(".//table") is not None:
            return None
        length = len(page_text(el))
        return length if el.tag in SKIP or self._shorter(start, start + length, _CHROME_MAX) else None

    def _is_header(self, el, start, end):
        """Is ``el`` (holding no table) the 索引号/发布机构 header block?"""
        return len(el) > 0 and self._header_marks(start, end) >= 2 and self._shorter(start, end, _HEADER_MAX)

    def _shorter(self, start, end, limit):
        """Is the element's text (collapsed and stripped) shorter than ``limit``?"""
        return end - start < limit or len(collapse_spaces(self.raw_text[start:end])) < limit

    def _header_marks(self, start, end):
        """How many different header labels the text between the offsets holds."""
        found = set()
        for i in range(bisect.bisect_left(self._mark_starts, start), len(self._marks)):
            at, stop, mark = self._marks[i]
            if at >= end:
                break
            if stop <= end:
                found.add(mark)
        return len(found)

    def is_chrome(self, el):
        return not isinstance(el.tag, str) or el in self.chrome


def content_root(top, sizes=None):
    """The element holding the report: walk down from ``top`` while one child holds most of
    the text. ``sizes`` is the ``PageSizes`` of ``top`` (measured here when not given)."""
    sizes = sizes or PageSizes(top)
    node = top
    while True:
        total = sizes.own[node]
        children = [c for c in node if isinstance(c.tag, str) and c.tag != "table"]
        best = max(children, key=sizes.own.__getitem__, default=None)
        if best is None or total == 0 or sizes.own[best] < 0.8 * total:
            return node
        node = best
