"""A small government website on 127.0.0.1 for the fetch tests, made from real saved reports.

Every page the crawler should find, and every way a real site fails (robots.txt, 404, a
redirect loop, a server that stalls, a page too large, a GBK page that does not say so), is
one route. The server records every request it answers, so a test can say which URLs were
asked for and how often.
"""
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from conftest import DATA

COLUMN = "/zwgk/zfxxgknb/"
PINGTAN_2023 = COLUMN + "202403/t20240308_87885.htm"      # tests/data/corpus/030 (the whole page)
SHANGHAI_2019 = COLUMN + "202001/t20200130_shanghai.html"  # tests/data/corpus/021 (HTML fragment)
PINGTAN_2025 = COLUMN + "202603/t20260313_105587.htm"     # tests/data/corpus/016 as a GBK page, no charset
ATTACHMENT_PAGE = COLUMN + "202601/t20260120_1001.htm"     # the 030 page with its text moved to a .docx
DOCX = COLUMN + "202601/P020260120391870.docx"             # tests/data/seeds/002 written as Word
DISALLOWED = "/private/t20220301_1.htm"
MISSING = COLUMN + "202101/t20210115_404.htm"
LOOP = "/loop/a.htm"
STALL = "/stall/t20180110_1.htm"
BIG = COLUMN + "201701/t20170120_big.htm"
FLAKY = "/flaky/t20190101_1.htm"  # 503 the first time, then the page
MOVED = "/moved/t20240308.htm"      # 301 to the 2023 report
GUIDE_PDF = "/zwgk/guide.pdf"  # a file in the site's footer, not a report: never fetched
ATTACHMENT_AGENCY = "长春市经济合作局"
ATTACHMENT_PUBDATE = "2026-01-20 09:30"


def _read(name):
    return (DATA / name).read_bytes()


def _link(href, text):
    return f'<li><a href="{href}" target="_blank" title="{text}">{text}</a><span>2026-01-20</span></li>'


def list_page_1():
    """The column's first page, in the shape of the sites' list pages (UTF-8, declared)."""
    links = "\n".join([
        _link("./202403/t20240308_87885.htm", "平潭综合实验区2023年度政府信息公开工作年度报告"),
        _link("./202001/t20200130_shanghai.html", "上海市人民政府办公厅2019年政府信息公开工作年度报告"),
        _link("./202601/t20260120_1001.htm", "长春市经济合作局2025年度政府信息公开工作年度报告"),
        _link(DISALLOWED, "平潭综合实验区2021年度政府信息公开工作年度报告"),
        _link("./202101/t20210115_404.htm", "平潭综合实验区2020年度政府信息公开工作年度报告"),
        _link(LOOP, "平潭综合实验区2018年度政府信息公开工作年度报告"),
    ])
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"/>
<meta name="SiteName" content="平潭综合实验区党工委管委会"/><meta name="SiteIDCode" content="3590000001"/>
<meta name="ColumnName" content="政府信息公开年报"/>
<title>政府信息公开年报_平潭综合实验区党工委管委会</title></head><body>
<nav><a href="/">首页</a> <a href="{COLUMN}">政府信息公开年报</a></nav>
<div class="latest">最新：<a href="./202403/t20240308_87885.htm">平潭综合实验区2023年度政府信息公开工作...</a></div>
<ul class="list">{links}</ul>
<div class="page"><script>createPageHTML(2, 0, "index", "html");</script>
<a href="index_1.html">下一页</a></div>
<footer><a href="{GUIDE_PDF}">政府信息公开指南.pdf</a></footer>
</body></html>""".encode("utf-8")


def list_page_2():
    """The second page: GBK, with neither a <meta> charset nor one in the HTTP header."""
    links = "\n".join([
        _link("./202603/t20260313_105587.htm", "平潭综合实验区2025年度政府信息公开工作年度报告"),
        _link(STALL, "平潭综合实验区2017年度政府信息公开工作年度报告"),
        _link("./201701/t20170120_big.htm", "平潭综合实验区2016年度政府信息公开工作年度报告"),
    ])
    return f"""<html><head><title>政府信息公开年报</title></head><body>
