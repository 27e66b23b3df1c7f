"""A real browser (Debian's headless chromium, driven by Playwright) on `gov-disclosure serve`:
from the overview, two clicks reach the marked cell of seed 003's incomplete row; the rectification
notice prints on one A4 page; the overview and the pages sent to an agency read on a phone without
sideways scrolling (a wide table scrolls in its own box)."""
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

import web_fixture as fx
from web_fixture import serving

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The plugin-test database (it holds the attack report)."""
    with serving(fx.build(tmp_path_factory.mktemp("browser"))) as found:
        yield found


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """The committed demo.db — the bundled examples really loaded and audited — under the name
    "audit", as the README's main command serves them."""
    path = tmp_path_factory.mktemp("demo") / "audit.db"
    shutil.copy(Path(__file__).resolve().parent.parent / "demo.db", path)
    with serving(path) as found:
        yield found


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian chromium is needed: apt-get install -y chromium"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


def test_overview_to_the_marked_cell_of_seed_003(demo_server, browser, tmp_path):
    server = demo_server
    seed3 = fx.report_id(sqlite3.connect(server["path"]), fx.SEED_003)
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    page.goto(server["base"] + "/audit/-/audit")
    assert page.locator("h1").inner_text().startswith("政府信息公开工作年度报告")
    page.click(f'a.gd-report-link[data-report-id="{seed3}"]')  # click 1
    page.wait_for_url(f"**/audit/-/audit/report/{seed3}")
    # STRUCT-006 marks the short row (seed 003's 四、结转下年度继续办理 has six numbers for seven
    # columns, which one is missing is not known); its 总计 cell shows 缺
    row = page.locator("#t3-carry_out")
    assert row.is_visible() and "gd-mark-error" in row.get_attribute("class")
    assert page.locator("#t3-carry_out-total").inner_text().startswith("缺")
    page.click('#violations a.gd-cell-link[href$="#t3-carry_out"]')  # click 2
    assert page.evaluate("location.hash") == "#t3-carry_out"
    assert page.evaluate("document.querySelector(':target').id") == "t3-carry_out"
    assert row.is_visible()
    shot = tmp_path / "seed003.png"
    page.screenshot(path=str(shot))
    assert shot.read_bytes()[:4] == b"\x89PNG"


def test_attack_text_is_shown_not_run(server, browser):
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server["base"] + f"/audit/-/audit/report/{fx.XSS_REPORT}")
    assert fx.EVIL in page.locator("h1").inner_text()
    assert page.locator("img[src=x]").count() == 0
    page.goto(server["base"] + "/audit/-/audit")
    assert dialogs == []


def test_notice_of_seed_003_prints_on_one_a4_page(demo_server, tmp_path):
    import pypdfium2

    seed3 = fx.report_id(sqlite3.connect(demo_server["path"]), fx.SEED_003)
    pdf = tmp_path / "notice.pdf"
    subprocess.run([CHROMIUM, *FLAGS, f"--print-to-pdf={pdf}", demo_server["base"] + f"/audit/-/audit/notice/{seed3}"],
                   check=True, capture_output=True, timeout=120)
    document = pypdfium2.PdfDocument(str(pdf))
    assert len(document) == 1
    width, height = document[0].get_size()  # points: A4 is 210 × 297 mm
    assert round(width / 72 * 25.4) == 210 and round(height / 72 * 25.4) == 297


def narrow_pages(path):
    """The overview, seed 003's notice and finding, and the finding with the longest message (上海 2019's)."""
    conn = sqlite3.connect(path)
    seed3 = fx.report_id(conn, fx.SEED_003)
    finding3 = conn.execute("SELECT violation_id FROM violations WHERE report_id = ? AND severity = 'error'",
                            [seed3]).fetchone()[0]
    longest = conn.execute("SELECT violation_id FROM violations ORDER BY length(message) DESC LIMIT 1").fetchone()[0]
    conn.close()
    return ["/audit/-/audit", f"/audit/-/audit/notice/{seed3}", f"/audit/-/audit/violation/{finding3}",
            f"/audit/-/audit/violation/{longest}"]


