"""Every URL the audit pages print, built with ``datasette.urls`` so a base_url deployment works.

The page URLs are a ★ contract (DESIGN.md): /<db>/-/audit, …/report/<id>, …/rule/<id>,
…/agency/<id>, …/violation/<id>, each with a ``.json`` twin.
"""
from urllib.parse import quote, urlencode

from .layout import anchor

KINDS = ("report", "rule", "agency", "violation")


class Links:
    def __init__(self, datasette, database):
        self.urls = datasette.urls
        self.database = database

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
