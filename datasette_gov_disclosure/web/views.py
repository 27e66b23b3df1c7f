"""Request handlers of the audit pages: every request comes in through ``dispatch``, which checks the
method, the database, Datasette's permissions for every table the page reads and that the database
is one this tool wrote; then the page runs its reads in one thread hop and answers HTML or the
``.json`` twin (same data, same path + ``.json``)."""
import json
from collections import namedtuple
from urllib.parse import urlencode

from datasette.utils import tilde_decode
from datasette.utils.asgi import Response

from ..formats import FORMATS
from . import charts, findings, layout, queries, wording
from . import notice as notices
from .access import can_view
from .links import Links
from .schema import recognise

NO_AUDIT = "这个数据库还没有审核结果：请先运行 gov-disclosure audit --db 数据库文件。"
NOT_OURS = "这个数据库不是用 gov-disclosure 载入的年度报告数据库（缺少所需的表或列），没有审核页面。"
FORBIDDEN = "您没有权限查看这个页面：它用到的数据表中有您无权查看的。"
METHODS = ("GET", "HEAD")
MAX_PAGE = 1_000_000


class BadParameter(Exception):
    """A query-string value the page cannot use: answered with 400 and this (Chinese) message."""


class Page:
    """What every handler needs: the database, its links, and whether JSON was asked for."""

    def __init__(self, datasette, request, name, db):
        self.datasette, self.request, self.name, self.db = datasette, request, name, db
        self.links = Links(datasette, name)
        self.json = bool(request.url_vars.get("json"))
        self.key = request.url_vars.get("key")

    def number(self, name):
        """A page number: missing or unreadable is 1; beyond any real page is a 400, not an SQL overflow."""
        text = self.request.args.get(name, "1")
        try:
            value = int(text)
        except ValueError:
            return 1
        if value > MAX_PAGE:
            raise BadParameter(f"页码 {text[:30]} 超出范围（最大 {MAX_PAGE}）。")
        return max(1, value)

    async def may_read(self, table):
        """For a part of a page that reads one more table: shown only to an actor who may view it."""
        return await can_view(self.datasette, self.request.actor, self.name, (table,))

    async def read(self, fn, *args):
        return await self.db.execute_fn(lambda conn: fn(conn, *args))

    async def respond(self, template, data, title, status=200, headers=None):
        data = dict(data, title=title, database=self.name,
                    urls={"overview": self.links.overview(), "json": self.json_url(),
                          "database": self.links.database_page()})
        if self.json:
            return Response(json.dumps(data, ensure_ascii=False, default=str), status=status, headers=headers,
                            content_type="application/json; charset=utf-8")
        html = await self.datasette.render_template(
            template, {"data": data, "links": self.links, "labels": LABELS, "page_title": title,
                       "database": self.name, "page_query": self.page_query}, request=self.request)
        return Response.html(html, status=status, headers=headers)

    def page_query(self, name, number):
        """This page's query string with one pager moved (the other pagers stay where they are)."""
        args = {key: self.request.args.get(key) for key in self.request.args.keys()}
        args[name] = number
        return "?" + urlencode(args)

    def json_url(self):
        """This page's ``.json`` twin (on the twin itself: the twin)."""
        # route_path is the path without base_url (Datasette accepts requests with or without it)
        path = self.request.scope.get("route_path") or self.request.path
        query = self.request.query_string
        return self.datasette.urls.path(path + ("" if self.json else ".json")) + ("?" + query if query else "")

    async def error(self, status, message, headers=None):
        return await self.respond("gov_disclosure_404.html", {"error": message, "heading": HEADINGS[status]},
                                  HEADINGS[status], status=status, headers=headers)

    async def not_found(self, message):
        return await self.error(404, message)


HEADINGS = {400: "请求有误", 403: "无权查看", 404: "找不到", 405: "不支持的请求方式"}
Route = namedtuple("Route", "handler reads")
PAGES = {}


def page(name, reads):
    """Register an audit page and the tables it reads; ``dispatch`` checks them before it runs."""
    def register(handler):
        PAGES[name] = Route(handler, tuple(reads))
        return handler

    return register