def test_overview_notice_and_findings_have_no_horizontal_overflow_at_390_px(demo_server, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    for path in narrow_pages(demo_server["path"]):
        page.goto(demo_server["base"] + path)
        scroll, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert client == 390 and scroll <= client, (path, scroll, client)


def test_findings_tables_keep_their_link_column_on_a_desktop_screen(demo_server, browser):
    """A finding's quoted text (该部分开头 …) wraps inside its cell: an agency's or a rule's list of
    findings fits a 1280 px screen with its permanent-link column in view, instead of squeezing the
    rule and the message to a character per line."""
    conn = sqlite3.connect(demo_server["path"])
    paths = [f"/audit/-/audit/agency/{a}" for (a,) in conn.execute(
        "SELECT DISTINCT r.agency_id FROM violations v JOIN reports r ON r.id = v.report_id")]
    paths += [f"/audit/-/audit/rule/{r}" for (r,) in conn.execute("SELECT DISTINCT rule_id FROM violations")]
    conn.close()
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    wide = {}
    for path in paths:
        page.goto(demo_server["base"] + path)
        tables = page.eval_on_selector_all(
            "table.gd-list", "ts => ts.map(t => [t.scrollWidth, t.parentElement.clientWidth])")
        assert tables, path
        if any(width > room for width, room in tables):
            wide[path] = tables
    assert wide == {}


def test_the_overview_search_box_shows_its_hint_and_lands_on_the_sections_found(demo_server, browser):
    """The hint (输入三个字以上，如：信息处理费) is read whole, and searching its example opens
    Datasette's sections table with exactly the sections that hold the phrase."""
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(demo_server["base"] + "/audit/-/audit")
    box = page.locator("form.gd-search input[name=_search]")
    width, needed = box.evaluate("i => { const c = document.createElement('canvas').getContext('2d'); "
                                 "const s = getComputedStyle(i); c.font = s.font; "
                                 "return [i.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight), "
                                 "c.measureText(i.placeholder).width]; }")
    assert needed > 0 and width >= needed, (width, needed)
    box.fill("信息处理费")
    page.click("form.gd-search button")
    page.wait_for_url("**/audit/sections?_search=*")
    conn = sqlite3.connect(demo_server["path"])
    holding = conn.execute("SELECT count(*) FROM sections WHERE title LIKE '%信息处理费%' OR text LIKE '%信息处理费%'"
                           ).fetchone()[0]
    conn.close()
    assert holding and page.locator("table.rows-and-columns tbody tr").count() == holding


def test_charts_are_drawn_from_the_figures_with_no_network(demo_server, browser):
    """The overview's and an agency's charts are inline SVG (nothing fetched from elsewhere):
    each drawn bar is on screen and its tooltip carries the exact figure of the tables below."""
    server = demo_server
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(server["base"] + "/audit/-/audit")
    charts = page.locator("svg.gd-chart")
    assert charts.count() == 3
    for i in range(3):
        box = charts.nth(i).bounding_box()
        assert box and box["width"] > 200 and box["height"] > 60
    conn = sqlite3.connect(server["path"])
    years = conn.execute("SELECT year, error, warning, info FROM summary_years WHERE year IS NOT NULL").fetchall()
    titles = page.eval_on_selector_all("svg.gd-chart rect title", "els => els.map(e => e.textContent)")
    expected = [f"{year}：{name} {n} 条" for year, *counts in years
                for name, n in zip(("错误", "警告", "建议"), counts) if n]
    assert expected and [t for t in expected if t not in titles] == []
    assert all(url.startswith(server["base"]) for url in requested)  # a published copy works offline
    agency = conn.execute("SELECT agency_id FROM reports WHERE agency LIKE '平潭%' LIMIT 1").fetchone()[0]
    page.goto(server["base"] + f"/audit/-/audit/agency/{agency}")
    assert page.locator("svg.gd-chart").count() == 2
    received = conn.execute("SELECT c.value FROM cells c JOIN reports r ON r.id = c.report_id WHERE r.agency_id = ? "
                            "AND r.year = 2025 AND c.tbl = 't3' AND c.row_key = 'new' AND c.col_key = 'total'",
                            [agency]).fetchone()[0]
    assert f"2025：本年新收申请 {int(received)} 件" in page.eval_on_selector_all(
        "svg.gd-chart rect title", "els => els.map(e => e.textContent)")


def test_in_datasettes_violations_table_a_finding_id_opens_its_finding_page(demo_server, browser):
    """Datasette links a primary key to its plain row page; in the violations and report_findings
    tables the plugin's script points that link at the audit page, and clicking it lands there."""
    conn = sqlite3.connect(demo_server["path"])
    first = conn.execute("SELECT violation_id FROM violations ORDER BY violation_id LIMIT 1").fetchone()[0]
    report = conn.execute("SELECT report_id FROM report_findings ORDER BY report_id LIMIT 1").fetchone()[0]
    conn.close()
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(demo_server["base"] + "/audit/violations?_sort=violation_id")
    link = page.locator("td.col-violation_id a").first
    assert link.inner_text() == first
    link.click()
    page.wait_for_url(f"**/audit/-/audit/violation/{first}")
    assert "审核发现" in page.locator("h1").inner_text()
    page.goto(demo_server["base"] + "/audit/report_findings?_sort=report_id")
    assert page.locator("td.col-report_id a").first.get_attribute("href").endswith(f"/audit/-/audit/report/{report}")
