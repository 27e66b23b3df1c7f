"""The command line tells the truth about what happened, in one style (issue 13 items 9 and 17):
one line of error and a non-zero exit instead of a traceback, every failed file named with its
reason, Click's own usage errors in Chinese as well."""
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from limits import good_report

README = Path(__file__).resolve().parent.parent / "README.md"


def cli(*args):
    run = subprocess.run([sys.executable, "-c", "from datasette_gov_disclosure.cli import main; main()",
                          *map(str, args)], capture_output=True, text=True, timeout=120)
    return run.returncode, run.stdout, run.stderr


def test_database_that_cannot_be_opened(tmp_path):
    for db, why in (("/nonexistent_dir/x.db", "所在文件夹不存在或没有写入权限"), (README, "这个文件不是 SQLite 数据库")):
        code, out, err = cli("load", README, "--db", db)
        assert code == 1 and "Traceback" not in err
        assert len(err.splitlines()) == 1 and err.startswith(f"错误 / error: {db}: 无法打开数据库（{why}）")
    code, out, err = cli("audit", "--db", README)
    assert code == 1 and len(err.splitlines()) == 1 and "不是 SQLite 数据库" in err


def test_a_failed_file_is_named_with_its_reason(tmp_path):
    (tmp_path / "random.bin").write_bytes(bytes(range(256)) * 16)
    code, out, err = cli("load", tmp_path / "random.bin", "--db", tmp_path / "b.db")
    assert code == 1
    lines = err.splitlines()
    assert lines[0] == "共 1 个文件：新载入 1 份报告（ok 0，partial 0，failed 1）。"
    assert f"{tmp_path / 'random.bin'}：二进制文件" in err
    assert "SELECT s.path, r.parse_error FROM sources s JOIN reports r" in err
    assert lines[-1] == "错误 / error: 没有一份报告解析成功 / no report could be parsed"


def test_many_failed_files_first_twenty_then_a_count(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(26):
        (folder / f"{i:02d}.txt").write_bytes(f"不是报告的文字 {i}\n".encode())
    good_report(folder, "zz_good.txt")
    code, out, err = cli("load", folder, "--db", tmp_path / "b.db")
    assert code == 0, err
    named = [line for line in err.splitlines() if line.startswith(f"  {folder}")]
    assert [line.split("：")[0].strip() for line in named] == [str(folder / f"{i:02d}.txt") for i in range(20)]
    assert "另有 6 个" in err
    sql = err.split("全部列出 / list them all: ")[1].strip()
    conn = sqlite3.connect(tmp_path / "b.db")
    assert len(conn.execute(sql).fetchall()) == 26


def test_audit_of_a_database_where_nothing_parsed(tmp_path):
    (tmp_path / "x.txt").write_bytes(b"\x00\x01" * 100)
    cli("load", tmp_path / "x.txt", "--db", tmp_path / "b.db")
    code, out, err = cli("audit", "--db", tmp_path / "b.db")
    assert code == 1
    assert "没有一份报告可以审核" in err and "发现问题 0 条" not in err


def test_click_usage_errors_in_the_same_style():
    code, out, err = cli("load")
    assert code == 2
    assert err.splitlines()[0] == "错误 / error: 缺少参数 PATHS / Missing argument 'PATHS...'."
    code, out, err = cli("load", "x", "--db", "a.db", "--jobs", "0")
    assert code == 2 and err.startswith("错误 / error: --jobs 的值无效 / ")
    code, out, err = cli("lod")
    assert code == 2 and err.startswith("错误 / error: 没有这个命令 / No such command 'lod'.")
    assert "Usage:" not in err and "用法 / usage: gov-disclosure [OPTIONS] COMMAND [ARGS]..." in err


def test_file_names_cannot_drive_the_terminal(tmp_path):
    (tmp_path / "\x1b[2Jx.txt").write_bytes(b"\x00\x01" * 100)
    code, out, err = cli("load", tmp_path, "--db", tmp_path / "b.db")
    assert "\x1b" not in err and "\\x1b[2Jx.txt：二进制文件" in err
