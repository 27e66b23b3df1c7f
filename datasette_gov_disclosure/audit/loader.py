"""Read rules/*.yml, check every field, and compile each rule to its SQL.

A person who knows the regulations but not Python edits these files, so every mistake is
reported as one line naming the file and the field, and SQL is compiled against an empty
database before anything touches a real one.
"""
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional

import yaml

from .. import store
from ..formats import SECTIONS
from . import fixtures
from .kinds import KINDS
from .params import Params, check_cell_ref
from .sql import RuleError, any_unusable, glob_match, in_list

SEVERITIES = ("error", "warning", "info")
FORMATS = ("2019", "2021", "legacy")
BODY_TYPES = ("department", "government", "township")
REQUIRED_COLUMNS = ("report_id", "tbl", "row_key", "col_key", "observed", "expected", "message")
COMMON = {"id", "title", "severity", "formats", "basis", "remedy", "description", "examples", "kind", "sql",
          "decided_sql", "inputs", "years", "body_types", "note", "part"}
ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass
class Rule:
    id: str
    title: str
    severity: str
    formats: List[str]
    basis: str
    description: str
    examples: list
    kind: str                      # a generic kind, or "sql"
    file: str
    bases: dict = field(default_factory=dict)  # format → the basis a report of that format is shown
    remedy: str = ""               # 整改建议: what the agency should do about a finding
    years: dict = field(default_factory=dict)
    body_types: Optional[List[str]] = None
    part: Optional[int] = None     # the part of the report (1–6) its findings are about, when not a table cell
    sql: str = ""                  # the SELECT behind view rule_<id> (applicability included)
    decided_where: str = ""        # condition on reports r: the rule applies and its inputs were all parsed

    @property
    def decided(self):
        """SELECT of the reports the rule can decide (pass or fail); the others are skipped."""
        return f"SELECT r.id FROM reports r WHERE {self.decided_where}"

    @property
    def view(self):
        return "rule_" + re.sub(r"[^A-Za-z0-9_]", "_", self.id)

    @property
    def table_formats(self):
        return [f for f in self.formats if f in ("2019", "2021")]

    def applies_sql(self, alias="r"):
        """Which reports the rule speaks about: format, years, body types; never a second
        version of a report (audit/versions.py), which would count the report twice."""
        parts = [f"{alias}.version_of IS NULL", f"{alias}.format IN {in_list(self.formats)}"]
        if "min" in self.years:
            parts.append(f"{alias}.year >= {int(self.years['min'])}")
        if "max" in self.years:
            parts.append(f"{alias}.year <= {int(self.years['max'])}")
        if self.body_types:
            parts.append(f"{alias}.body_type IN {in_list(self.body_types)}")
        return " AND ".join(parts)


