"""What a rule says to the public — its basis, remedy, description and messages — must hold up
when an agency reads it: it cites an instrument a reader can look up (or says plainly that it
rests on the table's own arithmetic), and nothing in it makes sense only inside this repository."""
import re

import pytest
import yaml

from rules_support import shipped_rules

# Our research trail, never user-facing: file names, bracketed source tags ([S20], [V S24],
# [R：…], [P]), the reports the project was started from, section signs of our notes.
FILE_NAME = re.compile(r"[\w.-]+\.(md|ya?ml|py|txt|html?|db|tsv|json)\b", re.I)
SOURCE_TAG = re.compile(r"[\[［]\s*(?:[VPR](?:\s|[\]］：:]|$)|S\d)")
INTERNAL = re.compile(r"种子|seed|FORMAT|§|议题|解析器|parser|missing|ambiguous", re.I)
# A column name or a status word of the database: readers see 机构名称 and 无法判断, not those.
DATABASE_WORD = re.compile(r"(?<![a-z])[a-z]+_[a-z_]+|(?<![a-z])(?:skipped|pass|fail)(?![a-z])", re.I)
# A local standard or a province's notice is no basis for a finding about another province.
LOCAL_INSTRUMENT = re.compile(r"DB\d{2}/T|重庆市|四川省")
# An instrument a reader can check: a title in 《》, or a document number like 〔2021〕30号.
INSTRUMENT = re.compile(r"《[^》]+》|〔\d{4}〕\d+号")
OWN_ARITHMETIC = "表格自身的算术关系"
ONLY_PRACTICE = re.compile(r"通行做法|实务")

RULES = shipped_rules()


def user_facing_texts(rule):
    """Every text of the rule that reaches a reader: the fields, and the message templates."""
    with open(rule.file, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    texts = {k: data.get(k) or "" for k in ("title", "basis", "remedy", "description")}
    if isinstance(texts["basis"], dict):  # one basis per format
        texts.update({f"basis.{f}": text for f, text in texts.pop("basis").items()})
    for key, value in data.items():
        is_message = key.startswith("message") or key.endswith("_message")
        if is_message and isinstance(value, str):
            texts[key] = value
        elif is_message and isinstance(value, dict):
            texts.update({f"{key}.{k}": v for k, v in value.items() if isinstance(v, str)})
    return texts


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_texts_name_nothing_outside_the_published_database(rule):
    for field, text in user_facing_texts(rule).items():
        text = re.sub(r"\{\w+\}", "", text)  # a message's placeholders are filled from the report
        for pattern in (FILE_NAME, SOURCE_TAG, INTERNAL, LOCAL_INSTRUMENT, DATABASE_WORD):
            found = pattern.search(text)
            assert not found, f"{rule.id} {field}: {found.group(0)!r} in {text!r}"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_basis_cites_an_instrument_or_the_tables_own_arithmetic(rule):
    assert INSTRUMENT.search(rule.basis) or OWN_ARITHMETIC in rule.basis, rule.basis
    assert set(rule.bases) == set(rule.formats), rule.id
    for fmt, basis in rule.bases.items():
        assert INSTRUMENT.search(basis) or OWN_ARITHMETIC in basis, (rule.id, fmt, basis)


# Instruments issued after the 2019 format's reports were written (its reports cover 2019 and 2020
# and were published by March 2021; the 2021 format came with 国办公开办函〔2021〕30号 in September 2021).
LATER_THAN_2019_FORMAT = re.compile(r"〔202[1-9]〕|2021年格式")
# Rules whose every report is of 2021 or later, and STRUCT-004, whose finding is a report that
# used the 2021 format (it names the instrument that brought that format).
ONLY_LATER_REPORTS = {r.id for r in RULES if r.years.get("min", 0) >= 2021} | {"STRUCT-004"}


@pytest.mark.parametrize("rule", [r for r in RULES if "2019" in r.formats and r.id not in ONLY_LATER_REPORTS],
                         ids=lambda r: r.id)
def test_a_2019_format_report_is_shown_only_instruments_in_force_for_it(rule):
    found = LATER_THAN_2019_FORMAT.search(rule.bases["2019"])
    assert not found, f"{rule.id}: {found.group(0)!r} in {rule.bases['2019']!r}"


def test_the_2019_check_catches_what_the_old_texts_said():
    old = ("国办公开办函〔2021〕30号在“明确责任”部分，把年度报告不按时发布、发布内容不准确不全面、内容雷同、"
           "敷衍塞责列为应当依照《中华人民共和国政府信息公开条例》第四十七条督促整改或者通报批评的情形。")
    assert LATER_THAN_2019_FORMAT.search(old)
    assert not LATER_THAN_2019_FORMAT.search("国办公开办函〔2019〕60号印发的年度报告格式（试行）")


# An ASCII space beside Chinese punctuation is a line break of the rule file leaking into the text
# ("统计表。 依据", "按 0 计， 但"); spaces around a number or a placeholder are kept.
CJK = "[\u3000-\u303f\uff00-\uffef\u4e00-\u9fff“”‘’]"
STRAY_SPACE = re.compile(r"[，。；：、！？）”] +(?=" + CJK + r")|(?<=" + CJK + r") +[，。；：、！？（“]")


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_no_stray_space_inside_chinese(rule):
    for field, text in user_facing_texts(rule).items():
        found = STRAY_SPACE.search(text)
        assert not found, f"{rule.id} {field}: {text[max(0, found.start() - 8):found.end() + 8]!r}"


@pytest.mark.parametrize("text", ["表格的统计表。 依据表格", "分项之和不为 0 而合计空白， 或合计不为 0", "按 0 计， 但"])
def test_the_space_check_catches_the_texts_of_before(text):
    assert STRAY_SPACE.search(text)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_says_what_the_agency_should_do(rule):
    assert len(rule.remedy) >= 8, rule.id
    assert re.search(r"[\u4e00-\u9fff]", rule.remedy), rule.id


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_a_rule_resting_on_practice_says_so_and_is_never_an_error(rule):
    if ONLY_PRACTICE.search(rule.basis):
        assert rule.severity != "error", rule.id


@pytest.mark.parametrize("text, pattern", [
    ("（FORMAT.md §8）", FILE_NAME), ("[V S4、S5]", SOURCE_TAG), ("[S20、S21]", SOURCE_TAG),
    ("[R：格式原文未能核实]", SOURCE_TAG), ("[P]", SOURCE_TAG), ("种子 002", INTERNAL),
    ("重庆市落实国办公开办函〔2019〕60号的通知", LOCAL_INSTRUMENT), ("DB51/T 2660—2019", LOCAL_INSTRUMENT),
    ("同一机关（agency_id 相同）", DATABASE_WORD), ("本规则记为 skipped。", DATABASE_WORD), ("同一机关agency_id相同", DATABASE_WORD),
])
def test_the_checks_catch_what_the_old_texts_said(text, pattern):
    """The patterns find each kind of text the catalogue carried before this test existed."""
    assert pattern.search(text)


def test_the_checks_leave_legal_citations_alone():
    ok = ("《中华人民共和国政府信息公开条例》（国务院令第711号）第四十九条第一款；国办公开办函〔2021〕30号；"
          "第五十条第（四）项；表三“（七）总计”")
    for pattern in (FILE_NAME, SOURCE_TAG, INTERNAL, LOCAL_INSTRUMENT, DATABASE_WORD):
        assert not pattern.search(ok), pattern
    assert INSTRUMENT.search(ok)
