"""Numbers the narrative states about the tables ("共受理申请31件", "行政复议3件").

Precision over recall: each pattern names what is counted right next to the number, and a
clause about guiding others ("指导各部门办理200余件") is never read as this body's count.
"""
import re
from dataclasses import dataclass
from typing import Optional

from .numerals import to_int

NUM = r"(?<![第\d])(?P<n>\d+|[零〇一二两三四五六七八九十百千]+)"
_GAP = r"[^，,。；;：:]{0,14}?"
# "受理公民、法人和其他组织向市政府…提出的政府信息公开申请5件": who applied, before the noun.
_LONG_GAP = r"[^，,。；;：:]{0,32}?"
# A clause about guiding others. ("全市共受理…" in a city's own report is its own count.)
_NOT_OWN = re.compile(r"指导|督促|帮助|协助|各镇|各部门|各单位|各乡镇")
# What an application count never counts: other kinds of requests and complaints.
_NOT_APPLICATION = re.compile(r"许可|审批|政务服务|热线|12345|诉求|信访|举报|投诉|咨询|留言|来信|建议|提案|复议|诉讼")
# "予以公开答复966件", "给予同意公开答复 1 件", "因无法提供相关信息答复2件" count one result, not all answers.
_ONE_RESULT = re.compile(r"予以公开|同意公开|部分公开|区分处理|不予公开|无法提供|不予处理|其他处理")
# A bare "申请" after a channel is one channel's share ("网络申请4件"), not the total.
_CHANNEL = re.compile(r"(?:网络|网上|在线|信函|邮寄|当面|现场|传真|电子邮件|电话)$")

# The application itself, as reports name it ("政府信息公开申请", "依申请公开事项", "申请公开政府信息的要求").
_APPLICATION = (r"(?P<noun>政府信息公开申请|信息公开申请|依申请公开(?:申请|事项|件)?|公开申请|申请公开政府信息的要求"
                r"|申请事项|申请)")
# "受理依申请信息56条": after a verb of receiving, requests for information are applications.
_APPLICATION_RECEIVED = _APPLICATION[:-2] + r"|依申请(?:公开)?信息)"
_COUNT_WORD = r"(?:共计|合计|共|总数为|总数|数量为|数量|数为|为|总计)?"
_UNIT = r"\s*(?:件|项)"
_UNIT_NEW = r"\s*(?:件|项|条)"  # older reports count applications in 条 too

# A pattern that starts with the number ("3件结转下年度办理") is tried only just before the
# words that end it (its anchor): tried at every position of a text, it would cost more than
# all the other patterns together.
_NUM_FIRST = r"(?<![\d零〇一二两三四五六七八九十百千])(?P<n>\d+|[零〇一二两三四五六七八九十百千]+)"
_TO_NEXT_YEAR = r"(?:顺延|结转)(?:到|至)?(?:下一?年度?|(?:19|20)\d\d\s*年度?)"
# "9件公开申请均已办结", "1件公开申请已办结", "28件公开申请均在法定时限内办理"
_ALL_DONE = r"(?:(?:均|全部)(?:已经?)?|已经?)(?:在法定(?:时限|期限)内(?:予以)?|按时|按期|依法)?(?:办结|答复|办理)"
_RECEIVED = ("新收", "受理", "收到", "接收", "接到")
_RECEIVED_RE = "(?:" + "|".join(_RECEIVED) + ")"
_ANCHOR_REACH = 40  # characters before an anchor where its number may start


# A regex scan tries the pattern at every position of a text, and these run over every
# section: each pattern is tried only where it can match, found by str.find (in C).
@dataclass(frozen=True)
class Begins:
    """Every match begins with one of ``words``: the pattern is tried only where one is."""
    words: tuple


@dataclass(frozen=True)
class Before:
    """Every match (of a pattern that starts with its number) ends with a match of ``anchor``,
    and every match of ``anchor`` begins with one of ``words``: the pattern is tried only in
    the _ANCHOR_REACH characters before each."""
    anchor: re.Pattern
    words: tuple


