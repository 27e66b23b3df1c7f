"""Every URL the audit pages print, built with ``datasette.urls`` so a base_url deployment works.

The page URLs are a ★ contract (DESIGN.md): /<db>/-/audit, …/report/<id>, …/rule/<id>,
…/agency/<id>, …/violation/<id>, …/notice/<report_id>, each with a ``.json`` twin.

Permanent links (the ones sent to an agency) are absolute: built on the plugin setting
``public_url`` when it is set, never on the Host header a request came with.
"""
from urllib.parse import quote, urlencode, urlsplit

from .. import PLUGIN
from .layout import anchor

KINDS = ("report", "rule", "agency", "violation", "notice")
LOCAL_HOSTS = ("localhost", "0.0.0.0", "::1")


def public_url(datasette):
    """The configured public address of this Datasette (``public_url``), or None."""
    value = ((datasette.plugin_config(PLUGIN) or {}).get("public_url") or "").strip()
    return value if value.lower().startswith(("http://", "https://")) else None


def is_local(url):
    """Whether a link points at this machine only (nobody else can open it)."""
    host = (urlsplit(url).hostname or "").lower()
    return host in LOCAL_HOSTS or host.startswith("127.") or host.endswith(".localhost")


class Links:
    def __init__(self, datasette, database):
        self.datasette = datasette
        self.urls = datasette.urls
        self.database = database

    def permanent(self, request, path):
        """``path`` (as the other links, with base_url) made absolute for sending to others:
        {"url", "local"}; the request's own address only when no ``public_url`` is set."""
        base = public_url(self.datasette)
        if base is None:
            url = self.datasette.absolute_url(request, path)
        else:
            base = base.rstrip("/")
            prefix = self.datasette.setting("base_url").rstrip("/")
            if prefix and urlsplit(base).path.rstrip("/").endswith(prefix) and path.startswith(prefix + "/"):
                path = path[len(prefix):]  # public_url already ends with base_url
            url = base + path
        return {"url": url, "local": is_local(url)}

    def overview(self, json=False):
        return self.database_page().rstrip("/") + "/-/audit" + (".json" if json else "")

    def page(self, kind, key, json=False):
        return f"{self.overview()}/{kind}/{quote(str(key), safe='')}" + (".json" if json else "")

    def cell(self, report_id, tbl, row_key=None, col_key=None):
        target = anchor(tbl, row_key, col_key) if tbl else "violations"
        return f"{self.page('report', report_id)}#{target}"

    def table(self, name, **filters):
        url = self.urls.table(self.database, name)
        filters = {k: v for k, v in filters.items() if v is not None}
        return url + ("?" + urlencode(filters) if filters else "")

    def row(self, table, pk):
        return self.urls.row(self.database, table, quote(str(pk), safe=""))

    def database_page(self):
        try:
            return self.urls.database(self.database)
        except KeyError:  # an unknown database: its 404 page links home instead
            return self.urls.instance()

    # ------------------------------------------------------------ adding urls to query rows
    def violation_urls(self, v):
        v["url"] = self.page("violation", v["violation_id"])
        v["rule_url"] = self.page("rule", v["rule_id"])
        v["report_url"] = self.page("report", v["report_id"])
        v["cell_url"] = self.cell(v["report_id"], v.get("tbl"), v.get("row_key"), v.get("col_key"))
        if v.get("agency_id"):
            v["agency_url"] = self.page("agency", v["agency_id"])
        return v

    def report_urls(self, r):
        r["url"] = self.page("report", r["id"])
        if r.get("agency_id"):
            r["agency_url"] = self.page("agency", r["agency_id"])
        return r
