"""Who reports, for which year, published when (FORMAT.md §8)."""
import datetime
import re
from collections import Counter

from ..normalize import clean_line
from .numerals import chinese_to_int

ORG_SUFFIXES = ("人民政府办公室", "人民政府办公厅", "街道办事处", "管理委员会", "管委会", "人民政府", "办公室",
                "办公厅", "委员会", "档案馆", "图书馆", "博物馆", "纪念馆", "文化馆", "中心", "局", "委", "馆",
                "办", "院", "所", "站", "队", "处", "政府", "街道", "镇", "乡")
_SUFFIX_RE = "|".join(ORG_SUFFIXES)
_TITLE = re.compile(
    r"(?P<agency>[\u4e00-\u9fff（）()·]{2,40}?)\s*(?P<year>(?:19|20)\d\d)\s*年度?\s*"
    r"(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:报告|年报)"
)
# "2019年上海市人民政府办公厅政府信息公开工作年度报告": the year before the name.
_TITLE_YEAR_FIRST = re.compile(
    r"^(?P<year>(?:19|20)\d\d)\s*年度?\s*(?P<agency>[\u4e00-\u9fff（）()·]{2,40}?)\s*"
    r"(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:报告|年报)"
)
_PERIOD = re.compile(r"(?P<y>(?:19|20)\d\d)\s*年\s*1\s*月\s*1\s*日\s*(?:起|始)?\s*[至到—-]\s*(?P<y2>(?:19|20)\d\d)\s*年\s*12\s*月\s*31\s*日")
_YEAR_DU = re.compile(r"((?:19|20)\d\d)\s*年度")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_PUBLISHED = re.compile(
    r"(?:发布日期|发布时间|成文日期|公开日期|发文日期)\s*[:：]?\s*"
    r"(?P<y>(?:19|20)\d\d)\s*[-年/.]\s*(?P<m>\d{1,2})\s*[-月/.]\s*(?P<d>\d{1,2})"
)
_DATE_LINE = re.compile(r"^(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日$")
_CN_DATE_LINE = re.compile(r"^(?P<y>[〇零一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,3})月(?P<d>[一二三四五六七八九十]{1,3})日$")
_ORG_AFTER = re.compile(
    r"(?:^|[^\u4e00-\u9fff]|了|在|对|由|为|是|将|向|与|和|经)"
    r"(?P<org>[\u4e00-\u9fff]{2,20}?(?:" + _SUFFIX_RE + r"))(?![\u4e00-\u9fff]{0,1}(?:长|员|部|科|股))"
)
_PLACE = re.compile(r"[省市区县州旗盟镇乡]")


def _date(y, m, d):
    try:
        return datetime.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def find_title(lines, limit=12):
    """(agency, year) from the title: the first lines before the body, a title broken over
    two lines joined again."""
    head = [clean_line(t) for _, t in lines[:limit] if clean_line(t)]
    pairs = [head[i] + head[i + 1] for i in range(len(head) - 1)]
    for pattern in (_TITLE, _TITLE_YEAR_FIRST):
        for candidate in head + pairs:  # a whole line first, a title broken in two second
            if len(candidate) > 80:
                continue  # body text, never a title (and slow to search)
            m = pattern.search(candidate)
            if m and len(m.group("agency")) > 2:
                return _strip_agency(m.group("agency")), int(m.group("year"))
    return None, None


_TITLE_LABEL = re.compile(r"^(?:标题|文章标题)\s*[:：]\s*")  # a saved copy's header: "标题: …"
_PAGE_TITLE_SEPARATORS = re.compile(r"\s*[_|｜]\s*|\s+-\s+")  # <title>: "report_column_site"


def report_title(lines, doc_meta, limit=12):
    """The report's own title, as written, or None: never made up from the agency and year.

    First a heading among the first lines (one line, or a title broken over two) that is a title
    and nothing else, or a title followed by the text after a space (a page saved as one line);
    then the title the page was published under (a saved copy's "标题:" line, the page's
    ArticleTitle, the first part of its <title>), when that too is a whole title."""
    head = [clean_line(t) for _, t in lines[:limit] if clean_line(t)]
    body = [h for h in head if not _TITLE_LABEL.match(h)]
    for candidate in body + [body[i] + body[i + 1] for i in range(len(body) - 1)]:
        title = _whole_title(candidate)
        if title:
            return title
    published = [_TITLE_LABEL.sub("", h) for h in head if _TITLE_LABEL.match(h)]
    published += [clean_line(doc_meta.get("article_title") or "")]
    published += _PAGE_TITLE_SEPARATORS.split(clean_line(doc_meta.get("title") or ""))[:1]
    for candidate in published:
        title = _whole_title(candidate)
        if title:
            return title
    return None