# (key, pattern, gate). The number must be followed by its unit directly ("200余件" is not a
# count). ``gate``: Begins or Before (see above), or words one of which every match contains
# (a text without any is not searched).
_PATTERNS = [
    ("t3.open_partial", re.compile(r"(?:予以|同意)公开(?:和|及|与|、|或)部分公开" + _GAP + NUM + r"\s*件"),
     Begins(("予以公开", "同意公开"))),
    ("t3.carry_in.total", re.compile(r"(?:上一?年度?结转|结转上一?年度?)" + _GAP + NUM + r"\s*件"),
     Begins(("上年", "上一年", "结转上"))),
    # "2020年结转办理1件" in the 2021 report: carried in from that year.
    ("t3.carry_in.total", re.compile(r"(?:19|20)\d\d\s*年度?结转(?:的)?(?:办理|申请|政府信息公开申请)?(?:共|共计)?\s*" + NUM + r"\s*件"),
     ("结转",)),
    ("t3.carry_out.total", re.compile(r"结转(?:至|到)?(?:下一?年度?|(?:19|20)\d\d\s*年度?)" + _GAP + NUM + r"\s*件"),
     Begins(("结转",))),
    # "另有72件申请按照《条例》顺延到下年度答复", "3件结转下年度办理": the number comes first.
    ("t3.carry_out.total", re.compile(_NUM_FIRST + r"\s*件[^，,。；;]{0,12}?" + _TO_NEXT_YEAR),
     Before(re.compile(_TO_NEXT_YEAR), ("顺延", "结转"))),
    ("t3.new.total", re.compile(
        _RECEIVED_RE + r"(?:了)?" + _LONG_GAP + _APPLICATION_RECEIVED + r"件?" + _COUNT_WORD + r"\s*" + NUM + _UNIT_NEW),
     Begins(_RECEIVED)),
    # "本年度新接收91件": 新收 needs no noun.
    ("t3.new.total", re.compile(r"新(?:接收|收到?|受理)(?:共|共计)?\s*" + NUM + r"\s*件"), Begins(("新接收", "新收", "新受理"))),
    # "收到12件申请": the number before the noun.
    ("t3.new.total", re.compile(
        _RECEIVED_RE + r"(?:了)?(?:共|共计)?\s*" + NUM + r"\s*[件份]"
        r"(?:(?:政府信息公开|信息公开|公开)?申请|(?:政府)?信息依申请公开|依申请公开(?:申请|事项)?)"), Begins(_RECEIVED)),
    ("t3.r.total.total", re.compile(
        r"(?:办结|答复|办理完毕)(?:申请|政府信息公开申请|(?:政府信息)?依申请(?:公开)?(?:申请)?(?:事项)?|信息公开申请)?(?:共|共计)?\s*"
        + NUM + _UNIT),
     Begins(("办结", "答复", "办理完毕"))),
    # "办理政府信息公开申请40件", "9件公开申请均已办结": received or handled, as the table has it.
    ("t3.new_or_done", re.compile(r"办理(?:了)?" + _LONG_GAP + _APPLICATION_RECEIVED + _COUNT_WORD + r"\s*" + NUM + _UNIT),
     Begins(("办理",))),
    ("t3.new_or_done", re.compile(_NUM_FIRST + r"\s*件(?:政府信息公开|依申请公开|信息公开|公开)?申请" + _ALL_DONE),
     Before(re.compile(_ALL_DONE), ("均", "全部", "已"))),
    ("t4.rev.total", re.compile(r"行政复议(?:案件|申请)?(?:共|共计|数量为|为)?\s*" + NUM + r"\s*(?:件|起)"),
     Begins(("行政复议",))),
    ("t4.lit.total", re.compile(r"行政诉讼(?:案件)?(?:共|共计|数量为|为)?\s*" + NUM + r"\s*(?:件|起)"),
     Begins(("行政诉讼",))),
    # "行政复议7件，诉讼9件": 诉讼 right after the review count means lawsuits.
    ("t4.lit.total", re.compile(r"行政复议[^，,。；;]{0,8}?\d+\s*[件起][，,、]\s*诉讼(?:案件)?\s*" + NUM + r"\s*(?:件|起)"),
     Begins(("行政复议",))),
]
_APPLICATION_KEYS = ("t3.new.total", "t3.new_or_done")
# Every count above, proactive ones included, ends with its number and unit: a section
# without one states no count (only denials), and is not searched for counts.
_NUMBER_AND_UNIT = re.compile(r"[\d零〇一二两三四五六七八九十百千万]\s*[件项条份起]")
_NO_APPLICATION = re.compile(
    r"(?:未|没有)(?:收到|接到|受理|发生|接收)(?:过|到)?(?:任何)?"
    r"(?:(?:[^，,。；;]{0,24}?(?:公开|信息)[^，,。；;]{0,4}?)?申请(?!人)"
    r"|[^，,。；;]{0,24}?依申请公开(?=事项|申请|请求|诉求|信息|件|[。；;，,\s]|$))"
    r"(?![^，,。；;]*(?:复议|诉讼))")
