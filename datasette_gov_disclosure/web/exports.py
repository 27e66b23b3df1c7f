"""The findings as a story list and a feed: CSV that Excel opens with its Chinese intact, .xlsx,
and an Atom feed a newsroom subscribes to for its region, agency or rule.

    /<db>/-/audit/findings.csv   /<db>/-/audit/findings.xlsx   /<db>/-/audit/feed.atom

All three read the ``findings`` table the audit writes (canonical reports only), take the same
filters (``agency_id``, ``year``, ``province``, ``city``, ``county``, ``region`` — a division code
or its first two or four digits —, ``rule_id``, ``severity``) and give every finding its
permanent link, built like the finding page's own (``public_url`` when set).
"""
import csv
import datetime
import io
import re
import xml.etree.ElementTree as ET

from datasette.utils.asgi import AsgiStream, Response

from .queries import columns
from .views import BadParameter, page

TEXT_FILTERS = ("agency_id", "province", "city", "county", "rule_id")
SEVERITIES = ("error", "warning", "info")
SEVERITY_WORDS = {"error": "错误", "warning": "警告", "info": "建议"}
COLUMNS = ("violation_id", "agency", "province", "city", "county", "region_code", "year", "published_on", "rule_id",
           "rule_title", "severity", "cell", "message", "observed", "expected", "report_id")
HEADINGS = ("审核发现编号", "机构", "省", "市", "县（区）", "行政区划代码", "报告年度", "发布日期", "规则编号",
            "规则", "严重程度", "单元格", "问题", "报告中的值", "应有的值", "报告编号", "永久链接")
SEVERITY_ORDER = "CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END"
CHUNK = 5000
XLSX_MAX_ROWS = 1_048_575  # one sheet's rows, less the heading
FEED_DEFAULT, FEED_MAX = 100, 1000
ATOM = "http://www.w3.org/2005/Atom"
READS = ("findings",)
NO_FINDINGS_TABLE = "这个数据库的审核结果没有 findings 表（由较早的版本生成）：请重新运行 gov-disclosure audit。"


class Filters:
    """The query string's filters as SQL on ``findings``, and in words for the feed's title."""

    def __init__(self, args):
        self.where, self.params, self.words, self.keys = [], [], [], {}
        for name in TEXT_FILTERS:
            value = args.get(name)
            if value:
                self.keys[name] = value
                self.where.append(f"{name} = ?")
                self.params.append(value)
                self.words.append(value)
        year = args.get("year")
        if year:
            if not re.fullmatch(r"\d{4}", year):
                raise BadParameter(f"year 应为四位年份，收到 {year[:20]!r}。")
            self.where.append("year = ?")
            self.params.append(int(year))
            self.words.append(f"{year} 年度")
        region = args.get("region")
        if region:
            if not re.fullmatch(r"\d{2}(\d{2}){0,2}", region):
                raise BadParameter(f"region 应为行政区划代码或其前两位、前四位，收到 {region[:20]!r}。")
            self.where.append("substr(region_code, 1, ?) = ?")
            self.params += [len(region), region]
            self.words.append(f"行政区划 {region}")
        severity = args.get("severity")
        if severity:
            chosen = [s.strip() for s in severity.split(",") if s.strip()]
            if not chosen or any(s not in SEVERITIES for s in chosen):
                raise BadParameter(f"severity 应为 {'、'.join(SEVERITIES)} 中的一个或几个（以逗号分隔）。")
            self.where.append(f"severity IN ({', '.join('?' * len(chosen))})")
            self.params += chosen
            self.words.append("、".join(SEVERITY_WORDS[s] for s in chosen))

    def name_keys(self, conn):
        """In the words of the feed's title, an agency or a rule by its name rather than its id."""
        for column, name in (("agency_id", "agency"), ("rule_id", "rule_title")):
            key = self.keys.get(column)
            found = key and conn.execute(f"SELECT {name} FROM findings WHERE {column} = ? AND {name} IS NOT NULL "
                                         "ORDER BY year DESC LIMIT 1", [key]).fetchone()
            if found:
                self.words[self.words.index(key)] = found[0]

    def sql(self, extra=()):
        conditions = self.where + list(extra)
        return " WHERE " + " AND ".join(conditions) if conditions else ""


def _has_findings(conn):
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'findings'").fetchone() is not None


def _permalink(page, violation_id):
    return page.links.permanent(page.request, page.links.page("violation", violation_id))["url"]


def _row(page, row):
    values = list(row)
    at = COLUMNS.index("severity")
    values[at] = SEVERITY_WORDS.get(values[at], values[at])
    return values + [_permalink(page, row[0])]


def _chunks(filters):
    """Keyset pages of the findings, in the audit's order: one short query each."""
    def read(conn, after):
        sql = (f"SELECT rowid, {', '.join(COLUMNS)} FROM findings{filters.sql(['rowid > ?'])} "
               f"ORDER BY rowid LIMIT {CHUNK}")
        return conn.execute(sql, filters.params + [after]).fetchall()
    return read


def _filename(suffix):
    day = datetime.date.today().isoformat()
    return f"findings-{day}.{suffix}"


