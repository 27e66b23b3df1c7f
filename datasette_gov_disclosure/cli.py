"""The ``gov-disclosure`` command (a contract: DESIGN.md ★ Command line).

Commands only parse arguments, call into the modules that do the work, and report.
Bad input ends as one line on stderr, never a traceback.
"""
import json
import os
import sqlite3
import sys

import click

from .load import DEFAULT_TIMEOUT
from .timeouts import RULE_TIMEOUT


def fail(message):
    """One clear line on stderr, exit status 1."""
    click.echo(f"错误 / error: {message}", err=True)
    sys.exit(1)


class BilingualGroup(click.Group):
    """Click's own errors (a missing option, a bad value) in the same one-line style as ours,
    Chinese first, Click's English after it."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as e:
            click.echo(f"错误 / error: {usage_in_chinese(e)} / {e.format_message()}", err=True)
            if e.ctx is not None:
                click.echo(e.ctx.get_usage().replace("Usage:", "用法 / usage:", 1), err=True)
                click.echo(f"帮助 / help: {e.ctx.command_path} --help", err=True)
            sys.exit(e.exit_code)
        except click.Abort:
            click.echo("已中止 / aborted", err=True)
            sys.exit(1)
        except click.ClickException as e:
            fail(e.format_message())
        sys.exit(code if isinstance(code, int) else 0)


def usage_in_chinese(e):
    """What a Click usage error says, in Chinese."""
    param = getattr(e, "param", None)
    name = None
    if isinstance(param, click.Option):
        name = max(param.opts, key=len)
    elif param is not None:
        name = param.human_readable_name
    if isinstance(e, click.MissingParameter):
        what = "参数" if (e.param_type or getattr(param, "param_type_name", "")) == "argument" else "选项"
        return f"缺少{what} {name or ''}".rstrip()
    if isinstance(e, click.NoSuchOption):
        return f"没有选项 {e.option_name}"
    if isinstance(e, click.BadParameter):
        return f"{name or e.param_hint or '参数'} 的值无效"
    if isinstance(e, click.BadOptionUsage):
        return f"选项 {e.option_name} 的用法有误"
    if "No such command" in e.message:
        return "没有这个命令"
    if "extra argument" in e.message:
        return "多余的参数"
    return "命令行有误"


@click.group(cls=BilingualGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="datasette-gov-disclosure")
def cli():
    """政府信息公开工作年度报告审核工具 — audit Chinese government information-disclosure annual reports.

    \b
    典型流程 / typical flow:
      gov-disclosure fetch https://…/zfxxgknb/ --out reports/   （可选：从网站下载）
      gov-disclosure load reports/ --db audit.db
      gov-disclosure audit --db audit.db
      gov-disclosure serve audit.db
    """


def open_database(db_path):
    """The database, or one line saying why it cannot be opened (no such folder, not SQLite)."""
    from . import store

    try:
        return store.open_db(db_path)
    except sqlite3.Error as e:
        why = _DB_ERRORS.get(str(e), "")
        fail(f"{db_path}: 无法打开数据库{why} / cannot open the database: {e}")


_DB_ERRORS = {"unable to open database file": "（所在文件夹不存在或没有写入权限）",
              "file is not a database": "（这个文件不是 SQLite 数据库）"}


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False), help="SQLite 数据库文件 / database file")
@click.option("--batch", default=200, show_default=True, type=click.IntRange(1),
              help="每个事务提交的报告数 / reports per transaction")
@click.option("-j", "--jobs", default=lambda: min(64, os.cpu_count() or 1), show_default="CPU 核数 / the CPUs",
              type=click.IntRange(1, 64), help="并行解析的进程数 / parser processes (one writer)")
@click.option("--timeout", default=DEFAULT_TIMEOUT, show_default=True, type=click.FloatRange(0, min_open=True),
              help="每个文件的解析时限（秒），超时记为 failed / seconds a file may take to parse")
def load(paths, db_path, batch, jobs, timeout):
    """载入报告文件或文件夹（递归）/ load report files or folders (recursively).

    每个输入文件都会在 sources 表中留下一行，在 reports 表中对应一份报告（解析失败的也一样，
    parse_error 写明原因）。重复载入同一文件不会改变数据库。
    """
    from .load import iter_files, load_paths

    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        fail(f"找不到 {missing[0]} / no such file or folder")
    db = open_database(db_path)
    try:
        if sys.stderr.isatty():
            total = sum(1 for _ in iter_files(paths))
            with click.progressbar(length=total, label="载入报告", file=sys.stderr) as bar:
                summary = load_paths(db, paths, progress=lambda _p: bar.update(1), batch=batch, jobs=jobs,
                                     timeout=timeout)
        else:
            summary = load_paths(db, paths, batch=batch, jobs=jobs, timeout=timeout)
    except sqlite3.Error as e:
        fail(f"{db_path}: 写入数据库出错 / cannot write the database: {e}")
    click.echo(summary.line(), err=True)
    for line in summary.failure_lines():
        click.echo(line, err=True)
    if summary["files"] == 0:
        fail("没有找到任何文件 / no files found")
    if summary["usable"] == 0:
        fail("没有一份报告解析成功 / no report could be parsed")


@cli.command()
@click.argument("urls", nargs=-1, required=True)
@click.option("--out", "out", required=True, type=click.Path(file_okay=False),
              help="保存下载文件和清单 manifest.jsonl 的文件夹 / folder for the files and manifest.jsonl")
@click.option("--depth", default=2, show_default=True, type=click.IntRange(0, 5),
              help="从列表页向下跟随链接的层数（翻页和附件不计）/ link levels followed from a list page")
@click.option("--delay", default=1.0, show_default=True, type=click.FloatRange(0, 600),
              help="对同一网站两次请求之间的间隔秒数 / seconds between two requests to one site")
@click.option("--refresh", is_flag=True, help="重新下载已下载过的网址 / fetch again what was fetched before")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(0.1, 600),
              help="等待响应的秒数 / seconds to wait for an answer")
@click.option("--max-bytes", default=32 * 1024 * 1024, show_default=True, type=click.IntRange(1),
              help="单个响应的大小上限（字节）/ size cap per response (bytes)")
@click.option("--retries", default=2, show_default=True, type=click.IntRange(0, 10),
              help="超时或服务器错误（5xx）后重试的次数 / retries after a time-out or a 5xx answer")
@click.option("--backoff", default=2.0, show_default=True, type=click.FloatRange(0, 600), hidden=True)
def fetch(urls, out, depth, delay, refresh, timeout, max_bytes, retries, backoff):
    """从政府网站下载年报：报告页、政府信息公开年报栏目（列表页）及附件 / fetch reports where they are published.

    \b
    URL 可以是一份报告的网页，也可以是“政府信息公开年报”栏目的列表页（会自动翻页）。
    例 / e.g.: gov-disclosure fetch https://www.example.gov.cn/zwgk/zfxxgknb/ --out reports/
               gov-disclosure load reports/ --db audit.db

    遵守 robots.txt，同一网站一次只发一个请求并间隔 --delay 秒。已下载的网址再次运行时跳过
    （--refresh 重新下载）。每个网址的结果记入 OUT/manifest.jsonl，load 据此记下报告的原文链接。
    """
    from .fetch.crawl import Options, crawl
    from .fetch.links import absolute

    bad = [u for u in urls if absolute(u, u) is None]
    if bad:
        fail(f"{bad[0]}: 不是 http(s) 网址 / not an http(s) URL")
    if os.path.isfile(out):
        fail(f"{out}: 是文件，不是文件夹 / is a file, not a folder")
    urls = list(dict.fromkeys(absolute(u, u) for u in urls))
    options = Options(out=out, depth=depth, delay=delay, refresh=refresh, timeout=timeout, max_bytes=max_bytes,
                      retries=retries, backoff=backoff)

    def failure(url, reason):
        click.echo(f"失败 {url}：{reason}", err=True)

    if sys.stderr.isatty():
        with click.progressbar(length=len(urls), label="下载", file=sys.stderr) as bar:
            def progress(done, total, _url):
                bar.length = total
                bar.update(done - bar.pos)

            summary = crawl(urls, options, progress=progress, failure=failure)
    else:
        summary = crawl(urls, options, failure=failure)
    click.echo(summary.line(out), err=True)
    if summary["list"] + summary["page"] + summary["attachment"] + summary["unchanged"] + summary["already"] == 0:
        fail("没有下载到任何文件 / nothing could be fetched")


@cli.command()
@click.argument("path", type=click.Path())
def parse(path):
    """把一份报告解析为 JSON（不写数据库）/ print one parsed report as JSON."""
    from .load import parse_file

    if not os.path.isfile(path):
        fail(f"{path}: 找不到文件 / no such file")
    report = parse_file(path)
    click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    if report.parse_status != "ok":
        click.echo(f"{path}: {report.parse_status}: {report.parse_error}", err=True)


# -h is Datasette's --host here (as in ``datasette serve``): only --help prints this help.
@cli.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True,
                               "help_option_names": ["--help"]})
@click.argument("args", nargs=-1, required=True, type=click.UNPROCESSED)
def serve(args):
    """用 Datasette 发布审核数据库 / serve FILE with Datasette, this plugin and metadata.yml.

    \b
    gov-disclosure serve FILE [datasette serve 的选项]
    例 / e.g.: gov-disclosure serve audit.db -p 8001
               gov-disclosure serve -i demo.db -h 0.0.0.0

    审核页面在 /<数据库名>/-/audit。给出 -m/--metadata 时用你的 metadata 代替项目自带的。
    """
    from .serve import run

    run(args)


def _rules(rules_dir):
    """The checked rule catalogue, or one line naming the bad file and field."""
    from .audit import RuleError, load_rules, shipped_rules_dir

    try:
        return load_rules(rules_dir or shipped_rules_dir())
    except (RuleError, FileNotFoundError) as e:
        fail(str(e))


RULES_OPTION = click.option("--rules", "rules_dir", type=click.Path(file_okay=False),
                            help="规则目录（默认：随包发布的规则）/ rules folder (default: the shipped catalogue)")


@cli.command()
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False), help="SQLite 数据库文件 / database file")
@RULES_OPTION
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(1, 8),
              help="并行执行规则的进程数 / processes evaluating rules (one writer)")
@click.option("--rule-timeout", default=RULE_TIMEOUT, show_default=True, type=click.FloatRange(0, min_open=True),
              help="每条规则的计算时限（秒），超时则审核中止、保留上一次结果 / seconds a rule may run")
def audit(db_path, rules_dir, jobs, rule_timeout):
    """按规则审核数据库中的全部报告 / audit every report in the database.

    为每条规则建视图 rule_<id>，并重建 rules、violations、rule_results、report_findings 四张表
    （全部规则审核完毕后一次替换旧表，中途中断则保留上一次的结果）。
    """
    from .audit import RuleFailed, run, summary_line

    if not os.path.isfile(db_path):
        fail(f"{db_path}: 找不到数据库文件 / no such database (先运行 gov-disclosure load)")
    rules = _rules(rules_dir)
    db = open_database(db_path)
    try:
        if sys.stderr.isatty():
            with click.progressbar(length=len(rules), label="审核规则", file=sys.stderr) as bar:
                summary = run(db.conn, rules, jobs=jobs, db_path=db_path, progress=lambda: bar.update(1),
                              rule_timeout=rule_timeout)
        else:
            summary = run(db.conn, rules, jobs=jobs, db_path=db_path, rule_timeout=rule_timeout)
    except RuleFailed as e:
        fail(f"{e}；审核中止，上一次的审核结果保持不变 / audit stopped, the previous audit is kept")
    except sqlite3.DatabaseError as e:
        fail(f"{db_path}: 无法审核这个数据库 / cannot audit this database: {e}")
    click.echo(summary_line(summary), err=True)
    if summary["parsed"] == 0:
        fail("没有一份报告可以审核（先用 gov-disclosure load 载入能解析的报告）/ no report could be audited")


@cli.group()
def rules():
    """规则目录：列出、查看、运行例子 / the rule catalogue: list, show, test."""


@rules.command("list")
@RULES_OPTION
def rules_list(rules_dir):
    """列出全部规则 / list every rule."""
    for r in _rules(rules_dir):
        click.echo(f"{r.id:<11} {r.severity:<8} {','.join(r.formats):<18} {r.title}")


@rules.command("show")
@click.argument("rule_id")
@RULES_OPTION
def rules_show(rule_id, rules_dir):
    """显示一条规则：依据、说明、编译出的 SQL / show one rule, its basis and its SQL."""
    found = [r for r in _rules(rules_dir) if r.id.lower() == rule_id.lower()]
    if not found:
        fail(f"没有规则 {rule_id} / no such rule (gov-disclosure rules list)")
    r = found[0]
    for label, value in (("规则", f"{r.id}  {r.title}"), ("级别", r.severity), ("格式", ", ".join(r.formats)),
                         ("文件", r.file), ("依据", r.basis), ("整改建议", r.remedy), ("说明", r.description),
                         ("类型", r.kind), ("例子", f"{len(r.examples)} 个"), ("视图", r.view)):
        click.echo(f"{label}：{value}")
    click.echo("SQL：")
    click.echo(r.sql)


@rules.command("test")
@RULES_OPTION
def rules_test(rules_dir):
    """运行每条规则自带的例子 / run the examples of every rule."""
    from .audit import run_examples

    outcomes = run_examples(_rules(rules_dir))
    failed = [o for o in outcomes if not o.ok]
    for o in failed:
        click.echo(f"✗ {o.rule_id} 例子“{o.name}”：{o.detail}", err=True)
    rules_count = len({o.rule_id for o in outcomes})
    click.echo(f"{rules_count} 条规则，{len(outcomes)} 个例子，{len(outcomes) - len(failed)} 个通过，"
               f"{len(failed)} 个失败。", err=True)
    if failed:
        sys.exit(1)


def main():
    cli(prog_name="gov-disclosure")