# "也无因政府信息公开申请行政复议、提起行政诉讼的案件"
_NONE = r"(?:未|没有|(?:也|均|并|亦)无|无因)"
_NO_REVIEW = re.compile(_NONE + r"(?:收到|发生|被申请|出现|产生)?[^，,。；;]{0,24}?行政复议")
_NO_LAWSUIT = re.compile(_NONE + r"(?:收到|发生|被|出现|产生)?[^。；;]{0,24}?行政诉讼")
_NO_APPLICATION_GATE = Begins(("未", "没有"))
# Each denial ends with the word it denies.
_REVIEW_WORD = Before(re.compile("行政复议"), ("行政复议",))
_LAWSUIT_WORD = Before(re.compile("行政诉讼"), ("行政诉讼",))
# "主动公开规范性文件3条、…" is an item of a list; "主动公开政府信息55条、依申请公开341条、不予公开41条"
# splits all the information made by how it is published, and its first item is the proactive total.
_NOT_A_LIST_ITEM = r"(?!\s*、(?!\s*(?:依申请|不予公开)))"
_PRO_NUM = r"(?<![第\d])(?P<n>\d+|[零〇一二两三四五六七八九十百千万]+)\s*(?P<unit>条|件|份)"
# "政府信息数量66件", "主动公开政府信息148份": 件 and 份 count information only right after the word;
# "规章13件" are documents.
_INFO_BEFORE = re.compile(r"信息(?:数量|总数|数)?(?:为|共计|共)?\s*$")
# "（一）主动公开政府信息的数量 2020年制作、获取政府信息总数425条": a count of the information
# made, not published; "其他应主动公开的政府信息8条" names a category, not what was published.
_MADE = r"制作|制发|获取|产生"
_NOT_MADE = r"(?:(?!" + _MADE + r")[^，,。；;：:条])"
# "主动公开…X条": the total, alone or followed by its parts ("，其中A条、B条…", "(其中…").
_PROACTIVE = re.compile(
    r"(?:(?<!应)主动(?:向社会)?(?:公开|公布)|(?P<bare>公开政府信息|公布政府信息))" + _NOT_MADE + r"{0,60}?(?:共计|共|总数为|总数|总计|为)?\s*"
    + _PRO_NUM + _NOT_A_LIST_ITEM + r"(?:\s*(?:[(（][^()（）]{0,20}[)）])?\s*[，,。]?\s*(?P<paren>[(（])?\s*其中\s*[，,:：]?(?P<rest>[^。；]*))?")
