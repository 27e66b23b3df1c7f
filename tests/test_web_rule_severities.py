"""A rule's findings are counted at their own severities (violations.severity), never at the rule's
usual one: the overview's by-rule table and chart and the rule page agree with the findings
themselves, read from the summary tables and aggregated live alike, second versions left out.

The fixture's T3-001 has two error findings; here one becomes a suggestion (info) and a third, a
warning, sits on a second version of the report, which no count may include."""
import re
import sqlite3

import lxml.html
import pytest

import web_fixture as fx
from datasette_gov_disclosure import store
from datasette_gov_disclosure.audit import summaries

NAMES = {"error": "错误", "warning": "警告", "info": "建议"}
SECOND = "rsecond00001"


def mixed(folder, with_summaries):
    path = fx.build(folder)
    conn = sqlite3.connect(path)
    with conn:
        mutated = fx.report_id(conn, "001_mutated")
        conn.execute("UPDATE violations SET severity = 'info' WHERE violation_id = 'v-t3001-np'")
        # a second version of the mutated report, with a finding of its own
        columns = [r[1] for r in conn.execute("PRAGMA table_info(reports)") if r[1] not in ("id", "version_of")]
        conn.execute(f"INSERT INTO reports (id, version_of, {', '.join(columns)}) "
                     f"SELECT ?, ?, {', '.join(columns)} FROM reports WHERE id = ?", [SECOND, mutated, mutated])
        conn.execute("INSERT INTO violations VALUES ('v-second', 'T3-001', 'warning', ?, 't3', 'new', 'np', 1, 2, "
                     "'第二个版本的发现')", [SECOND])
        conn.execute("DELETE FROM report_findings")
        conn.execute("INSERT INTO report_findings SELECT * FROM (" + store.FINDINGS_PER_REPORT + ")")
        conn.execute("DELETE FROM findings")
        store.fill_findings(conn)
        if with_summaries:
            summaries.write(conn)
    conn.close()
    return path


def expected(path):
    """{rule_id: {severity: count}} over canonical reports, straight from violations."""
    conn = sqlite3.connect(path)
    found = {}
    for rule_id, severity, n in conn.execute(
            "SELECT v.rule_id, v.severity, count(*) FROM violations v JOIN reports r ON r.id = v.report_id "
            "WHERE r.version_of IS NULL GROUP BY v.rule_id, v.severity"):
        found.setdefault(rule_id, {})[severity] = n
    conn.close()
    return found


@pytest.fixture(scope="module", params=["summarised", "live"])
def db(request, tmp_path_factory):
    return mixed(tmp_path_factory.mktemp(request.param), request.param == "summarised")


def test_the_fixture_mixes_severities_within_a_rule(db):
    assert expected(db)["T3-001"] == {"error": 1, "info": 1}


def test_overview_counts_each_finding_at_its_own_severity(db):
    want = expected(db)
    page = fx.fetch(["/audit/-/audit"], files=[db])[0]
    assert page.status_code == 200
    doc = lxml.html.fromstring(page.text)
    table = doc.xpath("//h2[text()='按规则']/following-sibling::div[@class='gd-scroll'][1]/table")[0]
    heads = [th.text_content().strip() for th in table.xpath(".//thead//th")]
    rows = {}
    for tr in table.xpath(".//tbody/tr"):
        cells = [td.text_content().strip() for td in tr.xpath("./td")]
        rows[cells[0]] = dict(zip(heads, cells))
    for rule_id in ("STRUCT-006", "T3-001", "TEXT-002", "XSS-001"):
        counts = want.get(rule_id, {})
        row = rows[rule_id]
        assert int(row["发现"]) == sum(counts.values()), rule_id
        assert [int(row[h]) for h in ("错误", "警告", "建议")] == \
            [counts.get(s, 0) for s in ("error", "warning", "info")], rule_id
    # every bar of the by-rule chart: "T3-001 <title>：建议 1 条"
    chart = doc.xpath("//figcaption[text()='审核发现最多的规则']/following-sibling::*[local-name()='svg']")[0]
    bars = {}
    for title in chart.xpath(".//*[local-name()='rect']/*[local-name()='title']"):
        m = re.match(r"(\S+) .*：(错误|警告|建议) (\d+) 条$", title.text)
        bars[(m.group(1), m.group(2))] = int(m.group(3))
    assert bars == {(rule_id, NAMES[s]): n for rule_id, counts in want.items() for s, n in counts.items()}
    # 按严重程度 agrees with the same rows
    severities = doc.xpath("//h2[text()='按严重程度']/following-sibling::div[@class='gd-scroll'][1]/table//tbody/tr")
    shown = {tr.xpath("./td")[0].text_content().strip(): int(tr.xpath("./td")[1].text_content()) for tr in severities}
    assert shown == {NAMES[s]: sum(c.get(s, 0) for c in want.values()) for s in NAMES
                     if sum(c.get(s, 0) for c in want.values())}


def test_rule_page_counts_each_finding_at_its_own_severity(db):
    page = fx.fetch(["/audit/-/audit/rule/T3-001"], files=[db])[0]
    doc = lxml.html.fromstring(page.text)
    counts = doc.xpath("//dd[contains(@class, 'gd-rule-counts')]")[0].text_content()
    assert re.sub(r"\s+", " ", counts).startswith("共 2 条：错误 1 条，建议 1 条")
    # the rule's usual severity stays, with a word that some of its findings are lighter
    assert "本规则的部分发现定为建议" in page.text
    assert "全部发现（2）" in page.text
    listed = doc.xpath("//h2[starts-with(text(), '全部发现')]/following-sibling::div[1]//tbody/tr")
    assert sorted(tr.get("class") for tr in listed) == ["gd-row-error", "gd-row-info"]
    assert "第二个版本的发现" not in page.text


def test_rule_page_without_lighter_findings_says_nothing_of_them(db):
    page = fx.fetch(["/audit/-/audit/rule/STRUCT-006"], files=[db])[0]
    assert "本规则的部分发现" not in page.text
    assert re.sub(r"\s+", " ", lxml.html.fromstring(page.text).xpath(
        "//dd[contains(@class, 'gd-rule-counts')]")[0].text_content()).startswith("共 1 条：错误 1 条")