async def dispatch(name, datasette, request):
    """The one way into every audit page: the method, the database, the actor's permissions for
    every table the page reads, the database's schema; then the page itself."""
    route = PAGES[name]
    database = tilde_decode(request.url_vars["database"])
    if request.method not in METHODS:
        return await Page(datasette, request, database, None).error(
            405, f"这个页面只接受 {'、'.join(METHODS)} 请求。", headers={"Allow": ", ".join(METHODS)})
    try:
        db = datasette.get_database(route=database)
    except KeyError:
        return await Page(datasette, request, database, None).not_found(f"找不到数据库 {database}")
    page = Page(datasette, request, db.name, db)
    if not await can_view(datasette, request.actor, db.name, route.reads):
        return await page.error(403, FORBIDDEN)
    if not (await page.read(recognise))["ours"]:
        return await page.not_found(NOT_OURS)
    try:
        response = await route.handler(page)
    except BadParameter as e:
        response = await page.error(400, str(e))
    if request.method == "HEAD":
        response.body = b""
    return response


async def offers_audit(datasette, actor, database):
    """Whether a link to the database's audit overview belongs in menus: one of ours that the actor may open."""
    try:
        db = datasette.get_database(database)
    except KeyError:
        return False
    return (database != "_internal" and await can_view(datasette, actor, database, PAGES["overview"].reads)
            and (await db.execute_fn(recognise))["ours"])


LABELS = {
    "severity": {"error": "错误", "warning": "警告", "info": "建议"},
    "status": {"ok": "已解析", "partial": "部分解析", "failed": "解析失败",
               "pass": "通过", "fail": "不通过", "skipped": "无法判断"},
    "body_type": {"department": "部门", "government": "人民政府", "township": "乡镇、街道"},
    "state": {"number": "数字", "blank": "空白", "missing": "缺项", "text": "文字", "ambiguous": "无法确定"},
    "format": {"2019": "2019 年格式（试行）", "2021": "2021 年格式", "legacy": "2019 年以前"},
}


async def absent(page, what, needs_audit=False):
    """The 404 for an unknown id; for findings and rules, say so when no audit has been run."""
    if needs_audit and not await page.read(_audited):
        return await page.not_found(NO_AUDIT)
    return await page.not_found(f"找不到{what} {page.key}")


# ---------------------------------------------------------------------------- pages
@page("overview", reads=("reports", "report_findings", "violations", "rules") + queries.SUMMARY_TABLES)
async def overview(page):
    data = await page.read(queries.overview, page.number("page"), page.number("agency_page"),
                           await page.may_read("rule_results"))
    links = page.links
    for r in data["reports"]["items"]:
        links.report_urls(r)
    for a in data["agencies"]["items"]:
        a["url"] = links.page("agency", a["agency_id"]) if a["agency_id"] else None
    for r in data.get("by_rule", []):
        r["url"] = links.page("rule", r["rule_id"])
        r["table_url"] = links.table("violations", rule_id=r["rule_id"])
    for s in data.get("by_severity", []):
        s["table_url"] = links.table("violations", severity=s["severity"])
    for y in data["by_year"]:
        y["table_url"] = links.table("reports", year=y["year"])
    for g in data["by_region"]:
        if "province" in g:  # summarised: provinces, each with its cities
            g["table_url"] = links.table("findings", province=g["province"]) if g["province"] else None
            for c in g["cities"]:
                c["table_url"] = links.table("findings", province=c["province"], city=c["city"]) if c["city"] else None
        else:
            g["table_url"] = links.table("reports", region=g["region"])
    data["table_urls"] = {t: links.table(t) for t in
                          ("reports", "violations", "rules", "rule_results", "cells", "claims", "sections")}
    data["table_urls"]["regions_facet"] = links.table("reports", _facet="region")
    data["table_urls"]["findings"] = links.table("findings")
    data["exports"] = {"csv": links.overview() + "/findings.csv", "xlsx": links.overview() + "/findings.xlsx",
                       "atom": links.overview() + "/feed.atom", "search": links.table("sections")}
    if not data["audited"]:
        data["message"] = NO_AUDIT
    elif not page.json:
        data["charts"] = charts.overview_charts(data)
    return await page.respond("gov_disclosure_overview.html", data, "审核概览")


