"""A real browser (Debian's headless chromium, driven by Playwright) on `gov-disclosure serve`:
from the overview, two clicks reach the marked cell of seed 003's incomplete row."""
import shutil
import sqlite3
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
    cell = page.locator("#t3-carry_out-total")
    assert cell.is_visible() and "gd-mark-error" in cell.get_attribute("class")
    assert cell.inner_text().startswith("缺")
    page.click('#violations a.gd-cell-link[href$="#t3-carry_out-total"]')  # click 2
    assert page.evaluate("location.hash") == "#t3-carry_out-total"
    assert page.evaluate("document.querySelector(':target').id") == "t3-carry_out-total"
    assert cell.is_visible()
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