<ul class="list">{links}</ul><a href="index.html">上一页</a></body></html>""".encode("gbk")


def gbk_report_page():
    """corpus 016 (a saved page's text) as an HTML page in GBK, without any charset."""
    lines = _read("corpus/016_pingtan-2025-concat.txt").decode("utf-8").splitlines()
    body = "".join(f"<p>{line}</p>" for line in lines)
    return (f"<html><head><title>平潭综合实验区2025年度政府信息公开工作年度报告</title></head>"
            f"<body><div class=\"content\">{body}</div></body></html>").encode("gbk")


def attachment_page():
    """The real 030 page with its text replaced by a link to the report as a Word file, as
    sites publish it when the report is only an attachment."""
    lines = _read("corpus/030_pingtan-2023-fullpage.html").decode("utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if "<div class=TRS_Editor>" in line)
    lines[index] = '<div class=TRS_Editor><p style="text-indent: 2em;">详见附件。</p></div>'
    page = "\n".join(lines)
    page = page.replace("平潭综合实验区2023年度政府信息公开工作年度报告",
                        f"{ATTACHMENT_AGENCY}2025年度政府信息公开工作年度报告")
    page = page.replace("2024-03-08 15:34", ATTACHMENT_PUBDATE)
    page = re.sub(r'<meta name="Url" content="[^"]*"/>', "", page)
    page = page.replace('<ul id="file_ul_fj">', '<ul id="file_ul_fj"><li><a href="./P020260120391870.docx">'
                        f"{ATTACHMENT_AGENCY}2025年度政府信息公开工作年度报告.docx</a></li>")
    return page.encode("utf-8")


def seed_docx(path):
    """tests/data/seeds/002 (its text has neither a title nor a date) as a Word file, a
    paragraph per line."""
    import docx

    document = docx.Document()
    for line in _read("seeds/002_79fe859667c2588d.txt").decode("utf-8").splitlines():
        document.add_paragraph(line)
    document.save(path)
    return path.read_bytes()


class Site:
    """The site's routes: path -> (status, headers, body)."""

    def __init__(self, docx_bytes, big_size):
        html = {"Content-Type": "text/html; charset=utf-8"}
        self.routes = {
            "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"),
            COLUMN: (200, html, list_page_1()),
            COLUMN + "index.html": (200, html, list_page_1()),
            COLUMN + "index_1.html": (200, {"Content-Type": "text/html"}, list_page_2()),
            PINGTAN_2023: (200, html, _read("corpus/030_pingtan-2023-fullpage.html")),
            SHANGHAI_2019: (200, html, _read("corpus/021_shanghai-govoffice-2019-html.html")),
            PINGTAN_2025: (200, {"Content-Type": "text/html"}, gbk_report_page()),
            ATTACHMENT_PAGE: (200, html, attachment_page()),
            DOCX: (200, {"Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
                   docx_bytes),
            DISALLOWED: (200, html, _read("corpus/030_pingtan-2023-fullpage.html")),
            LOOP: (302, {"Location": "/loop/b.htm"}, b""),
            "/loop/b.htm": (302, {"Location": LOOP}, b""),
            MOVED: (301, {"Location": PINGTAN_2023}, b""),
            GUIDE_PDF: (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4 guide"),
        }
        self.big_size = big_size
        self.requests = []  # paths, in the order asked
        self.log = []       # (path, time.monotonic() when asked, User-Agent)
        self.lock = threading.Lock()
        self.release = threading.Event()

    def count(self, path):
        with self.lock:
            return self.requests.count(path)


def _handler(site):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"  # the big page is sent without a length, ended by closing

        def log_message(self, *args):
            pass

        def do_GET(self):
            path = self.path.split("?")[0]
            with site.lock:
                site.requests.append(path)
                site.log.append((path, time.monotonic(), self.headers.get("User-Agent")))
                flaky_first = path == FLAKY and site.requests.count(FLAKY) == 1
            if flaky_first:
                self.send_error(503)
                return
            if path == FLAKY:
                path = PINGTAN_2023
            if path == STALL:
                site.release.wait(10)  # longer than the test's time-out: the client gives up first
                return
            if path == BIG:
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                chunk = ("<p>" + "平潭" * 500 + "</p>").encode("utf-8")
                for _ in range(site.big_size // len(chunk) + 1):
                    self.wfile.write(chunk)
                return
            status, headers, body = site.routes.get(path, (404, {"Content-Type": "text/html"}, b"<h1>404</h1>"))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


class Server:
    def __init__(self, site):
        self.site = site
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path):
        return self.base + path

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.site.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
