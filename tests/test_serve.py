"""`gov-disclosure serve` passes Datasette's own options through (-h is the host, as in
`datasette serve`) and leaves nothing behind in the temporary folder when it is stopped."""
import os
import signal
import urllib.request

from click.testing import CliRunner

import web_fixture as fx
from datasette_gov_disclosure.cli import cli


def test_serve_with_dash_h_serves_on_that_host_and_sigterm_cleans_up(tmp_path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = dict(os.environ, TMPDIR=str(temp))
    db = fx.build(tmp_path / "db", audit=False)
    with fx.serving(db, env=env) as server:  # gov-disclosure serve DB -h 127.0.0.1 -p PORT
        with urllib.request.urlopen(server["base"] + "/audit/-/audit.json", timeout=10) as r:
            assert r.status == 200
        assert len(ours(temp)) == 1  # the metadata given to Datasette
        server["proc"].send_signal(signal.SIGTERM)
        assert server["proc"].wait(timeout=20) != 0
    assert ours(temp) == []


def ours(folder):
    return [p for p in folder.iterdir() if p.name.startswith("gov-disclosure-")]


def test_serve_help_is_still_there():
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0 and "datasette serve 的选项" in result.output
