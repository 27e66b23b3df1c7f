"""The one-pass content root (readers/content.py) and the table reading read every page as the
element-by-element definition does (tests/html_reference.py): same root, same chrome, same
sizes, same blocks, same grids."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import html_reference as reference
from conftest import DATA
from datasette_gov_disclosure.readers import html
from datasette_gov_disclosure.readers.content import SPACES, PageSizes, collapse_spaces, content_root
from datasette_gov_disclosure.readers.decode import decode_bytes
from datasette_gov_disclosure.readers.jsstring import unwrap_js_html

PAGES = sorted((DATA / "corpus").glob("*.html"))


def _both(text):
    """(new, old): each the content root's path, the blocks, and {path: (own size, chrome)}."""
    root = html._parse(text)
    top = root.find("body")
    top = root if top is None else top
    sizes = PageSizes(top)
    tree = root.getroottree()
    found = content_root(top, sizes)
    measured = {tree.getpath(el): (own, el in sizes.chrome) for el, own in sizes.own.items()}
    new = (tree.getpath(found), html._Walker(sizes).run(found), measured)

    old_root = reference.parse(text)
    old_tree = old_root.getroottree()
    elements = {old_tree.getpath(el): el for el in old_root.iter() if isinstance(el.tag, str)}
    expected = {path: (reference.own_text_size(elements[path]), reference.is_chrome(elements[path]))
                for path in measured}
    old_found = reference.content_root(old_root)
    old = (old_tree.getpath(old_found), html._Walker(reference.Definition()).run(old_found), expected)
    return new, old


def _tables_both(text):
    """Every data table's grid, read by the reader and by the definition."""
    def plain(root):
        return [t for t in root.iter("table") if t.find(".//table") is None]
    return ([html.table_rows(t) for t in plain(html._parse(text))],
            [reference.table_rows(t) for t in plain(reference.parse(text))])


def test_real_pages_read_as_the_definition_says():
    assert len(PAGES) >= 2
    for page in PAGES:
        text, _ = decode_bytes(page.read_bytes())
        text = unwrap_js_html(text) or text
        new, old = _both(text)
        assert new[0] == old[0], page.name
        assert new[1] == old[1], page.name
        assert new[2] == old[2], page.name
        tables, expected = _tables_both(text)
        assert len(tables) >= 1 and tables == expected, page.name


def test_the_real_page_root_is_the_report():
    """030 is a whole published page: the root holds the report's tables and none of the site's menus."""
    doc = html.read_html((DATA / "corpus" / "030_pingtan-2023-fullpage.html").read_bytes())
    text = doc.text()
    assert text.count("\n") > 50
    assert sum(1 for b in doc.blocks if b.kind == "table") == 3
    assert "索引号" not in text  # the header block above the report is chrome


# ---------------------------------------------------------------- generated pages
_WORDS = st.sampled_from(["一、总体情况", "本机关收到申请3件", "索引号", "发布机构", "发布日期", "成文日期", "公开",
                          "首页", "网站地图", "12", "0", "a", "报告" * 80, "情况" * 800])
_SPACE = st.sampled_from([" ", "\n  ", "\u00a0", "\u3000", "\u2003", "\x0b", "\t", "", "  \u2003 "])
_TEXT = st.lists(st.one_of(_WORDS, _SPACE), max_size=5).map("".join)
_CLASS = st.sampled_from([None, "content", "nav", "main side-padding", "foot-links", "Side", "xnav", "NAVBAR top",
                          "\u017fidebar", "article", "menu_1", "links-"])
_TAGS = st.sampled_from(["div", "p", "span", "a", "ul", "li", "section", "script", "nav", "center", "dl", "form"])


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _element(children):
    def build(tag, cls, attr, text, inner, tail):
        attrs = f' {attr}="{cls}"' if cls else ""
        return f"<{tag}{attrs}>{_escape(text)}{''.join(inner)}</{tag}>{_escape(tail)}"
    return st.builds(build, _TAGS, _CLASS, st.sampled_from(["class", "id", "role"]), _TEXT,
                     st.lists(children, max_size=4), _TEXT)


