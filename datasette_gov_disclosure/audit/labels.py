"""Short Chinese names of table rows and columns, for messages that must read on their own.

The official labels (formats.py) are long; a message such as "一+二 = 28+3 = 31" needs the
names people use when they talk about the table. Keys are those of FORMAT.md appendix A.
"""
from .. import formats as T

T3_ROWS = {
    "new": "一、本年新收申请", "carry_in": "二、上年结转", "r.total": "三(七)总计",
    "carry_out": "四、结转下年度",
    "r.open": "(一)予以公开", "r.partial": "(二)部分公开",
    "r.deny.secret": "(三)1.国家秘密", "r.deny.law": "(三)2.法律行政法规禁止",
    "r.deny.safety": "(三)3.危及三安全一稳定", "r.deny.third_party": "(三)4.保护第三方合法权益",
    "r.deny.internal": "(三)5.三类内部事务信息", "r.deny.process": "(三)6.四类过程性信息",
    "r.deny.case_file": "(三)7.行政执法案卷", "r.deny.query": "(三)8.行政查询事项",
    "r.unable.not_held": "(四)1.本机关不掌握", "r.unable.must_create": "(四)2.需另行制作",
    "r.unable.unclear": "(四)3.补正后仍不明确",
    "r.noproc.petition": "(五)1.信访举报投诉类", "r.noproc.repeat": "(五)2.重复申请",
    "r.noproc.publication": "(五)3.要求提供公开出版物", "r.noproc.massive": "(五)4.无正当理由大量反复申请",
    "r.noproc.confirm": "(五)5.要求确认或重新出具",
    "r.other": "(六)其他处理", "r.other.no_correction": "(六)1.逾期不补正",
    "r.other.unpaid_fee": "(六)2.逾期未缴费", "r.other.other": "(六)3.其他",
}
T3_COLS = dict(T.T3_COL_LABELS, org_subtotal="法人或其他组织小计")
T4_ROWS = dict(T.T4_GROUPS)
T4_COLS = dict(T.T4_COL_LABELS)


def _t2(part):
    names = {}
    for fmt in T.T2.values():
        for sub in fmt.values():
            for key, labels in sub[part].items():
                names.setdefault(key, labels[0])
    return names


T2_ROWS = _t2("rows")
T2_COLS = _t2("cols")
T2_COLS["amount_wan"] = "本年收费金额(万元)"
T2_ROWS["normative_doc"] = "规范性文件"  # 行政规范性文件 (2021) / 规范性文件 (2019): one name for both

ROWS = {"t2": T2_ROWS, "t3": T3_ROWS, "t4": T4_ROWS}
COLS = {"t2": T2_COLS, "t3": T3_COLS, "t4": T4_COLS}
TABLES = {"t2": "表二", "t3": "表三", "t4": "表四"}


def row_name(tbl, key):
    return ROWS[tbl].get(key, key)


def col_name(tbl, key):
    return COLS[tbl].get(key, key)


def template_keys(tbl, fmt, axis):
    """Row or column keys of a table in one format, in template order."""
    if tbl == "t3":
        return [k for k, _ in T.T3_ROWS[fmt]] if axis == "row" else list(T.T3_COLS)
    if tbl == "t4":
        return list(T.T4_GROUPS) if axis == "row" else list(T.T4_COLS)
    keys = []
    for sub in T.T2[fmt].values():
        for k in sub["rows" if axis == "row" else "cols"]:
            if k not in keys:
                keys.append(k)
    return keys


def template_cells(tbl, fmt):
    """(row, col) of every template cell of one table in one format."""
    return [(r, c) for t, r, c in T.template_cells(fmt) if t == tbl]