@page("report", reads=("reports", "sources", "sections", "cells", "claims", "violations", "rules"))
async def report(page):
    data = await page.read(queries.report, page.key, await page.may_read("rule_results"))
    if data is None:
        return await absent(page, "报告")
    links = page.links
    rep = links.report_urls(data["report"])
    rep["body_type_label"] = layout.body_type_label(rep["agency"], rep["body_type"])
    fmt = rep["format"]
    for v in data["violations"]:
        _finding(links, fmt, v)
    data["groups"] = findings.by_rule(data["violations"], data.pop("rules"))
    data["counts"] = findings.counts(data["violations"])
    for o in data["other_years"] + data["version"]["versions"]:
        o["url"] = links.page("report", o["id"])
    if data["version"]["version_of"]:
        data["version"]["canonical_url"] = links.page("report", data["version"]["version_of"])
    cells = layout.cells_by_key(data["cells"])
    data["claims"] = layout.claims_once(data["claims"])
    for c in data["claims"]:
        c.update(layout.claim_check(c, cells), label=layout.claim_label(c["key"], fmt))
    data["tables"] = layout.report_tables(fmt, data["cells"], data["violations"], data["claims"],
                                          lines=layout.cell_lines(rep.get("reader"), data["cells"]) == "each")
    drawn = layout.anchors(data["tables"])  # links only to what the page shows
    for c in data["claims"]:
        if c.get("tbl") and layout.anchor(c["tbl"], c["row_key"], c["col_key"]) in drawn:
            c["cell_url"] = links.cell(rep["id"], c["tbl"], c["row_key"], c["col_key"])
    data["parse_notes"] = findings.parse_notes(rep, data["cells"])
    for n in data["parse_notes"]:
        if n.get("tbl") and layout.anchor(n["tbl"], n.get("row_key"), n.get("col_key")) in drawn:
            n["url"] = links.cell(rep["id"], n["tbl"], n["row_key"], n["col_key"])
    for s in data["skipped"]:
        s["url"] = links.page("rule", s["rule_id"])
    data["skipped_groups"] = findings.skipped_by_reason(rep, data["skipped"])
    data["row_url"] = links.row("reports", rep["id"])
    data["cells_url"] = links.table("cells", report_id=rep["id"])
    data["notice_url"] = links.page("notice", rep["id"])
    if not data["audited"]:
        data["message"] = NO_AUDIT
    title = f"{rep['agency'] or '（未识别机构）'} {rep['year'] or ''} 年度报告"
    return await page.respond("gov_disclosure_report.html", data, title)


def _finding(links, fmt, v):
    """A finding's links, its place in the form's words and its labelled values."""
    links.violation_urls(v)
    if v["tbl"] and fmt not in FORMATS:
        # the tables of a report in no known format hold only the cells it has: point to the finding
        v["cell_url"] = f"{links.page('report', v['report_id'])}#v-{v['violation_id']}"
    v["where"] = layout.locator_text(fmt, v["tbl"], v["row_key"], v["col_key"], v.get("rule_part"))
    v["values"] = wording.describe(v, v.get("rule_kind"))
    return v


@page("rule", reads=("rules", "rule_results", "violations", "reports", "summary_rules"))
async def rule(page):
    data = await page.read(queries.rule, page.key, page.number("page"))
    if data is None:
        return await absent(page, "规则", needs_audit=True)
    for v in data["violations"]["items"]:
        _finding(page.links, v["format"], v)
    data["table_url"] = page.links.table("violations", rule_id=page.key)
    data["results_url"] = page.links.table("rule_results", rule_id=page.key)
    data["rule"]["formats"] = findings.json_list(data["rule"]["formats"])
    data["rule"]["basis_parts"] = wording.basis_parts(data["rule"].get("basis"))
    data["lighter"] = [s["severity"] for s in data["by_severity"]
                       if s["violations"] and s["severity"] != data["rule"]["severity"]]
    return await page.respond("gov_disclosure_rule.html", data, f"{data['rule']['id']} {data['rule']['title']}")


