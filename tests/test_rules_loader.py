"""A wrong rule file is reported as one line naming the file and the field — never a traceback."""
import shutil

import pytest
import yaml
from click.testing import CliRunner

from datasette_gov_disclosure.audit import RuleError, load_rules, shipped_rules_dir
from datasette_gov_disclosure.cli import cli

GOOD = {
    "id": "X-001",
    "title": "测试规则",
    "severity": "error",
    "formats": ["2021"],
    "basis": "测试依据",
    "remedy": "测试整改建议",
    "description": "测试说明",
    "kind": "sum_identity",
    "table": "t4",
    "for_each": "row",
    "in": ["rev"],
    "left": ["total"],
    "right": ["upheld", "corrected", "other", "pending"],
    "examples": [
        {"name": "ok", "expect": "pass"},
        {"name": "bad", "expect": "fail", "t4": {"rev": [1, 0, 0, 0, 2]}},
    ],
}


def write(folder, name, data):
    path = folder / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def error_of(folder):
    with pytest.raises(RuleError) as e:
        load_rules(folder)
    return str(e.value)


def changed(**fields):
    data = dict(GOOD)
    for k, v in fields.items():
        if v is None:
            data.pop(k)
        else:
            data[k] = v
    return data


def test_a_good_file_loads(tmp_path):
    write(tmp_path, "X-001.yml", GOOD)
    (rule,) = load_rules(tmp_path)
    assert rule.id == "X-001" and rule.view == "rule_X_001"


def test_a_basis_by_format_gives_each_format_its_own(tmp_path):
    write(tmp_path, "X-001.yml", changed(formats=["2019", "2021"], basis={"2019": "依据甲。", "2021": "依据乙。"}))
    (rule,) = load_rules(tmp_path)
    assert rule.bases == {"2019": "依据甲。", "2021": "依据乙。"}
    assert rule.basis == "2019年格式（试行）的报告：依据甲。\n2021年格式的报告：依据乙。"
    # formats sharing a text share its paragraph (the rule page shows one paragraph per line)
    write(tmp_path, "X-001.yml", changed(formats=["2019", "2021", "legacy"],
                                         basis={"2019": "依据甲。", "2021": "依据甲。", "legacy": "依据丙。"}))
    (rule,) = load_rules(tmp_path)
    assert rule.basis == "2019年格式（试行）的报告、2021年格式的报告：依据甲。\n2019年以前格式的报告：依据丙。"


@pytest.mark.parametrize("data, field", [
    (changed(title=None), "title"),
    (changed(severity="fatal"), "severity"),
    (changed(formats=["2020"]), "formats"),
    (changed(id="T3 001"), "id"),
    (changed(kind="sums"), "kind"),
    (changed(left=["totl"]), "left"),
    (changed(relation="!="), "relation"),
    (changed(colour="red"), "colour"),
    (changed(examples=[{"name": "ok", "expect": "pass"}]), "examples"),
    (changed(examples=[{"expect": "pass"}, {"expect": "maybe"}]), "examples[2].expect"),
    (changed(examples=[{"expect": "pass"}, {"expect": "fail", "t4": {"rev": [1, 2]}}]), "examples[2]"),
    (changed(message="{context} {nothing}"), "message"),
    (changed(basis={"2019": "依据甲"}), "basis"),                    # not the rule's format
    (changed(basis={"2021": ["依据"]}), "basis.2021"),
    (changed(basis=3), "basis"),
    (changed(exclude_cells=["t4/rev"]), "exclude_cells"),
])
def test_errors_name_file_and_field(tmp_path, data, field):
    write(tmp_path, "X-001.yml", data)
    message = error_of(tmp_path)
    assert message.startswith(f"{tmp_path.name}/X-001.yml: {field}:"), message
    assert "\n" not in message


def test_malformed_yaml_names_the_file_and_line(tmp_path):
    write(tmp_path, "X-001.yml", "id: X-001\ntitle: [不闭合\n")
    message = error_of(tmp_path)
    assert message.startswith(f"{tmp_path.name}/X-001.yml: YAML 语法错误") and "第 " in message


@pytest.mark.parametrize("sql, problem, detail", [
    ("SELECT report_id, tbl, row_key, col_key, observed, expected, message FROM no_such_table",
     "SQL 无法编译", "no_such_table"),
    ("SELECT report_id, 'x' AS message FROM cells", "缺少违规列", "tbl"),
])
def test_raw_sql_is_compiled_and_checked(tmp_path, sql, problem, detail):
    data = changed(kind=None, table=None, for_each=None, left=None, right=None, **{"in": None})
    data["sql"] = sql
    write(tmp_path, "X-001.yml", data)
    message = error_of(tmp_path)
    assert message.startswith(f"{tmp_path.name}/X-001.yml: sql: {problem}") and detail in message


def test_kind_and_sql_together(tmp_path):
    write(tmp_path, "X-001.yml", changed(sql="SELECT 1"))
    assert error_of(tmp_path).startswith(f"{tmp_path.name}/X-001.yml: kind:")


def test_duplicate_ids_name_both_files(tmp_path):
    write(tmp_path, "X-001.yml", GOOD)
    write(tmp_path, "X-002.yml", GOOD)
    message = error_of(tmp_path)
    assert message.startswith(f"{tmp_path.name}/X-002.yml: id:") and "X-001.yml" in message


def test_a_shipped_rule_without_a_failing_example_fails(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(shipped_rules_dir(), folder)
    path = folder / "T3-001.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["examples"] = [ex for ex in data["examples"] if ex["expect"] != "fail"]
    write(folder, "T3-001.yml", data)
    assert error_of(folder).startswith("rules/T3-001.yml: examples:")


@pytest.mark.parametrize("command", [["audit", "--db", "{db}"], ["rules", "list"], ["rules", "test"]])
def test_cli_reports_a_bad_rule_file_in_one_line(tmp_path, command):
    write(tmp_path, "X-001.yml", changed(severity="fatal"))
    db = tmp_path / "x.db"
    db.write_bytes(b"")
    args = [a.replace("{db}", str(db)) for a in command] + ["--rules", str(tmp_path)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0
    assert "X-001.yml: severity:" in result.output and "Traceback" not in result.output


def test_rules_show_unknown_id(tmp_path):
    result = CliRunner().invoke(cli, ["rules", "show", "NOPE-1"])
    assert result.exit_code == 1 and "NOPE-1" in result.output


def test_audit_of_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("这不是数据库\n" * 200, encoding="utf-8")
    result = CliRunner().invoke(cli, ["audit", "--db", str(path)])
    assert result.exit_code == 1
    assert result.output.startswith("错误 / error: ") and "notes.db" in result.output
    assert result.output.strip().count("\n") == 0 and "Traceback" not in result.output
