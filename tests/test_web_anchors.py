"""Every in-page link of the overview, report, rule and agency pages lands on something: for each
href="…#x" to an audit page, that page has an element id="x".

A report before 2019 (平潭 2017, tests/data/corpus/020_pingtan-2017-pre2019.txt) has no Table 二/三/四
of the national form, so its page draws no such cells: its narrative numbers and the agency's
year-by-year comparison (with 平潭 2019, 013_pingtan-2019-concat.txt) must not point into them.
"""
import sqlite3
from urllib.parse import urlsplit

import lxml.html
import pytest

import web_fixture as fx

FILES = ("corpus/020_pingtan-2017-pre2019.txt", "corpus/013_pingtan-2019-concat.txt",
         "corpus/021_shanghai-govoffice-2019-html.html", "seeds/003_d21cd696e2804b07.txt")
BASE = "/audit/-/audit"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return fx.audited_files(tmp_path_factory.mktemp("anchors"), FILES)


def test_every_in_page_link_has_its_anchor(db):
    paths = fx.audit_pages(db)
    docs = {p: lxml.html.fromstring(r.text) for p, r in zip(paths, fx.fetch(paths, files=[db]))}
    links = []
    for path, doc in docs.items():
        for a in doc.xpath("//a[contains(@href, '#')]"):
            target = urlsplit(a.get("href"))
            links.append((path, target.path or path, target.fragment))
    missing = sorted({target for _, target, _ in links if target.startswith(BASE) and target not in docs})
    docs.update({p: lxml.html.fromstring(r.text) for p, r in zip(missing, fx.fetch(missing, files=[db]))})
    ids = {p: {e.get("id") for e in doc.xpath("//*[@id]")} for p, doc in docs.items()}
    dead = [(page, target, fragment) for page, target, fragment in links
            if target in ids and fragment not in ids[target]]
    assert dead == []
    assert len(links) > 50  # the pages do link into reports: the check is not empty


def test_the_pre_2019_report_is_read_whole(db):
    conn = sqlite3.connect(db)
    report_id = fx.report_id(conn, "020_pingtan")
    conn.close()
    byline = lxml.html.fromstring(fx.fetch([f"{BASE}/report/{report_id}"], files=[db])[0].text).xpath(
        "//p[@class='gd-byline']")[0].text_content()
    assert "已解析" in byline and "未找到" not in byline