# "（一）主动公开情况。2024年共发布信息120条": the heading says what the count is, when the
# count is the first one after it ("（一）主动公开 2024年，我局…，全年…累计公开信息共44条").
_PROACTIVE_HEADED = re.compile(
    r"(?<!应)主动公开(?:政府信息)?(?:(?:情况|方面)[)）]?[。.：:，,]?\s*(?:(?:19|20)\d\d\s*年度?[，,]?)?[^，,。；;：:\d]{0,20}?"
    r"|(?:情况|方面)?[)）]?[。.：:，,]?\s*(?:19|20)\d\d\s*年度?[^。；;：:\d]{0,80}?)"
    r"(?:发布|公开)[^，,。；;：:\d]{0,16}?信息(?:共计|共|总数)?\s*" + _PRO_NUM + _NOT_A_LIST_ITEM)
# "全年累计公开公安政府信息184条", "今年我局公开278条政务信息", "年内，上网发布的202条公安政府信息":
# the year's published information, not said to be proactive, is its total when no channel is
# named in its clause ("官方微信全年公开政府信息365条" is one channel's count).
# (What is said to be proactive is read above; "其他应主动公开的政府信息90条" is a category.)
_NOT_SAID_PROACTIVE = r"(?<!主动)(?<!应)"
_PUBLISHED = (
    re.compile(_NOT_SAID_PROACTIVE + r"(?:公开|发布)了?[^，,。；;：:\d条]{0,6}?(?:政府|政务)信息(?:共计|共|总数为|总数|总计|为)?\s*"
               + _PRO_NUM + _NOT_A_LIST_ITEM),
    re.compile(_NOT_SAID_PROACTIVE + r"(?:公开|发布)(?:了|的)?\s*" + _PRO_NUM + r"[^，,。；;：:\d]{0,6}?(?:政府|政务)信息"),
)
_PROACTIVE_GATE = Begins(("主动", "公开政府信息", "公布政府信息"))
_PROACTIVE_HEADED_GATE = Begins(("主动公开",))
_PUBLISHED_GATE = Begins(("公开", "发布"))
_CHANNEL_WORDS = re.compile(r"微信|公众号|微博|网站|网页|栏目|专栏|专题|新媒体|客户端|平台|APP|App|头条|抖音|短信|公开栏"
                            r"|电子屏|报纸|报刊|电视|广播|通过|渠道")
_YEAR_MARK = re.compile(r"全年|今年|本年|年内|年度|(?:19|20)\d\d\s*年")
# A number the report counts from somewhere else: documents given on request, a share.
_NOT_PROACTIVE_BEFORE = re.compile(r"(?:依申请|不予)$")
# "…1123条，其中法定主动公开176条": a part. But "制发政府信息437条，其中，主动公开政府信息55条、依申请公开…"
# splits what was made, and "累计…1770条，其中2019年度…主动公开政府信息202条" is the year's.
_AFTER_WHICH = re.compile(r"其中[，,:：]?\s*([^，,。；;]*)$")
_YEAR_WORD = re.compile(r"\s*(?:(?:19|20)\d\d\s*年|本年|今年|全年)")
_MADE_BEFORE = re.compile(r"(?:" + _MADE + r")[^，,。；;]{0,12}?信息")
_SHARE_AFTER = re.compile(r"\s*[，,]?\s*占")
# "截至2019年底，累计主动公开政府信息64627条": everything published so far, not this year's
# ("截止到2021年12月，…主动公开…信息423条" without 累计 is the year's).
# ("截至2025年12月31日，全年累计主动公开…395条" is the year's.)
_SO_FAR = re.compile(r"截[至止][^。；;]*(?<!全年)(?<!本年)(?<!年内)累计")
# "…1600余条": a part given roughly; the parts read would not add up to the total.
_ROUGH_PART = re.compile(r"\d\s*(?:余|多)\s*条")
_PART = re.compile(r"(?P<n>\d+|[零〇一二两三四五六七八九十百千万]+)\s*条")
# Blanks (spaces, tabs, at least one line break) after a character that ends no sentence and
# before one that starts no list item. The pattern begins with the blank itself rather than a
# lookbehind, so that re skips in C to the next blank instead of trying every position: same
# matches as (?<=[^。；;！!？?：:\s])[ \t]*\n(?:[ \t]*\n)*[ \t]*(?=…), 2x faster.
_WRAPPED = re.compile(
    r"[ \t\n](?<=[^。；;！!？?：:\s][ \t\n])"  # the first blank, after a character ending no sentence
    r"(?:(?<=\n)[ \t\n]*|[ \t]*\n[ \t\n]*)"  # the other blanks, with at least one line break
    r"(?=[^\s（(一二三四五六七八九十\d])")  # before a character starting no list item
