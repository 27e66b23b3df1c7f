"""The official table templates (2019 and 2021 national formats) as plain data.

Keys are those of FORMAT.md appendix A; they end up in the database and in URLs, so they
never change.  Labels are given in normalised form (see ``normalize.label_key``): no
whitespace, ASCII brackets, no quotes.  No parsing logic lives here.
"""

FORMATS = ("2019", "2021")

# ---------------------------------------------------------------- sections
SECTIONS = {
    1: {"title": "总体情况", "aliases": []},
    2: {"title": "主动公开政府信息情况", "aliases": []},
    3: {"title": "收到和处理政府信息公开申请情况", "aliases": []},
    4: {
        "title": "政府信息公开行政复议、行政诉讼情况",
        "aliases": [
            "政府信息公开行政复议和诉讼情况",
            "政府信息公开被申请行政复议、行政诉讼情况",
            "因政府信息公开工作被申请行政复议和提起行政诉讼情况",
            "因政府信息公开被申请行政复议和提起行政诉讼情况",
        ],
    },
    5: {
        "title": "存在的主要问题及改进情况",
        "aliases": [
            "政府信息公开工作存在的主要问题及改进情况",
            "存在问题及改进情况",
            "存在的主要问题及改进措施",
        ],
    },
    # Reports before 2019 (the 2008 regulation's form) end with the statistics table as section 六.
    6: {"title": "其他需要报告的事项", "aliases": ["其他需报告事项", "其他需要报告事项", "政府信息公开情况统计表"]},
}
NUMERALS = "一二三四五六"  # the parts' numbers as their headings write them: 六、其他需要报告的事项


def part_name(no):
    """A part of the report as the place of a finding: 第六部分 · 其他需要报告的事项."""
    return f"第{NUMERALS[no - 1]}部分 · {SECTIONS[no]['title']}"


# Keywords that identify a section title when the wording differs from every known variant.
SECTION_KEYWORDS = {
    1: (("总体情况",), ("概述",)),
    2: (("主动公开",),),
    3: (("申请",), ("依申请",)),
    4: (("复议",), ("诉讼",)),
    5: (("问题",), ("改进",)),
    6: (("其他", "事项"), ("其他", "报告")),
}

# ---------------------------------------------------------------- table 二
# Each sub-table: caption, rows {key: [label, aliases...]}, cols {key: [label, aliases...]}.
T2 = {
    "2021": {
        "a20_1": {
            "caption": "第二十条第(一)项",
            "rows": {"regulation": ["规章"], "normative_doc": ["行政规范性文件", "规范性文件"]},
            "cols": {"issued": ["本年制发件数"], "repealed": ["本年废止件数"], "in_force": ["现行有效件数"]},
        },
        "a20_5": {
            "caption": "第二十条第(五)项",
            "rows": {"license": ["行政许可"]},
            "cols": {"decisions": ["本年处理决定数量"]},
        },
        "a20_6": {
            "caption": "第二十条第(六)项",
            "rows": {"penalty": ["行政处罚"], "coercion": ["行政强制"]},
            "cols": {"decisions": ["本年处理决定数量"]},
        },
        "a20_8": {
            "caption": "第二十条第(八)项",
            "rows": {"admin_fee": ["行政事业性收费"]},
            "cols": {"amount_wan": ["本年收费金额(单位:万元)", "本年收费金额(万元)"]},
        },
    },
    "2019": {
        "a20_1": {
            "caption": "第二十条第(一)项",
            "rows": {"regulation": ["规章"], "normative_doc": ["规范性文件", "行政规范性文件"]},
            "cols": {"made_new": ["本年新制作数量"], "published_new": ["本年新公开数量"],
                     "published_total": ["对外公开总数量"]},
        },
        "a20_5": {
            "caption": "第二十条第(五)项",
            "rows": {"license": ["行政许可"], "other_service": ["其他对外管理服务事项"]},
            "cols": {"prev_items": ["上一年项目数量"], "delta": ["本年增/减"], "decisions": ["处理决定数量"]},
        },
        "a20_6": {
            "caption": "第二十条第(六)项",
            "rows": {"penalty": ["行政处罚"], "coercion": ["行政强制"]},
            "cols": {"prev_items": ["上一年项目数量"], "delta": ["本年增/减"], "decisions": ["处理决定数量"]},
        },
        "a20_8": {
            "caption": "第二十条第(八)项",
            "rows": {"admin_fee": ["行政事业性收费"]},
            "cols": {"prev_items": ["上一年项目数量"], "delta": ["本年增/减"]},
        },
        "a20_9": {
            "caption": "第二十条第(九)项",
            "rows": {"central_procurement": ["政府集中采购"]},
            "cols": {"projects": ["采购项目数量"], "amount": ["采购总金额"]},
        },
    },
}

