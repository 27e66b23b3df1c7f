"""Datasette plugin: the audit pages, links from Datasette's own pages to them, and their CSS.

Datasette imports every plugin at start-up, so this module stays light: the pages (``web``)
are imported on the first request, and the parsers never.
"""
import json
import re

from datasette import hookimpl
from markupsafe import Markup

PLUGIN = "datasette-gov-disclosure"
_KEY = r"(?P<key>[A-Za-z0-9_.\-~%]+?)"
_JSON = r"(?P<json>\.json)?$"
LINK_COLUMNS = {"report_id": "report", "rule_id": "rule", "agency_id": "agency", "violation_id": "violation"}
# notice/<report_id>: the rectification notice; finding/<id>: a redirect to violation/<id>
PAGES = list(LINK_COLUMNS.values()) + ["notice", "finding"]
OUR_TABLES = {"reports", "sources", "sections", "cells", "claims", "rules", "rule_bases", "violations",
              "rule_results", "report_findings", "findings", "template_cells"}
_SAFE_KEY = re.compile(r"^[A-Za-z0-9_.\-]+$")


def _view(name):
    async def view(datasette, request):
        from .web.views import dispatch  # every audit page goes through its checks

        return await dispatch(name, datasette, request)

    return view


@hookimpl
def register_routes(datasette):
    base = r"^/(?P<database>[^/]+)/-/audit"
    return [(base + _JSON, _view("overview")),
            (base + r"/findings\.(?P<format>csv|xlsx)$", _view("findings_export")),
            (base + r"/feed\.atom$", _view("feed"))] + [
        (f"{base}/{kind}/{_KEY}{_JSON}", _view(kind)) for kind in PAGES
    ]


def audit_url(datasette, database, kind=None, key=None):
    url = datasette.urls.database(database) + "/-/audit"
    return f"{url}/{kind}/{key}" if kind else url


@hookimpl
def render_cell(value, column, database, datasette):
    """report_id, rule_id, agency_id and violation_id values link to their audit page."""
    kind = LINK_COLUMNS.get(column)
    if kind is None:
        return None
    label = None
    if isinstance(value, dict):  # a foreign key Datasette has already expanded to {value, label}
        value, label = value.get("value"), value.get("label")
    if not isinstance(value, str) or not _SAFE_KEY.match(value):
        return None
    link = Markup('<a href="{}">{}</a>').format(audit_url(datasette, database, kind, value), value)
    if label and label != value:
        link += Markup("&nbsp;<em>{}</em>").format(label)
    return link


async def _offers_audit(datasette, actor, database):
    from .web.views import offers_audit

    return await offers_audit(datasette, actor, database)


@hookimpl
def menu_links(datasette, actor):
    async def inner():
        return [{"href": audit_url(datasette, name), "label": f"审核结果：{name}"}
                for name in list(datasette.databases) if await _offers_audit(datasette, actor, name)]

    return inner


@hookimpl
def database_actions(datasette, actor, database):
    async def inner():
        if await _offers_audit(datasette, actor, database):
            return [{"href": audit_url(datasette, database), "label": "审核概览（政府信息公开年报）",
                     "description": "按规则、年份、地区和机构查看审核发现"}]
        return []

    return inner


@hookimpl
def table_actions(datasette, actor, database, table):
    async def inner():
        if table in OUR_TABLES and await _offers_audit(datasette, actor, database):
            return [{"href": audit_url(datasette, database), "label": "审核概览（政府信息公开年报）",
                     "description": "按规则、年份、地区和机构查看审核发现"}]
        return []

    return inner


@hookimpl
def get_metadata(datasette, key, database, table):
    """0.65: the tables of an audit still being built are hidden from the table lists (1.0 hides
    them by itself: their names start with "_"). Datasette 1.0 has no such hook and never calls it."""
    from .store import AUDIT_TABLE_NAMES, NEXT_PREFIX

    hidden = {NEXT_PREFIX + name: {"hidden": True} for name in AUDIT_TABLE_NAMES}
    return {"databases": {name: {"tables": hidden} for name in list(datasette.databases)}}


def _top_slots():
    """Datasette 1.0 has slots at the top of the home and database pages (0.65 has not: there the
    served database's description links to the overview, see serve.py and metadata.yml)."""
    from datasette import hookspecs

    return hasattr(hookspecs, "top_homepage") and hasattr(hookspecs, "top_database")


def _overview_box(links):
    items = Markup("").join(Markup('<li><a href="{}">{}</a></li>').format(href, label) for href, label in links)
    return Markup('<div class="gd-top"><strong>政府信息公开工作年度报告审核</strong><ul>{}</ul></div>').format(items)


if _top_slots():
    @hookimpl
    def top_homepage(datasette, request):
        async def inner():
            names = [n for n in datasette.databases if await _offers_audit(datasette, request.actor, n)]
            return _overview_box([(audit_url(datasette, n), f"{n}：审核概览（按规则、年份、地区和机构查看）")
                                  for n in names]) if names else ""
        return inner

    @hookimpl
    def top_database(datasette, request, database):
        async def inner():
            if not await _offers_audit(datasette, request.actor, database):
                return ""
            base = audit_url(datasette, database)
            return _overview_box([(base, "审核概览：按规则、年份、地区和机构查看审核发现"),
                                  (base + "/findings.csv", "下载全部审核发现（CSV，Excel 可直接打开）"),
                                  (base + "/feed.atom", "订阅新的审核发现（Atom）")])
        return inner


# Tables whose primary key is an audit key: Datasette links a primary key to its own row page
# and never asks render_cell, so a small script points those links at the audit page instead
# (without scripts the row page is one click further, and it links the audit page itself).
PK_LINKS = {"violations": ("violation_id", "查看审核发现"), "report_findings": ("report_id", "查看该报告的审核结果")}
_PK_SCRIPT = """document.querySelectorAll('table.rows-and-columns td.type-pk.col-{column} a').forEach(function (a) {{
  var key = a.textContent;
  if (/^[A-Za-z0-9_.-]+$/.test(key)) {{ a.href = {base} + "/" + key; a.title = "{title}"; }}
}});"""


@hookimpl
def extra_body_script(template, database, table, view_name, datasette, request):
    if view_name != "table" or table not in PK_LINKS or database is None:
        return None
    column, title = PK_LINKS[table]

    async def inner():
        if not await _offers_audit(datasette, request.actor if request else None, database):
            return None
        base = json.dumps(audit_url(datasette, database) + "/" + LINK_COLUMNS[column], ensure_ascii=False)
        return _PK_SCRIPT.format(column=column, base=base.replace("</", "<\\/"), title=title)

    return inner


@hookimpl
def extra_css_urls(template, datasette):
    """Our stylesheet: small, and every rule in it is scoped to our own classes."""
    return [datasette.urls.static_plugins(PLUGIN, "audit.css")]