_SENTENCE_ENDS = "。；;!！?？\n"
_SENTENCE_END = re.compile("[" + _SENTENCE_ENDS + "]")

_INNER_PARENS = re.compile(r"[(（][^()（）]*[)）]")


def _mask_parens(text):
    """``text`` with every "(…)" blanked out, same length: a part's own breakdown
    ("部门财务信息2条(其中部门预算1条、部门决算1条)") is not another part."""
    return _INNER_PARENS.sub(lambda m: " " * len(m.group()), text)


def _parts(text, m, total):
    """(start, end, value) of the parts of a "共X条，其中A条、B条…" list.

    The list ends with its sentence (or its parenthesis); a list with a rough part ("1600余条")
    gives none, since the parts read could not add up. When its parts fall short of the
    total, a following sentence that opens with another part ("…1509条，占71.11%。各乡镇…613条")
    continues it, as long as the sum stays within the total.
    """
    rest_start = m.start("rest")
    if _ROUGH_PART.search(m.group("rest")):
        return []
    rest = _mask_parens(m.group("rest"))
    if m.group("paren"):
        close = re.search(r"[)）]", rest)
        rest = rest[:close.start()] if close else rest
    found = [(rest_start + p.start("n"), rest_start + p.end(), to_int(p.group("n"))) for p in _PART.finditer(rest)]
    pos = rest_start + len(m.group("rest"))
    while total is not None and found and sum(v for _, _, v in found) < total and pos < len(text):
        nxt = re.match(r"[。；;]([^。；;]*)", text[pos:])
        first = _PART.search(nxt.group(1).split("，")[0].split(",")[0]) if nxt else None
        if first is None:
            break
        more = [(pos + 1 + p.start("n"), pos + 1 + p.end(), to_int(p.group("n")))
                for p in _PART.finditer(_mask_parens(nxt.group(1)))]
        if sum(v for _, _, v in found + more) > total:
            break
        found += more
        pos += len(nxt.group(0))
    return found


@dataclass
class Claim:
    key: str
    value: int
    quote: str
    section: int
    offset: int
    group: Optional[int] = None


# How far a sentence or clause is looked for on each side of a claim, so the quote kept with it is
# at most about twice this (the longest real quote we have is 245 characters). Unbounded, a text of
# many claims and no sentence end (a hostile file) was read back and forth in full for each claim,
# and every quote held most of it: 640 KB stating 40,000 counts took two minutes.
_REACH = 300


def _start_after(text, at, ends, reach):
    """Where the stretch of text ending at ``at`` begins: just after the last of ``ends`` before
    ``at``, looked for at most ``reach`` characters back (never the whole text once per claim)."""
    floor = max(0, at - reach)
    return max([floor] + [text.rfind(c, floor, at) + 1 for c in ends])


def _sentence(text, start, end):
    """The sentence around text[start:end] (at most _REACH characters each side)."""
    m = _SENTENCE_END.search(text, end, end + _REACH)
    right = m.end() if m else min(len(text), end + _REACH)
    return text[_start_after(text, start, _SENTENCE_ENDS, _REACH):right].strip()


def _clause(text, start):
    return text[_start_after(text, start, "，,。；;\n", _REACH):start]


def _sentence_start(text, at):
    """Where the sentence holding ``at`` starts, at most 80 characters back."""
    return _start_after(text, at, _SENTENCE_ENDS, 80)


