"""Reading the parameters of a rule file, with errors that name file and field."""
from fnmatch import fnmatchcase

from . import labels as L
from .sql import RuleError, is_glob

MISSING = object()


class Params:
    """The fields of one rule file (or of one item of its ``checks`` list)."""

    def __init__(self, data, where):
        self.data = dict(data)
        self.where = where          # "rules/T3-001.yml" or "rules/T3-001.yml: checks[1]"
        self.used = set()

    def error(self, field, problem):
        return RuleError(f"{self.where}: {field}: {problem}")

    def get(self, name, kind=None, default=MISSING, choices=None):
        self.used.add(name)
        if name not in self.data or self.data[name] is None:
            if default is MISSING:
                raise self.error(name, "缺少此字段 / required field missing")
            return default
        value = self.data[name]
        if kind is list and isinstance(value, (str, int)):
            value = [value]
        if kind is not None and not isinstance(value, kind):
            names = {list: "列表", dict: "映射", str: "文字", int: "整数", bool: "true/false"}
            raise self.error(name, f"应为{names.get(kind, kind.__name__)} / must be a {kind.__name__}")
        if choices is not None and value not in choices:
            raise self.error(name, f"{value!r} 不是 {'/'.join(map(str, choices))} 之一")
        return value

    def done(self, allowed_extra=()):
        extra = set(self.data) - self.used - set(allowed_extra)
        if extra:
            raise self.error(sorted(extra)[0], "未知字段 / unknown field")


def check_table(p, name="table"):
    return p.get(name, str, choices=("t2", "t3", "t4"))


def check_key(p, field, tbl, axis, key):
    """A literal row/column key must be a known one (typos are caught here)."""
    names = L.ROWS[tbl] if axis == "row" else L.COLS[tbl]
    if is_glob(key):
        if not any(fnmatchcase(k, key) for k in names):
            raise p.error(field, f"通配符 {key!r} 不匹配{L.TABLES[tbl]}的任何{'行' if axis == 'row' else '列'}")
    elif key not in names:
        raise p.error(field, f"{L.TABLES[tbl]}没有{'行' if axis == 'row' else '列'} {key!r}")


def check_cell_ref(p, field, ref, globs=False):
    """'t3/new/total' → ('t3', 'new', 'total'); 'row/col' globs allowed when ``globs``."""
    parts = str(ref).split("/")
    if len(parts) != 3:
        raise p.error(field, f"{ref!r} 应写成 表/行/列，如 t3/new/total")
    tbl, row, col = parts
    if tbl not in L.ROWS:
        raise p.error(field, f"{ref!r}：没有表 {tbl!r}（t2/t3/t4）")
    if not globs and is_glob(ref):
        raise p.error(field, f"{ref!r}：此处不能用通配符")
    check_key(p, field, tbl, "row", row)
    check_key(p, field, tbl, "col", col)
    return tbl, row, col
