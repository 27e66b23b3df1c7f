"""What a report's notice says, decided from what the audit found and could judge.

A notice is sent to an agency under its name, so it must not claim more than the audit knows:
it quotes the report's own title only when the report has one, is headed 整改通知 only when there
is something to correct, says so plainly when most rules could not judge the report, and leaves
a second version of a report to the canonical report's notice.
"""
from .. import PLUGIN
from .links import public_url

ISSUER_BLANK = "（发文单位）"


def document_name(rep):
    """How the notice names the report: its own title in 《》, or described without 《》 (never a made-up title)."""
    if rep.get("title"):
        return f"《{rep['title']}》"
    return f"{_year(rep)}政府信息公开工作年度报告"


def _year(rep):
    return f"{rep['year']}年度" if rep.get("year") else ""


def kind(rep, counts, results):
    """version / unread / undecided / problems / clean: which notice this report gets.

    ``results``: the rule results for the report ({"total", "skipped"}), or None when the actor
    may not read them."""
    if rep.get("version_of"):
        return "version"
    if rep.get("parse_status") == "failed":
        return "unread"
    if counts["problems"]:
        return "problems"
    return "undecided" if mostly_undecided(results) else "clean"


def mostly_undecided(results):
    """Whether more than half of the rules could not judge the report (so "nothing found" says little)."""
    return bool(results and results["total"] and results["skipped"] * 2 > results["total"])


# kind: (what the document is, what it says) — the two lines of its title
HEADINGS = {
    "problems": ("", "存在问题的整改通知"),
    "clean": ("的核查意见", "未发现须整改的问题"),
    "undecided": ("的核查意见", "多数内容未能核查"),
    "unread": ("的核查意见", "报告未能读取，未作核查"),
    "version": ("的说明", "另有计入统计的版本，不单独出具核查意见"),
}


def heading(rep, which):
    """The notice's two-line title ("about", "what") and the page title ("text")."""
    suffix, what = HEADINGS[which]
    about = f"关于{_year(rep)}政府信息公开工作年度报告{suffix}"
    return {"about": about, "what": what, "text": about + ("" if which == "problems" else "：") + what}


def undecided_reason(rep):
    """Why most rules could not judge this report, in words an official understands."""
    if rep.get("format") == "legacy":
        return "报告使用2019年以前的统计表格式（多数核查项目只适用于2019年及以后的格式）"
    if rep.get("parse_status") == "partial":
        return "报告有部分内容未能读出"
    return "核查所需的内容未能从报告中读出"


def issuer(datasette):
    """The issuing body named in the sign-off (plugin setting ``notice_issuer``), or None."""
    value = (datasette.plugin_config(PLUGIN) or {}).get("notice_issuer")
    return value.strip() if isinstance(value, str) and value.strip() else None


def link_note(datasette, link):
    """For whoever prepares the notice (never printed): why its links may not work for the agency."""
    if public_url(datasette) is not None:
        return None
    if link["local"]:
        return "本页链接为临时地址，只能在本机打开，机构收到后无法访问：发送前请网站管理员设置本站的公开访问地址。"
    return "本页链接按本次访问的网址生成，不一定长期有效：发送前请网站管理员设置本站的公开访问地址。"