def unwrap(text):
    """Join lines a PDF wrapped mid-sentence ("答\n复 3050 件"): a line break not after a
    sentence end is not a boundary. Offsets of claims refer to this joined text."""
    if "\n" not in text:
        return text  # every join is at a line break (a third of the sections are one paragraph)
    return _WRAPPED.sub("", text)


def _is_proactive_total(text, m, parts):
    """Whether a "主动公开…X条" match is the year's total: said to be proactive (or followed by its
    parts), not a part of a list already read, not a share ("…1509条，占71.11%"), not documents
    given on request ("依申请公开政府信息12条"), not everything published so far ("截至…累计")."""
    if "bare" in m.re.groupindex and m.group("bare") and m.group("rest") is None and "主动" not in _clause(text, m.start()):
        return False  # "通过审计信息专栏公开政府信息16条": one channel's count, not said to be the total
    if m.group("unit") in ("件", "份") and not _INFO_BEFORE.search(text, max(0, m.start("n") - 8), m.start("n")):
        return False
    sentence_start = _sentence_start(text, m.start())
    which = _AFTER_WHICH.search(text, sentence_start, m.start())
    this_year = which is not None and _YEAR_WORD.match(which.group(1))
    if which and not this_year and not _MADE_BEFORE.search(text, sentence_start, which.start()):
        return False
    return (m.start("n") not in parts and not _SHARE_AFTER.match(text, m.end("unit"))
            and not _NOT_PROACTIVE_BEFORE.search(text, max(0, m.start() - 4), m.start())
            and (this_year or not _SO_FAR.search(text, sentence_start, m.start())))


def _is_published_total(text, m, parts):
    """Whether a count of published information not said to be proactive is the year's total:
    said of the year, through no single channel, and none of what _is_proactive_total rules out."""
    if _CHANNEL_WORDS.search(_clause(text, m.start()) + text[m.start():m.start("n")]):
        return False
    sentence_start = _sentence_start(text, m.start())
    return bool(_YEAR_MARK.search(text, sentence_start, m.start("n"))) and _is_proactive_total(text, m, parts)


def _is_application(text, m):
    """Whether an application count counts disclosure applications, all of them: not permits
    or hotline requests ("受理行政许可申请"), not one channel's share ("网络申请4件")."""
    if _NOT_APPLICATION.search(m.group(0)):
        return False
    noun = m.start("noun") if "noun" in m.re.groupindex else -1
    return noun < 0 or not _CHANNEL.search(text, max(0, noun - 4), noun)


def _word_starts(text, words):
    """{word: where it begins in ``text``} for those of ``words`` that ``text`` holds, found
    once for all the patterns."""
    where = {}
    for w in words:
        i = text.find(w)
        if i >= 0:
            found = where[w] = []
            while i >= 0:
                found.append(i)
                i = text.find(w, i + 1)
    return where


def _beginning_with(text, pattern, words, where):
    """The matches of ``pattern.finditer(text)`` when each begins with one of ``words``: the
    same leftmost, non-overlapping matches, tried only at those words."""
    starts = [i for w in words for i in where.get(w, ())]
    if not starts:
        return ()
    if len(words) > 1:
        starts = sorted(set(starts))
    found, end = [], 0
    for i in starts:
        if i >= end:
            m = pattern.match(text, i)
            if m:
                found.append(m)
                end = m.end()
    return found


def _matches(text, pattern, gate, where):
    """The matches of one of _PATTERNS, searched only where its gate lets it match
    (``where``: _word_starts of ``text``)."""
    if isinstance(gate, Begins):
        return _beginning_with(text, pattern, gate.words, where)
    if isinstance(gate, tuple):
        return pattern.finditer(text) if any(w in text for w in gate) else ()
    found, end = [], 0
    for a in _beginning_with(text, gate.anchor, gate.words, where):
        for m in pattern.finditer(text, max(end, a.start() - _ANCHOR_REACH), a.end()):
            found.append(m)
            end = m.end()
    return found