@page("findings_export", reads=READS)
async def findings_export(page):
    filters = Filters(page.request.args)
    if not await page.read(_has_findings):
        return await page.not_found(NO_FINDINGS_TABLE)
    if page.request.url_vars["format"] == "xlsx":
        return await _xlsx(page, filters)
    read = _chunks(filters)

    async def stream(response):
        out = io.StringIO()
        writer = csv.writer(out)
        out.write("\ufeff")  # Excel reads UTF-8 only with the byte-order mark
        writer.writerow(HEADINGS)
        after = 0
        while True:
            rows = await page.read(read, after)
            for row in rows:
                writer.writerow(_row(page, row[1:]))
            await response.write(out.getvalue())
            out.seek(0)
            out.truncate()
            if len(rows) < CHUNK:
                break
            after = rows[-1][0]

    headers = {"content-disposition": f'attachment; filename="{_filename("csv")}"'}
    return AsgiStream(stream, headers=headers, content_type="text/csv; charset=utf-8")


async def _xlsx(page, filters):
    from openpyxl import Workbook

    def build(conn):
        total = conn.execute(f"SELECT count(*) FROM findings{filters.sql()}", filters.params).fetchone()[0]
        if total > XLSX_MAX_ROWS:
            return None
        book = Workbook(write_only=True)
        sheet = book.create_sheet("审核发现")
        sheet.append(HEADINGS)
        for row in conn.execute(f"SELECT {', '.join(COLUMNS)} FROM findings{filters.sql()} ORDER BY rowid",
                                filters.params):
            sheet.append(_row(page, row))
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    body = await page.read(build)
    if body is None:
        raise BadParameter("符合条件的审核发现超过一张 Excel 工作表的行数：请加上地区、年度或规则等筛选条件，或下载 CSV。")
    return Response(body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"content-disposition": f'attachment; filename="{_filename("xlsx")}"'})


@page("feed", reads=READS)
async def feed(page):
    filters = Filters(page.request.args)
    size = page.request.args.get("_size", str(FEED_DEFAULT))
    if not size.isdigit() or not 1 <= int(size) <= FEED_MAX:
        raise BadParameter(f"_size 应为 1 到 {FEED_MAX} 之间的整数。")
    if not await page.read(_has_findings):
        return await page.not_found(NO_FINDINGS_TABLE)

    def read(conn):
        filters.name_keys(conn)
        when = "first_found" if "first_found" in columns(conn, "findings") else "loaded_at"  # audited before it existed
        return conn.execute(f"SELECT {', '.join(COLUMNS)}, {when} FROM findings{filters.sql()} "
                            f"ORDER BY {when} DESC, {SEVERITY_ORDER}, rowid LIMIT {int(size)}", filters.params).fetchall()

    rows = await page.read(read)
    return Response(_atom(page, filters, rows), content_type="application/atom+xml; charset=utf-8")


def _atom(page, filters, rows):
    """An Atom 1.0 document (RFC 4287): the findings first found last come first, errors before warnings."""
    ET.register_namespace("", ATOM)

    def add(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = str(text)
        return element

    root = ET.Element(f"{{{ATOM}}}feed")
    self_url = page.links.permanent(page.request, page.request.path + (
        "?" + page.request.query_string if page.request.query_string else ""))["url"]
    scope = "、".join(filters.words) or "全部"
    add(root, "id", self_url)
    add(root, "title", f"政府信息公开工作年度报告审核发现（{scope}）")
    add(root, "subtitle", "每条是一份年度报告中的一处问题，附规则依据和永久链接；按首次发现的时间从新到旧排列。")
    newest = max((r[-1] for r in rows if r[-1]), default=None)
    add(root, "updated", _timestamp(newest))
    add(root, "link", rel="self", href=self_url)
    add(root, "link", rel="alternate", href=page.links.permanent(page.request, page.links.overview())["url"])
    add(add(root, "author"), "name", "gov-disclosure 审核")
    for row in rows:
        value = dict(zip(COLUMNS, row))
        link = _permalink(page, value["violation_id"])
        entry = add(root, "entry")
        add(entry, "id", link)
        severity = SEVERITY_WORDS.get(value["severity"], value["severity"])
        agency = value["agency"] or "（未识别机构）"
        add(entry, "title", f"[{severity}] {agency} {value['year'] or ''} 年度报告：{value['rule_title'] or value['rule_id']}")
        add(entry, "updated", _timestamp(row[-1]))
        add(entry, "link", rel="alternate", href=link)
        add(add(entry, "author"), "name", agency)
        add(entry, "category", term=value["rule_id"], label=value["rule_title"] or value["rule_id"])
        where = f"（{value['cell']}）" if value["cell"] else ""
        add(entry, "summary", f"{value['message']}{where}")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")


def _timestamp(text):
    """RFC 3339, as Atom wants: a stored UTC time, or the epoch for a row without one."""
    if text:
        try:
            moment = datetime.datetime.fromisoformat(text)
        except ValueError:
            moment = None
        if moment is not None:
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=datetime.timezone.utc)
            return moment.isoformat()
    return "1970-01-01T00:00:00+00:00"

