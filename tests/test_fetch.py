"""gov-disclosure fetch against a small site on 127.0.0.1 (tests/fetch_site.py), then load.

Nothing here touches the internet: the server is started by the test on a free port.
"""
import hashlib
import json
import sqlite3

import pytest
from click.testing import CliRunner

from datasette_gov_disclosure.cli import cli
from fetch_site import (ATTACHMENT_AGENCY, ATTACHMENT_PAGE, BIG, COLUMN, DISALLOWED, DOCX, FLAKY, GUIDE_PDF, LOOP,
                        MISSING, MOVED, PINGTAN_2023, PINGTAN_2025, SHANGHAI_2019, STALL, Server, Site,
                        attachment_page, seed_docx)

# Short, so that the stalled server and the retries cost the suite about a second.
FAST = ["--delay", "0", "--timeout", "0.5", "--retries", "1", "--backoff", "0.05", "--max-bytes", "200000"]
BIG_SIZE = 300_000  # the oversized page, over the 200,000-byte cap above
REPORTS = [PINGTAN_2023, SHANGHAI_2019, PINGTAN_2025, ATTACHMENT_PAGE, DOCX]


def fetch(*args):
    return CliRunner().invoke(cli, ["fetch", *args], catch_exceptions=False)


def manifest_rows(out):
    rows = {}
    with open(out / "manifest.jsonl", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            rows[row["url"]] = row
    return rows


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """The site fetched once, fetched again, then loaded: everything the tests look at."""
    tmp = tmp_path_factory.mktemp("fetch")
    site = Site(seed_docx(tmp / "seed.docx"), BIG_SIZE)
    with Server(site) as server:
        out = tmp / "out"
        first = fetch(server.url(COLUMN), "--out", str(out), *FAST)
        first_requests = list(site.requests)
        first_rows = manifest_rows(out)
        files = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
        second = fetch(server.url(COLUMN), "--out", str(out), *FAST)
        second_requests = site.requests[len(first_requests):]
        db = tmp / "site.db"
        loaded = CliRunner().invoke(cli, ["load", str(out), "--db", str(db)], catch_exceptions=False)
        yield dict(server=server, site=site, out=out, first=first, first_requests=first_requests,
                   rows=first_rows, files=files, second=second, second_requests=second_requests,
                   rows_after=manifest_rows(out), files_after=sorted(p.relative_to(out) for p in out.rglob("*")
                                                                     if p.is_file()),
                   db=db, loaded=loaded)


def test_every_reachable_report_is_fetched_once(crawled):
    requests = crawled["first_requests"]
    for path in REPORTS + [COLUMN, COLUMN + "index_1.html"]:
        assert requests.count(path) == 1, path
    # The 2023 report is linked twice on the first list page; index.html is the column itself.
    assert COLUMN + "index.html" not in requests
    assert crawled["first"].exit_code == 0


def test_the_gbk_list_page_without_charset_is_followed(crawled):
    # index_1.html is GBK with no charset anywhere: its links are found only if it is decoded right.
    for path in (PINGTAN_2025, STALL, BIG):
        assert path in crawled["first_requests"]


def test_robots_txt_is_read_and_obeyed(crawled):
    assert crawled["first_requests"][0] == "/robots.txt"
    assert DISALLOWED not in crawled["site"].requests
    row = crawled["rows"][crawled["server"].url(DISALLOWED)]
    assert "robots.txt" in row["error"] and row["path"] is None


def test_the_footer_file_is_not_a_report_link(crawled):
    assert GUIDE_PDF not in crawled["site"].requests


def test_each_failure_is_a_manifest_row_with_its_reason(crawled):
    rows, url = crawled["rows"], crawled["server"].url
    assert rows[url(MISSING)]["status"] == 404 and "HTTP 404" in rows[url(MISSING)]["error"]
    assert "重定向循环" in rows[url(LOOP)]["error"]
    assert "超时" in rows[url(STALL)]["error"] and rows[url(STALL)]["transient"] is True
    assert "文件过大" in rows[url(BIG)]["error"]
    failed = [r for r in rows.values() if r["error"]]
    assert {r["url"] for r in failed} == {url(p) for p in (DISALLOWED, MISSING, LOOP, STALL, BIG)}
    assert all(r["path"] is None and r["found_on"] for r in failed)
    stderr = crawled["first"].stderr
    for r in failed:
        assert f"失败 {r['url']}：{r['error']}" in stderr
    # The retry: the stalled URL was asked twice (--retries 1), the 404 once (not retried).
    assert crawled["first_requests"].count(STALL) == 2
    assert crawled["first_requests"].count(MISSING) == 1


def test_nothing_too_large_is_saved(crawled):
    assert not any("t20170120_big" in str(p) for p in crawled["files"])


def test_saved_files_are_the_served_bytes(crawled):
    rows, out, url, site = crawled["rows"], crawled["out"], crawled["server"].url, crawled["site"]
    for path in REPORTS:
        row = rows[url(path)]
        body = site.routes[path][2]
        assert (out / row["path"]).read_bytes() == body
        assert row["sha256"] == hashlib.sha256(body).hexdigest() and row["size"] == len(body)
        assert row["status"] == 200 and row["fetched_at"]
    assert rows[url(DOCX)]["kind"] == "attachment" and rows[url(DOCX)]["found_on"] == url(ATTACHMENT_PAGE)
    assert rows[url(PINGTAN_2023)]["found_on"] == url(COLUMN)
    # List pages are kept apart, in a hidden folder that load does not read.
    assert rows[url(COLUMN)]["kind"] == "list" and rows[url(COLUMN)]["path"].startswith(".lists/")


def test_summary_line(crawled):
    # 13 URLs: 2 list pages, 4 report pages, 1 attachment, 5 failures, robots.txt not counted;
    # the 2023 report linked twice is one URL.
    assert "共 12 个网址：新下载 7 个（报告页 4，附件 1，列表页 2），5 个失败" in crawled["first"].stderr


def test_user_agent_names_the_tool(crawled):
    agents = {agent for _, _, agent in crawled["site"].log}
    assert len(agents) == 1 and next(iter(agents)).startswith("gov-disclosure/")


def test_rerun_fetches_nothing_new(crawled):
    # Only the time-out is tried again (with robots.txt, read once per run before asking a site).
    assert crawled["second_requests"] == ["/robots.txt", STALL, STALL]
    assert crawled["files_after"] == crawled["files"]
    changed = {u for u, r in crawled["rows_after"].items() if r != crawled["rows"][u]}
    assert changed == {crawled["server"].url(STALL)}
    # 7 saved and 4 refused for good (robots.txt, 404, redirect loop, too large); the time-out fails again
    assert "11 个此前已处理（已下载，或确定无法下载），跳过，1 个失败" in crawled["second"].stderr


def test_load_gives_every_report_its_url(crawled):
    assert crawled["loaded"].exit_code == 0
    db = sqlite3.connect(crawled["db"])
    db.row_factory = sqlite3.Row
    url = crawled["server"].url
    sources = {r["url"]: r for r in db.execute("SELECT * FROM sources")}
    assert set(sources) == {url(p) for p in REPORTS}
    assert all(r["fetched_at"] for r in sources.values())
    reports = {r["id"]: r for r in db.execute("SELECT * FROM reports")}
    assert all(r["url"] for r in reports.values())
    by_url = {r["url"]: r for r in reports.values()}
    assert set(by_url) == {url(p) for p in (PINGTAN_2023, SHANGHAI_2019, PINGTAN_2025, ATTACHMENT_PAGE)}
    # The GBK page without a charset reads right: title line 1 of tests/data/corpus/016.
    gbk = by_url[url(PINGTAN_2025)]
    assert (gbk["agency"], gbk["year"], gbk["published_on"]) == ("平潭综合实验区", 2025, "2026-03-10")
    # The 2023 page keeps the site's own tags (tests/data/corpus/030, lines 5-6).
    assert (by_url[url(PINGTAN_2023)]["site_name"], by_url[url(PINGTAN_2023)]["site_code"]) == (
        "平潭综合实验区党工委管委会", "3590000001")


def test_an_attachment_only_page_is_read_from_its_attachment(crawled):
    db = sqlite3.connect(crawled["db"])
    db.row_factory = sqlite3.Row
    url = crawled["server"].url
    page = db.execute("SELECT * FROM sources WHERE url = ?", [url(ATTACHMENT_PAGE)]).fetchone()
    docx = db.execute("SELECT * FROM sources WHERE url = ?", [url(DOCX)]).fetchone()
    assert page["report_id"] == docx["report_id"]
    assert page["attachment"] == docx["path"]
    assert docx["attachment"] is None
    report = db.execute("SELECT * FROM reports WHERE id = ?", [page["report_id"]]).fetchone()
    assert report["parse_status"] == "ok" and report["reader"] == "docx"
    # The Word file (tests/data/seeds/002) states no date: the page's PubDate (fetch_site.py) is
    # taken, and the page's address, not the file's.
    assert (report["agency"], report["year"], report["published_on"]) == (ATTACHMENT_AGENCY, 2025, "2026-01-20")
    assert report["url"] == url(ATTACHMENT_PAGE)
    # The page's own file keeps its hash (so an unchanged page is skipped next time).
    assert page["sha256"] == crawled["rows"][url(ATTACHMENT_PAGE)]["sha256"]


def test_refresh_fetches_again_and_sees_nothing_changed(tmp_path):
    site = Site(b"", BIG_SIZE)
    with Server(site) as server:
        out = tmp_path / "out"
        fetch(server.url(PINGTAN_2023), "--out", str(out), *FAST)
        again = fetch(server.url(PINGTAN_2023), "--out", str(out), "--refresh", *FAST)
    assert site.requests.count(PINGTAN_2023) == 2
    assert "新下载 0 个" in again.stderr and "1 个重新下载后内容未变" in again.stderr


def test_a_server_error_is_retried_with_backoff_and_a_redirect_followed(tmp_path):
    site = Site(b"", BIG_SIZE)
    with Server(site) as server:
        out = tmp_path / "out"
        result = fetch(server.url(FLAKY), server.url(MOVED), "--out", str(out), *FAST)
    assert site.requests.count(FLAKY) == 2  # 503, then the page
    rows = manifest_rows(out)
    assert rows[server.url(FLAKY)]["status"] == 200 and not rows[server.url(FLAKY)]["error"]
    assert rows[server.url(MOVED)]["final_url"] == server.url(PINGTAN_2023)
    assert result.exit_code == 0


def test_requests_to_one_site_are_spaced_by_the_delay(tmp_path):
    site = Site(b"", BIG_SIZE)
    with Server(site) as server:
        fetch(server.url(PINGTAN_2023), server.url(SHANGHAI_2019), server.url(MISSING), "--out",
              str(tmp_path / "out"), "--delay", "0.3")
    times = [t for _, t, _ in site.log]
    assert len(times) == 4  # robots.txt and the three pages
    assert all(b - a >= 0.29 for a, b in zip(times, times[1:]))


def test_a_url_that_is_not_http_is_one_line_error(tmp_path):
    result = CliRunner().invoke(cli, ["fetch", "file:///etc/passwd", "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == ["错误 / error: file:///etc/passwd: 不是 http(s) 网址 / not an http(s) URL"]


def test_nothing_fetched_exits_non_zero(tmp_path):
    site = Site(b"", BIG_SIZE)
    with Server(site) as server:
        result = fetch(server.url(MISSING), "--out", str(tmp_path / "out"), *FAST)
    assert result.exit_code == 1
    assert "没有下载到任何文件" in result.stderr


# ---------------------------------------------------------------- pages loaded without a fetch

def test_site_tags_read_from_the_saved_pingtan_page(tmp_path):
    """tests/data/corpus/030, <head> lines 5-19, read by hand."""
    from conftest import DATA

    db = tmp_path / "x.db"
    CliRunner().invoke(cli, ["load", str(DATA / "corpus/030_pingtan-2023-fullpage.html"), "--db", str(db)],
                       catch_exceptions=False)
    row = sqlite3.connect(db).execute("SELECT url, site_name, site_code FROM reports").fetchone()
    assert row == ("https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202403/t20240308_87885.htm",
                   "平潭综合实验区党工委管委会", "3590000001")
    source = sqlite3.connect(db).execute("SELECT url, fetched_at FROM sources").fetchone()
    assert source == (None, None)  # not fetched: no manifest says from where or when


def test_a_page_url_that_is_not_http_is_dropped():
    from datasette_gov_disclosure.load import parse_bytes

    page = ('<html><head><meta name="Url" content="javascript:alert(1)"/><meta name="SiteIDCode" content="x1"/>'
            '</head><body><p>一、总体情况</p><p>本机关2023年度……</p></body></html>').encode("utf-8")
    report = parse_bytes(page, "p.html")
    assert report.url is None and report.site_code == "x1"


def test_an_attachment_only_page_alone_says_where_the_text_is(tmp_path):
    from datasette_gov_disclosure.load import parse_bytes

    report = parse_bytes(attachment_page(), "page.htm")
    assert report.parse_status == "failed"
    assert report.parse_error.startswith(f"正文在附件中：{ATTACHMENT_AGENCY}2025年度政府信息公开工作年度报告.docx")


def test_an_attachment_beside_the_page_is_read_as_its_report(tmp_path):
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "t20260120_1001.htm").write_bytes(attachment_page())
    db = tmp_path / "x.db"
    CliRunner().invoke(cli, ["load", str(folder), "--db", str(db)], catch_exceptions=False)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT r.parse_error FROM reports r").fetchone()[0].startswith("正文在附件中：")
    # The attachment arrives later (saved by hand beside the page): loading again reads it.
    seed_docx(folder / "P020260120391870.docx")
    CliRunner().invoke(cli, ["load", str(folder), "--db", str(db)], catch_exceptions=False)
    rows = conn.execute("SELECT s.path, s.attachment, r.agency, r.published_on, r.parse_status "
                        "FROM sources s JOIN reports r ON r.id = s.report_id ORDER BY s.path").fetchall()
    docx_path = str(folder / "P020260120391870.docx")
    assert rows == [(docx_path, None, ATTACHMENT_AGENCY, "2026-01-20", "ok"),
                    (str(folder / "t20260120_1001.htm"), docx_path, ATTACHMENT_AGENCY, "2026-01-20", "ok")]
    assert conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 1  # the page's failed row is gone


def test_findings_carry_the_original_link(crawled, tmp_path):
    db = tmp_path / "audited.db"
    with sqlite3.connect(crawled["db"]) as source, sqlite3.connect(db) as copy:
        source.backup(copy)  # the loaded database is in WAL mode: a file copy may miss the last pages
    result = CliRunner().invoke(cli, ["audit", "--db", str(db)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT f.url, r.url FROM findings f JOIN reports r ON r.id = f.report_id").fetchall()
    assert rows and all(mine == theirs and mine.startswith(crawled["server"].base) for mine, theirs in rows)


def test_a_robots_txt_the_server_cannot_give_stops_the_fetch_for_now(tmp_path):
    """RFC 9309: a robots.txt answered with a server error means "disallow everything" for now."""
    site = Site(b"", BIG_SIZE)
    site.routes["/robots.txt"] = (500, {"Content-Type": "text/plain"}, b"")
    with Server(site) as server:
        result = fetch(server.url(PINGTAN_2023), "--out", str(tmp_path / "out"), *FAST)
        rows = manifest_rows(tmp_path / "out")
    assert site.requests == ["/robots.txt", "/robots.txt"]  # asked, retried once, page never asked
    row = rows[server.url(PINGTAN_2023)]
    assert "无法读取网站的 robots.txt" in row["error"] and row["transient"] is True
    assert result.exit_code == 1


def test_crawl_delay_in_robots_txt_is_obeyed(tmp_path):
    site = Site(b"", BIG_SIZE)
    site.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nCrawl-delay: 1\n")
    with Server(site) as server:
        fetch(server.url(PINGTAN_2023), server.url(SHANGHAI_2019), "--out", str(tmp_path / "out"), *FAST)
    times = [t for _, t, _ in site.log]
    assert len(times) == 3 and times[2] - times[1] >= 0.99  # --delay 0, but the site asks for 1 s


@pytest.mark.parametrize("name, url", [
    # the saved copies' header line 6, read by hand
    ("013_pingtan-2019-concat.txt", "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202001/t20200120_80576.htm"),
    ("020_pingtan-2017-pre2019.txt", "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/201801/t20180123_80506.htm"),
])
def test_a_saved_copy_names_its_original(name, url):
    from conftest import DATA
    from datasette_gov_disclosure.load import parse_file

    assert parse_file(str(DATA / "corpus" / name)).url == url


def test_only_an_http_address_in_the_header_is_taken():
    from datasette_gov_disclosure.load import parse_bytes

    text = "原文链接: javascript:alert(1)\n一、总体情况\n本机关2023年度……\n" + "正文\n" * 20 + "原文链接: https://x.example/\n"
    assert parse_bytes(text.encode("utf-8"), "a.txt").url is None


def test_reading_a_pages_attachment_is_under_the_loaders_time_limit(tmp_path):
    """The attachment is read by the worker that reads the page: an attachment the reader
    hangs on (the loader's test hook) costs the page a 解析超时 row, never the load."""
    from limits import outcomes, run_limited

    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "t20260120_1001.htm").write_bytes(attachment_page())
    seed_docx(folder / "P020260120391870.docx")
    run = run_limited("load", folder, "--db", tmp_path / "a.db", "--timeout", "2", seconds=60,
                      env={"GOV_DISCLOSURE_TEST_FAULTS": "P020260120391870.docx=hang"})
    assert run.returncode == 1  # nothing could be parsed
    rows = outcomes(tmp_path / "a.db")
    assert set(rows) == {"t20260120_1001.htm", "P020260120391870.docx"}
    assert all(status == "failed" and "解析超时（超过 2 秒）" in error for status, error in rows.values())
