"""Document → Report: sections, format, metadata, cells tied to their labels, claims."""
import hashlib
from dataclasses import asdict, dataclass, field
from typing import List, Optional

from .. import formats as T
from .. import regions
from ..normalize import document_script, label_key
from . import claims as claims_mod
from . import metadata as meta
from .sections import NUMERALS, find_sections, section_of
from .runon import split_document
from .saved_copy import report_lines
from .settle import settle_columns
from .tables import capture_rows, is_any_row_label, cell_results, detect_format, tables_found
from .tokens import document_tokens

TABLE_NAMES = {"t2": "表二（主动公开政府信息情况）", "t3": "表三（收到和处理政府信息公开申请情况）",
               "t4": "表四（行政复议、行政诉讼情况）"}
_LEGACY_MARKS = ("政府信息公开情况统计表", "指标名称", "计量单位")


@dataclass
class Report:
    id: str
    source: str
    sha256: str
    agency: Optional[str] = None
    agency_id: Optional[str] = None
    body_type: Optional[str] = None
    region: Optional[str] = None     # "吉林省长春市绿园区": the known levels of the division below
    province: Optional[str] = None
    city: Optional[str] = None
    county: Optional[str] = None
    region_code: Optional[str] = None  # 行政区划代码 of the most specific division known
    year: Optional[int] = None
    format: Optional[str] = None
    published_on: Optional[str] = None
    script: Optional[str] = None
    parse_status: str = "failed"
    parse_error: Optional[str] = None
    reader: Optional[str] = None
    url: Optional[str] = None        # where it is published (<meta name="Url">, or the fetch manifest)
    site_name: Optional[str] = None  # <meta name="SiteName">
    site_code: Optional[str] = None  # <meta name="SiteIDCode">
    title: Optional[str] = None      # the report's own title as written, when it has one (never made up)
    attachments: List[list] = field(default_factory=list)  # [href, text] of a page's attachment links
    sections: List[dict] = field(default_factory=list)
    cells: List[dict] = field(default_factory=list)
    claims: List[dict] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)

    def to_dict(self):
        return asdict(self)


def report_id(text):
    return "r" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def agency_id(agency):
    """ASCII key of an agency name, stable across years (used in URLs)."""
    return "a" + hashlib.sha256(label_key(agency).encode("utf-8")).hexdigest()[:10] if agency else None


def failed_report(source, sha256, reason):
    return Report(id="f" + sha256[:12], source=source, sha256=sha256, parse_status="failed",
                  parse_error=reason)


def parse_document(doc, source="", sha256=""):
    """Parse a read Document; never raises for odd content (problems go to parse_error)."""
    # Decide the script once on the whole text, then apply the same conversion everywhere.
    text = doc.text()
    script = document_script(text)
    if script == "traditional":
        from ..normalize import strip_pinyin, to_simplified

        doc = doc.map_text(lambda t: to_simplified(strip_pinyin(t)))
    cut, runs = split_document(doc)
    if cut is not doc or script == "traditional":
        text = cut.text()  # converted, or run-on lines cut: otherwise the text read is the same
    doc = cut
    report = Report(id=report_id(text), source=source, sha256=sha256, script=script, reader=doc.reader)

    lines = [(b.line, b.text) for b in doc.blocks if b.kind == "line"]
    title_agency, title_year = meta.find_title(lines)
    if doc.meta.get("title") and not title_agency:
        title_agency, title_year = meta.find_title([(0, doc.meta["title"])])
    if doc.meta.get("article_title") and not title_agency:
        title_agency, title_year = meta.find_title([(0, doc.meta["article_title"])])
    report.year = meta.find_year(text, title_year)
    report.agency = meta.find_agency(lines, text, title_agency)
    report.agency_id = agency_id(report.agency)
    report.body_type = meta.body_type(report.agency, text)
    place = regions.locate(report.agency)
    report.region, report.region_code = place.path, place.code
    report.province, report.city, report.county = place.province, place.city, place.county
    report.published_on = meta.find_published_on(lines, doc.meta)
    report.url, report.site_name, report.site_code = (doc.meta.get(k) for k in ("url", "site_name", "site_code"))
    report.url = report.url or meta.find_url(lines)
    # A traditional-script report's lines are converted: its title as written is not among them.
    report.title = meta.report_title(lines, doc.meta) if script != "traditional" else None

    # The sections hold the agency's words only: a saving tool's header and Word's bookmark
    # marks are gone from here on (the metadata above was read with them).
    lines = report_lines(lines)
    sections = find_sections(lines)
    report.sections = [{"no": s.no, "title": s.title, "text": s.text, "line": s.line} for s in sections]
    for s in sections:
        for c in claims_mod.find_claims(s.text, s.no):
            report.claims.append(vars(c).copy())
    preamble_end = sections[0].start - 1 if sections else len(lines)
    preamble = "\n".join(t for _, t in lines[:preamble_end])
    report.claims[:0] = [vars(c).copy() for c in claims_mod.find_claims(preamble, 0)]
    if sections and preamble.strip():
        # The text before 一、 (legal basis, statistics period) is section 0, as in `claims`.
        report.sections.insert(0, {"no": 0, "title": "前言", "text": preamble.strip(), "line": lines[0][0]})

    tokens = document_tokens(doc, is_label=is_any_row_label, runs=runs)
    fmt = detect_format(tokens, report.year)
    if fmt is None and (any(m in text for m in _LEGACY_MARKS) or (report.year and report.year <= 2018)):
        fmt = "legacy"
    elif fmt is None and sections and report.year:
        # The text stops before the tables (a cut-off page): the year decides the template,
        # so that every table cell is reported missing rather than the tables being ignored.
        fmt = "2021" if report.year >= 2021 else "2019"
        report.notes.append(f"没有找到统计表，按报告年度推定为 {fmt} 格式")
    report.format = fmt

    missing_parts = []
    if fmt in T.FORMATS:
        captured, notes = capture_rows(tokens, fmt)
        report.notes.extend(notes)
        report.cells = cell_results(captured, fmt)
        report.notes.extend(settle_columns(report.cells, fmt))
        for tbl in ("t2", "t3", "t4"):
            if tbl not in tables_found(captured):
                missing_parts.append(TABLE_NAMES[tbl])
    found_numbers = {s.no for s in sections}
    absent = [n for n in range(1, 7) if n not in found_numbers]
    if absent:
        missing_parts.append("第" + "、".join(NUMERALS[n - 1] for n in absent) + "部分")

    if fmt is None and not sections:
        report.parse_status = "failed"
        report.parse_error = "未识别为政府信息公开工作年度报告：没有找到章节标题，也没有找到统计表"
        if doc.meta.get("attachments"):
            # A page that only links to the report: say so, and keep the links for the loader.
            report.attachments = [list(a) for a in doc.meta["attachments"]]
            names = "、".join(text or href.rsplit("/", 1)[-1] for href, text in doc.meta["attachments"][:5])
            report.parse_error = f"正文在附件中：{names}（附件未下载或未一同载入）"
    elif missing_parts:
        report.parse_status = "partial"
        report.parse_error = "未找到：" + "；".join(missing_parts)
    else:
        report.parse_status = "ok"
    cut = doc.meta.get("truncated")  # the reader stopped at its limit (readers/pdf.py MAX_PAGES)
    if cut:
        if report.parse_status == "ok":
            report.parse_status = "partial"
        report.parse_error = "；".join(filter(None, [report.parse_error, cut]))
    return report


__all__ = ["Report", "parse_document", "failed_report", "report_id", "agency_id", "section_of"]