@page("agency", reads=("reports", "cells", "violations", "rules"))
async def agency(page):
    data = await page.read(queries.agency, page.key)
    if data is None:
        return await absent(page, "机构")
    for r in data["reports"]:
        page.links.report_urls(r)
    for r in data["versions"]:
        r["url"] = page.links.page("report", r["id"])
    formats = {r["id"]: r["format"] for r in data["reports"]}
    for v in data["violations"]:
        _finding(page.links, formats.get(v["report_id"]), v)
    cells = data.pop("cells")
    if not page.json:
        data["charts"] = charts.agency_charts(data["reports"], data["violations"], cells)
    data["compare"] = layout.agency_compare(data["reports"], cells, data["violations"])
    data["feed_url"] = page.links.overview() + "/feed.atom?" + urlencode({"agency_id": page.key})
    data["table_url"] = page.links.table("reports", agency_id=page.key)
    return await page.respond("gov_disclosure_agency.html", data, data["agency"] or page.key)


@page("violation", reads=("violations", "rules", "rule_bases", "reports", "cells", "sources"))
async def violation(page):
    data = await page.read(queries.violation, page.key)
    if data is None:
        return await absent(page, "审核发现", needs_audit=True)
    rep = page.links.report_urls(data["report"]) if data["report"] else {}
    v = _finding(page.links, rep.get("format"), data["violation"])
    data["cells"] = layout.ordered_cells(rep.get("format"), data["cells"], v)
    for c in data["cells"]:
        c["url"] = page.links.cell(v["report_id"], c["tbl"], c["row_key"], c["col_key"])
    data["lines"] = layout.cell_lines(rep.get("reader"), data["cells"])
    link = page.links.permanent(page.request, page.links.page("violation", page.key))
    data["permalink"], data["permalink_local"] = link["url"], link["local"]
    data["notice_url"] = page.links.page("notice", v["report_id"])
    title = f"审核发现：{rep.get('agency') or ''} {rep.get('year') or ''} 年度报告 · {v['rule_id']}"
    return await page.respond("gov_disclosure_violation.html", data, title)


@page("finding", reads=("violations", "rules", "rule_bases", "reports", "cells", "sources"))
async def finding(page):
    """/finding/<id>: the name the ``findings`` table suggests; the finding's page is /violation/<id>."""
    target = page.links.page("violation", page.key, json=page.json)
    query = page.request.query_string
    return Response.redirect(target + ("?" + query if query else ""), status=301)


@page("notice", reads=("reports", "sources", "violations", "rules", "rule_bases"))
async def notice(page):
    data = await page.read(queries.notice, page.key, await page.may_read("rule_results"))
    if data is None:
        return await absent(page, "报告")
    rep = page.links.report_urls(data["report"])
    rep["version_of"] = data["version"]["version_of"]
    for v in data["violations"] + data["suggestions"]:
        _finding(page.links, rep["format"], v)
        v["permalink"] = page.links.permanent(page.request, page.links.page("violation", v["violation_id"]))["url"]
    rules = data.pop("rules")
    data["groups"] = findings.by_rule(data["violations"], rules)
    data["suggestion_groups"] = findings.by_rule(data["suggestions"], rules)
    data["counts"] = findings.counts(data["violations"])
    data["kind"] = notices.kind(rep, data["counts"], data["results"])
    data["heading"] = notices.heading(rep, data["kind"])
    data["document"] = notices.document_name(rep)
    data["undecided"] = notices.mostly_undecided(data["results"])
    data["undecided_reason"] = notices.undecided_reason(rep)
    data["issuer"] = notices.issuer(page.datasette)
    data["date"] = findings.date_line()
    link = page.links.permanent(page.request, page.links.page("notice", page.key))
    data["permalink"], data["permalink_local"] = link["url"], link["local"]
    data["link_note"] = notices.link_note(page.datasette, link)
    if data["version"]["version_of"]:
        data["version"]["canonical_url"] = page.links.page("notice", data["version"]["version_of"])
    if not data["audited"]:
        data["message"] = NO_AUDIT
    return await page.respond("gov_disclosure_notice.html", data, data["heading"]["text"])


def _audited(conn):
    return queries.state(conn)["audited"]


from . import exports  # noqa: E402,F401  registers the story list's exports and the feed