def _table(children):
    cell = st.builds(lambda tag, text, inner, span: f"<{tag}{span}>{_escape(text)}{inner}</{tag}>",
                     st.sampled_from(["td", "th"]), _TEXT, st.sampled_from(["", "<br>", "<p>x</p><p>y</p>",
                                                                             "<script>z</script>t"]) | children,
                     st.sampled_from(["", " rowspan='2'", " colspan='2'", " colspan='x'"]))
    row = st.lists(cell, min_size=1, max_size=3).map(lambda cells: "<tr>" + "".join(cells) + "</tr>")
    return st.builds(lambda rows, cls: f"<table{cls}>{''.join(rows)}</table>", st.lists(row, min_size=1, max_size=3),
                     st.sampled_from(["", " class='nav'", " id='header'"]))


_NODES = st.recursive(_TEXT.map(_escape),
                      lambda children: st.one_of(_element(children), _table(children)),
                      max_leaves=25)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_NODES, min_size=1, max_size=4))
def test_generated_pages_read_as_the_definition_says(nodes):
    text = "<html><body>" + "".join(nodes) + "</body></html>"
    new, old = _both(text)
    assert new == old
    tables, expected = _tables_both(text)
    assert tables == expected


def test_attachment_links_by_address_or_link_text():
    """A link is an attachment when its address's name, or its text, ends in .doc/.docx/.pdf/.wps/.txt
    (any case); links to pages, links without an address and repeats are left out."""
    page = ("<html><body><p>正文 见附件。</p>"
            "<a href='/a/index.html'>首页</a><a href='/f/报告.DOC?id=1#p'>下载</a>"
            "<a href='javascript:down(3)'> 2024年 年度报告.pdf </a><a>无地址.pdf</a><a href='  '>空.pdf</a>"
            "<a href='/f/报告.DOC?id=1#p'>下载</a><a href='/b/x.html'>www.gov.cn</a>"
            "<a href='/c/d.txt.html'>d.txt.html</a><a href='dl?f=3'>报告.wp\u017f</a>"
            "<a href='/e/f.Docx'><span>表</span></a></body></html>")
    assert html.attachment_links(html._parse(page)) == [
        ("/f/报告.DOC?id=1#p", "下载"), ("javascript:down(3)", "2024年 年度报告.pdf"),
        ("dl?f=3", "报告.wp\u017f"), ("/e/f.Docx", "表")]


_WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + "\u3000"


@given(st.text(alphabet=st.sampled_from(_WHITESPACE + "ab中文。1"), max_size=40))
def test_collapse_spaces_is_the_regex_and_strip(text):
    """collapse_spaces (str.split, checked by counting) agrees with the SPACES regex and strip
    on text mixing the six whitespace characters SPACES knows with every other one."""
    assert collapse_spaces(text) == SPACES.sub(" ", text).strip()


def _tree(root):
    return etree.tostring(root, encoding=str), [(el.tag, el.sourceline) for el in root.iter()]


def test_utf8_bytes_parse_to_the_same_tree_as_their_text():
    """read_html hands libxml2 the page's own UTF-8 bytes: the same tree and lines as the
    decoded text, also with a declared other charset, carriage returns, NUL and noncharacters."""
    odd = ["<meta charset=gb2312><p>甲\r\n乙</p>", "<p>a\x00b\x01\x0b</p><td>\ufffe\uffff\U0001F600",
           "<meta http-equiv=Content-Type content='text/html; charset=gbk'><table><tr><td>１３\u3000</td>",
           "\ufeff<p>x</p>\r<p>y\x85\u2028</p>", "<p>&nbsp;&#0;&#xD800;&amp</p><!--c--><?pi x?>"]
    texts = [decode_bytes(page.read_bytes())[0] for page in PAGES] + odd
    for text in texts:
        assert _tree(html._parse(text, text.encode("utf-8"))) == _tree(html._parse(text)), text[:60]