def find_claims(text, section):
    """Claims in the text of one section (0 = the preamble)."""
    text = unwrap(text)
    counts = _NUMBER_AND_UNIT.search(text) is not None
    where = _word_starts(text, _ALL_GATE_WORDS if counts else _DENIAL_WORDS)
    found = []
    taken = set()

    def add(key, value, start, end, grp=None):
        if value is None or (key, start) in taken:
            return
        taken.add((key, start))
        found.append(Claim(key, value, _sentence(text, start, end), section, start, grp))

    if counts:
        _proactive_totals(text, where, add, taken)
        _table_counts(text, where, add)
    _denials(text, where, add)
    # "办理答复政府信息公开申请7件" is read both ways; the number is one, received or handled.
    either = {c.offset for c in found if c.key == "t3.new_or_done"}
    found = [c for c in found if c.offset not in either or c.key not in ("t3.new.total", "t3.r.total.total")]
    found.sort(key=lambda c: (c.offset, c.key))
    return found


def _proactive_totals(text, where, add, taken):
    """The proactive totals (and the parts of a "共X条，其中A条、B条" list), each its own group."""
    group = 0
    parts = set()
    for m in _matches(text, _PROACTIVE, _PROACTIVE_GATE, where):
        if not _is_proactive_total(text, m, parts):
            continue
        group += 1
        total = to_int(m.group("n"))
        add("proactive.total", total, m.start("n"), m.end(), group)
        if m.group("rest") is not None:
            for start, end, value in _parts(text, m, total):
                parts.add(start)
                add("proactive.part", value, start, end, group)
    for m in _matches(text, _PROACTIVE_HEADED, _PROACTIVE_HEADED_GATE, where):
        if _is_proactive_total(text, m, parts) and ("proactive.total", m.start("n")) not in taken:
            group += 1
            add("proactive.total", to_int(m.group("n")), m.start("n"), m.end(), group)
    for pattern in _PUBLISHED if "信息" in text else ():
        for m in _matches(text, pattern, _PUBLISHED_GATE, where):
            if ("proactive.total", m.start("n")) not in taken and _is_published_total(text, m, parts):
                group += 1
                add("proactive.total", to_int(m.group("n")), m.start("n"), m.end(), group)


def _table_counts(text, where, add):
    """The counts of _PATTERNS: applications, handled, carried over, reviews, lawsuits."""
    for key, pattern, gate in _PATTERNS:
        for m in _matches(text, pattern, gate, where):
            if _NOT_OWN.search(_clause(text, m.start()) + m.group(0)):
                continue
            if key in _APPLICATION_KEYS and not _is_application(text, m):
                continue
            if key == "t3.r.total.total" and (_ONE_RESULT.search(_clause(text, m.start()))
                                              or _clause(text, m.start()).lstrip().startswith("其中")):
                continue  # "其中公开答复1件": one result of a breakdown
            add(key, to_int(m.group("n")), m.start("n"), m.end())


def _denials(text, where, add):
    """"未收到政府信息公开申请", "未发生行政复议…": counts of 0."""
    for m in _matches(text, _NO_APPLICATION, _NO_APPLICATION_GATE, where):
        add("t3.new.total", 0, m.start(), m.end())
    # A denial is located at the word it denies, so "未收到…行政复议、…行政诉讼" keeps text order.
    for m in _matches(text, _NO_REVIEW, _REVIEW_WORD, where):
        add("t4.rev.total", 0, m.end() - len("行政复议"), m.end())
    for m in _matches(text, _NO_LAWSUIT, _LAWSUIT_WORD, where):
        add("t4.lit.total", 0, m.end() - len("行政诉讼"), m.end())


_DENIAL_WORDS = sorted({w for g in (_NO_APPLICATION_GATE, _REVIEW_WORD, _LAWSUIT_WORD) for w in g.words})
_ALL_GATE_WORDS = sorted(set(_DENIAL_WORDS) | {
    w for g in [gate for _, _, gate in _PATTERNS] + [_PROACTIVE_GATE, _PROACTIVE_HEADED_GATE, _PUBLISHED_GATE]
    if not isinstance(g, tuple) for w in g.words})