def _read(path, shown):
    try:
        with open(path, encoding="utf-8") as f:
            data = yaml.safe_load(f)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark else ""
        raise RuleError(f"{shown}: YAML 语法错误{where}：{getattr(e, 'problem', e)}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise RuleError(f"{shown}: 无法读取：{e}") from None
    if not isinstance(data, dict):
        raise RuleError(f"{shown}: 文件内容应是一个映射（字段: 值）/ the file must hold a mapping")
    return data


def _common(p):
    rid = p.get("id", str)
    if not ID.match(rid):
        raise p.error("id", f"{rid!r} 只能用 ASCII 字母、数字、点、横线 / ASCII letters, digits, '.', '-'")
    title = p.get("title", str)
    severity = p.get("severity", str, choices=SEVERITIES)
    formats = [str(f) for f in p.get("formats", list)]
    for f in formats:
        if f not in FORMATS:
            raise p.error("formats", f"{f!r} 不是 {'/'.join(FORMATS)} 之一")
    basis, bases = _basis(p, formats)
    description = p.get("description", str)
    remedy = p.get("remedy", str)
    years = p.get("years", dict, default={})
    for k, v in years.items():
        if k not in ("min", "max") or not isinstance(v, int):
            raise p.error("years", "应写成 {min: 2021} 或 {max: 2018}")
    body_types = p.get("body_types", list, default=None)
    for b in body_types or []:
        if b not in BODY_TYPES:
            raise p.error("body_types", f"{b!r} 不是 {'/'.join(BODY_TYPES)} 之一")
    p.get("note", str, default=None)
    part = p.get("part", int, default=None, choices=tuple(SECTIONS))
    return dict(id=rid, title=title, severity=severity, formats=formats, basis=basis, bases=bases, remedy=remedy,
                description=description, years=years, body_types=body_types, part=part)


# How the catalogue's text of a rule introduces the basis for each format, when they differ.
FORMAT_LABELS = {"2019": "2019年格式（试行）的报告", "2021": "2021年格式的报告", "legacy": "2019年以前格式的报告"}


def _basis(p, formats):
    """The rule's basis as the catalogue shows it, and the one shown with a finding on a report
    of each format. A finding cites only what was in force for its report: the 2019 format's
    reports were written before 国办公开办函〔2021〕30号 existed, so a rule whose basis differs
    by format gives it as a mapping, one text per format."""
    value = p.get("basis")
    if isinstance(value, str):
        return value, {f: value for f in formats}
    if not isinstance(value, dict):
        raise p.error("basis", "应为文字，或按格式分写的映射（\"2019\": …，\"2021\": …）/ text or a mapping by format")
    bases = {str(k): v for k, v in value.items()}
    if set(bases) != set(formats):
        raise p.error("basis", f"按格式分写时应恰好写出 formats 所列的格式（{'、'.join(formats)}）"
                               f" / one text for each of the rule's formats")
    for f, text in bases.items():
        if not isinstance(text, str) or not text.strip():
            raise p.error(f"basis.{f}", "应为文字 / must be text")
    # one paragraph per different text, led by the formats it serves
    texts = {}
    for f in formats:
        texts.setdefault(bases[f], []).append(FORMAT_LABELS[f])
    shown = "\n".join(f"{'、'.join(labels)}：{text}" for text, labels in texts.items())
    return shown, bases


def _examples(p, rule):
    examples = p.get("examples", list)
    expects = []
    for i, ex in enumerate(examples, 1):
        where = f"examples[{i}]"
        if not isinstance(ex, dict):
            raise p.error(where, "每个例子应是一个映射 / each example is a mapping")
        expect = ex.get("expect")
        if expect not in ("pass", "fail", "skipped"):
            raise p.error(f"{where}.expect", "应为 pass、fail 或 skipped")
        expects.append(expect)
        try:
            fixtures.build(ex, rule)
        except fixtures.FixtureError as e:
            raise p.error(where, str(e)) from None
    if "pass" not in expects or "fail" not in expects:
        raise p.error("examples", "至少要有一个通过（expect: pass）和一个不通过（expect: fail）的例子")
    return examples


def _raw_sql(p, conn):
    sql = one_select(conn, p, "sql", p.get("sql", str))
    decided = p.get("decided_sql", str, default=None)
    inputs = p.get("inputs", list, default=[])
    refs = [check_cell_ref(p, "inputs", ref, globs=True) for ref in inputs]
    conds = [f"r.id IN ({one_select(conn, p, 'decided_sql', decided)})"] if decided else []
    if refs:
        cond = " OR ".join(glob_match("c", t, f"{r}/{c}") for t, r, c in refs)
        tables = in_list(sorted({t for t, _, _ in refs}))
        conds.append(f"NOT {any_unusable('r.id', f'c.tbl IN {tables} AND ({cond})')}")
    return sql, " AND ".join(conds) or None


# What a rule's own SQL may do when it is compiled: read. (Authorizer action codes.)
_READ_ONLY = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, getattr(sqlite3, "SQLITE_RECURSIVE", 33)}


