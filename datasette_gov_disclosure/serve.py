"""``gov-disclosure serve``: Datasette with this plugin and the project's metadata.yml.

metadata.yml keys its table descriptions and facets by database name ("demo", for demo.db as
``datasette publish`` serves it); here the same block is given to every database file served,
so ``serve audit.db`` gets them too.
"""
import atexit
import os
import shutil
import re
import signal
import sys
import tempfile
from html import escape
from pathlib import Path
from urllib.parse import quote

import yaml

from .paths import shipped

TEMPLATE_DATABASE = "demo"
DB_SUFFIXES = (".db", ".sqlite", ".sqlite3")
IMMUTABLE_FLAGS = ("-i", "--immutable")
METADATA_FLAGS = ("-m", "--metadata")


def database_names(args):
    """Names Datasette will give the database files among ``datasette serve`` arguments."""
    names = []
    for i, arg in enumerate(args):
        immutable = i > 0 and args[i - 1] in IMMUTABLE_FLAGS
        if arg.startswith("--immutable="):
            arg, immutable = arg.split("=", 1)[1], True
        if immutable or (not arg.startswith("-") and arg.lower().endswith(DB_SUFFIXES)):
            names.append(Path(arg).stem)
    return names


# What the demo's block says of the demo itself (where its reports came from): not of other files.
DEMO_ONLY = ("description", "description_html", "source", "source_url")
OVERVIEW_LINKS = re.compile(r'<p class="gd-overviews">.*?</p>', re.S)


def metadata_for(names, source=None):
    """The shipped metadata with its per-table block (descriptions of the columns, facets) copied
    to each served database; the demo's own description stays with the demo."""
    with open(source or shipped("metadata.yml"), encoding="utf-8") as f:
        metadata = yaml.safe_load(f)
    block = (metadata.pop("databases", None) or {}).get(TEMPLATE_DATABASE)
    if names and metadata.get("description_html"):
        # the home page's links to the overviews (Datasette 0.65 has no slot there for the plugin)
        links = "、".join(f'<a href="{quote(name)}/-/audit">{escape(name)}</a>' for name in names)
        paragraph = f'<p class="gd-overviews">审核概览：{links}（按规则、年份、地区和机构查看审核发现）</p>'
        metadata["description_html"] = OVERVIEW_LINKS.sub(lambda m: paragraph, metadata["description_html"])
    if block and names:
        general = {k: v for k, v in block.items() if k not in DEMO_ONLY}
        metadata["databases"] = {name: block if name == TEMPLATE_DATABASE else dict(general, description_html=(
            f'年度报告审核结果：<a href="{quote(name)}/-/audit">审核概览</a>'
            f'（按规则、年份、地区和机构查看审核发现）')) for name in names}
    return metadata


def datasette_args(args):
    """``datasette serve`` arguments: the user's, plus our metadata unless they gave their own."""
    args = list(args)
    if any(a in METADATA_FLAGS or a.startswith("--metadata=") for a in args):
        return args
    folder = tempfile.mkdtemp(prefix="gov-disclosure-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    exit_cleanly_on_sigterm()
    path = os.path.join(folder, "metadata.yml")
    with open(path, "w", encoding="utf-8") as f:
        yaml.safe_dump(metadata_for(database_names(args)), f, allow_unicode=True, sort_keys=False)
    return args + ["-m", path]


def exit_cleanly_on_sigterm():
    """SIGTERM (``kill``, a service manager stopping us) ends the process as a normal exit, so the
    atexit clean-up above runs. The web server handles SIGTERM itself, shuts down, then raises the
    signal again under the handler set here."""
    if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def run(args):
    from datasette.cli import cli as datasette_cli

    datasette_cli.main(args=["serve"] + datasette_args(args), prog_name="gov-disclosure serve")