def _whole_title(text):
    """``text``'s title when it starts the text and ends it or is followed by a space; else None."""
    for pattern in (_TITLE, _TITLE_YEAR_FIRST):
        m = pattern.match(text)
        if m and len(m.group("agency")) > 2 and _strip_agency(m.group("agency")) == m.group("agency") \
                and (m.end() == len(text) or text[m.end()].isspace()):
            return " ".join(text[:m.end()].split())
    return None


def _strip_agency(name):
    for prefix in ("关于", "现公布", "现予公布", "公布", "发布"):
        if name.startswith(prefix):
            name = name[len(prefix):]
    return name.strip() or None


def find_year(text, title_year=None):
    if title_year:
        return title_year
    m = _PERIOD.search(text)
    if m:
        return int(m.group("y"))
    for pattern in (_YEAR_DU, _YEAR):
        years = [int(y) for y in pattern.findall(text[:5000])]
        if years:
            return Counter(years).most_common(1)[0][0]
    return None


_SOURCE_URL = re.compile(r"^\s*(?:原文链接|原文地址|原文网址)\s*[:：]\s*(https?://[^\s<>\"'，。；]+)", re.I)


def find_url(lines, limit=12):
    """The address a saved copy names in its header ("原文链接: https://…", as crawlers write
    above the text), or None."""
    for _, text in lines[:limit]:
        m = _SOURCE_URL.match(text)
        if m:
            return m.group(1)
    return None


def find_published_on(lines, doc_meta):
    if doc_meta.get("published_on"):
        return doc_meta["published_on"]
    for _, text in lines[:40]:
        m = _PUBLISHED.search(text)
        if m:
            return _date(m.group("y"), m.group("m"), m.group("d"))
    date, _ = _signature(lines)
    return date


def _signature(lines):
    """(date, signer) from a dated signature among the last lines."""
    tail = [clean_line(t) for _, t in lines[-8:] if clean_line(t)]
    for k in range(len(tail) - 1, -1, -1):
        text = tail[k]
        m = _DATE_LINE.match(text)
        date = _date(m.group("y"), m.group("m"), m.group("d")) if m else None
        if date is None:
            m = _CN_DATE_LINE.match(text)
            if m:
                year = "".join("0123456789"["〇一二三四五六七八九".index(c)] if c in "〇一二三四五六七八九" else "0"
                               for c in m.group("y"))
                date = _date(year, chinese_to_int(m.group("m")), chinese_to_int(m.group("d")))
        if date:
            signer = tail[k - 1] if k > 0 and len(tail[k - 1]) <= 30 else None
            if signer and not re.search(r"(?:" + _SUFFIX_RE + r")$", signer):
                signer = None
            return date, signer
    return None, None


def find_agency(lines, text, title_agency=None):
    if title_agency:
        return title_agency
    _, signer = _signature(lines)
    if signer:
        return signer
    counts = Counter()
    first = {}
    for m in _ORG_AFTER.finditer(text):
        org = _strip_agency(m.group("org"))
        # Three characters ("区分处" out of "区分处理的") are a fragment, not a name.
        if not org or len(org) < 4 or not _PLACE.search(org[:-1]) or org.startswith(("我", "本", "各", "全", "该")):
            continue
        counts[org] += 1
        first.setdefault(org, m.start())
    if not counts:
        return None
    return max(counts, key=lambda o: (counts[o], -first[o]))


_SELF_TOWNSHIP = re.compile(r"(?:我|本)(?:镇|乡|街道)(?![\u4e00-\u9fff]{0,1}(?:政府网|府))")


def body_type(agency, text=""):
    """department | government | township, by the name's ending (FORMAT.md §8); a report
    without a name that speaks of itself as 我镇/本街道 is a township's."""
    if not agency:
        return "township" if _SELF_TOWNSHIP.search(text[:5000]) else None
    if re.search(r"(街道|街道办事处|[镇乡]人民政府|[镇乡])$", agency) or "街道" in agency:
        return "township"
    if re.search(r"(管理委员会|管委会)$", agency):
        return "government"
    if re.search(r"(人民政府|[区县市州]政府)$", agency):
        return "government"
    if re.search(r"(?<![局委办馆院所站队处科])(?:[区县市州旗盟])$", agency):
        return "government"  # a place name alone (平潭综合实验区): the body reports for the area
    return "department"