def one_select(conn, p, fld, sql):
    """Raw SQL, checked to be one read-only SELECT on its own, ready to be wrapped in a subquery.

    It is compiled alone first (EXPLAIN: never run): text that only compiles once wrapped, such as
    ``SELECT id FROM reports) OR (1``, would escape the subquery and change what the rule means.
    The newline ends a trailing "-- comment" before the closing parenthesis.
    """
    sql = sql.strip().rstrip(";").strip()
    conn.set_authorizer(lambda action, *_: sqlite3.SQLITE_OK if action in _READ_ONLY else sqlite3.SQLITE_DENY)
    try:
        conn.execute("EXPLAIN " + sql)
    except (sqlite3.Error, sqlite3.Warning) as e:
        raise p.error(fld, f"SQL 无法编译：应是单独一条只读的 SELECT 语句 / does not compile as one read-only "
                           f"SELECT statement: {e}") from None
    finally:
        conn.set_authorizer(None)
    return sql + "\n"


def _columns(conn, sql, shown, fld):
    try:
        cur = conn.execute(f"SELECT * FROM ({sql}) LIMIT 0")
    except sqlite3.Error as e:
        raise RuleError(f"{shown}: {fld}: SQL 无法编译 / does not compile: {e}") from None
    return [d[0] for d in cur.description]


def compile_rule(data, shown, conn):
    p = Params(data, shown)
    rule = Rule(kind="", examples=[], file=shown, **_common(p))
    has_kind, has_sql = "kind" in data, "sql" in data
    if has_kind == has_sql:
        raise p.error("kind", "kind 与 sql 必须有且只有一个 / exactly one of kind and sql")
    if has_sql:
        inner, decided_cond = _raw_sql(p, conn)
        rule.kind = "sql"
        kind_params = None
    else:
        rule.kind = p.get("kind", str, choices=tuple(KINDS))
        kind_params = Params({k: v for k, v in data.items() if k not in COMMON}, shown)
        inner, decided_cond = KINDS[rule.kind](rule, kind_params)
    rule.examples = _examples(p, rule)
    p.done(allowed_extra=set(data) - COMMON if kind_params is not None else ())
    field_name = "sql" if has_sql else "kind"
    cols = _columns(conn, inner, shown, field_name)
    absent = [c for c in REQUIRED_COLUMNS if c not in cols]
    if absent:
        raise RuleError(f"{shown}: {field_name}: 缺少违规列 / missing violation columns: {', '.join(absent)}")
    extra = {c: (f"v.{c}" if c in cols else "NULL") for c in ("locator", "severity")}
    rule.sql = (f"SELECT v.report_id, v.tbl, v.row_key, v.col_key, v.observed, v.expected, v.message, "
                f"{extra['locator']} AS locator, {extra['severity']} AS severity FROM ({inner}) v "
                f"WHERE v.report_id IN (SELECT r.id FROM reports r WHERE {rule.applies_sql()})")
    rule.decided_where = rule.applies_sql() + (f" AND ({decided_cond})" if decided_cond else "")
    _columns(conn, rule.sql, shown, field_name)
    _columns(conn, rule.decided, shown, "decided_sql" if has_sql else "kind")
    return rule


def load_rules(directory):
    """Every rules/*.yml below ``directory``, checked and compiled, sorted by id."""
    directory = Path(directory)
    if not directory.is_dir():
        raise RuleError(f"{directory}: 规则目录不存在 / no such rules folder")
    files = sorted(directory.glob("*.yml")) + sorted(directory.glob("*.yaml"))
    if not files:
        raise RuleError(f"{directory}: 没有规则文件（*.yml）/ no rule files")
    conn = sqlite3.connect(":memory:")
    conn.executescript(store.SCHEMA)
    rules, seen = [], {}
    for path in files:
        shown = f"{directory.name}/{path.name}"
        rule = compile_rule(_read(path, shown), shown, conn)
        if rule.id in seen:
            raise RuleError(f"{shown}: id: {rule.id} 与 {seen[rule.id]} 重复 / duplicate id")
        seen[rule.id] = shown
        rules.append(rule)
    conn.close()
    return sorted(rules, key=lambda r: r.id)


def shipped_rules_dir():
    from ..paths import shipped

    return shipped("rules")