# Columns holding amounts of money (decimals allowed); every other Table 二 cell is a count.
T2_DECIMAL_COLS = {"amount_wan", "amount"}

# Column labels that exist only in one format: the strongest format signal there is.
T2_FORMAT_SIGNALS = {
    "2021": ["本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额"],
    "2019": ["本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减",
             "其他对外管理服务事项", "第二十条第(九)项", "政府集中采购"],
}

# ---------------------------------------------------------------- table 三
T3_NOTE = "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"
T3_COLS = ["np", "org_business", "org_research", "org_public_welfare", "org_legal", "org_other", "total"]
T3_COL_LABELS = {
    "np": "自然人", "org_business": "商业企业", "org_research": "科研机构",
    "org_public_welfare": "社会公益组织", "org_legal": "法律服务机构", "org_other": "其他", "total": "总计",
}
T3_GROUP_HEADERS = ["申请人情况", "法人或其他组织", "法人或者其他组织"]

_T3_HEAD = [
    ("new", ["一、本年新收政府信息公开申请数量"]),
    ("carry_in", ["二、上年结转政府信息公开申请数量"]),
    ("r.open", ["(一)予以公开"]),
    ("r.partial", ["(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
                   "(二)部分公开(区分处理的,只计这一情况,不计其他情形)", "(二)部分公开"]),
    ("r.deny.secret", ["1.属于国家秘密"]),
    ("r.deny.law", ["2.其他法律行政法规禁止公开"]),
    ("r.deny.safety", ["3.危及三安全一稳定"]),
    ("r.deny.third_party", ["4.保护第三方合法权益"]),
    ("r.deny.internal", ["5.属于三类内部事务信息", "5.属于三类内容事务信息"]),
    ("r.deny.process", ["6.属于四类过程性信息"]),
    ("r.deny.case_file", ["7.属于行政执法案卷"]),
    ("r.deny.query", ["8.属于行政查询事项"]),
    ("r.unable.not_held", ["1.本机关不掌握相关政府信息"]),
    ("r.unable.must_create", ["2.没有现成信息需要另行制作"]),
    ("r.unable.unclear", ["3.补正后申请内容仍不明确"]),
    ("r.noproc.petition", ["1.信访举报投诉类申请"]),
    ("r.noproc.repeat", ["2.重复申请"]),
    ("r.noproc.publication", ["3.要求提供公开出版物"]),
    ("r.noproc.massive", ["4.无正当理由大量反复申请"]),
    ("r.noproc.confirm", ["5.要求行政机关确认或重新出具已获取信息"]),
]
_T3_TAIL = [
    ("r.total", ["(七)总计"]),
    ("carry_out", ["四、结转下年度继续办理", "四、结转下年度继续处理"]),
]
T3_ROWS = {
    "2021": _T3_HEAD + [
        ("r.other.no_correction", ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                                   "1.申请人无正当理由逾期不补正,行政机关不再处理其政府信息公开申请"]),
        ("r.other.unpaid_fee", ["2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                                "2.申请人逾期未按收费通知要求缴纳费用,行政机关不再处理其政府信息公开申请"]),
        ("r.other.other", ["3.其他"]),
    ] + _T3_TAIL,
    "2019": _T3_HEAD + [("r.other", ["(六)其他处理"])] + _T3_TAIL,
}
# Labels of rows that carry no data of their own (group labels).
T3_GROUP_LABELS = ["三、本年度办理结果", "(三)不予公开", "(四)无法提供", "(五)不予处理", "(六)其他处理"]

# Result leaves: every concluded application lands in exactly one of them (FORMAT.md §4.2).
T3_LEAVES = {
    fmt: [key for key, _ in rows if key.startswith("r.") and key != "r.total"]
    for fmt, rows in T3_ROWS.items()
}

# ---------------------------------------------------------------- table 四
T4_GROUPS = {"rev": "行政复议", "lit_direct": "未经复议直接起诉", "lit_after_rev": "复议后起诉"}
T4_COLS = ["upheld", "corrected", "other", "pending", "total"]
T4_COL_LABELS = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果",
                 "pending": "尚未审结", "total": "总计"}
T4_CELL_ORDER = [(g, c) for g in T4_GROUPS for c in T4_COLS]


def t2_cells(fmt):
    """(row_key, col_key) of every Table 二 cell of a format, in reading order."""
    return [(row, col) for sub in T2[fmt].values() for row in sub["rows"] for col in sub["cols"]]


def t3_cells(fmt):
    return [(row, col) for row, _ in T3_ROWS[fmt] for col in T3_COLS]


def template_cells(fmt):
    """Every cell a report of this format must have, as (tbl, row_key, col_key)."""
    return ([("t2", r, c) for r, c in t2_cells(fmt)]
            + [("t3", r, c) for r, c in t3_cells(fmt)]
            + [("t4", g, c) for g, c in T4_CELL_ORDER])
