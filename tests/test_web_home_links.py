"""Datasette's own home and database pages lead to the audit overview: on 1.0 through the slots at
the top of those pages, on 0.65 (which has no such slots) through the database's description,
which `gov-disclosure serve` and metadata.yml give every database they serve."""
import yaml

import web_fixture as fx
from web_fixture import audit_db  # noqa: F401  (fixture)
from datasette_gov_disclosure import serve
from datasette_gov_disclosure.paths import shipped


def test_the_database_page_links_to_the_overview(audit_db):  # noqa: F811
    metadata = serve.metadata_for(["audit"])
    home, database = fx.fetch(["/", "/audit"], files=[audit_db], metadata=metadata)
    assert database.status_code == 200
    assert 'href="audit/-/audit"' in database.text or 'href="/audit/-/audit"' in database.text
    # the home page too, on both lines (0.65: the description gd-overviews; 1.0: also the gd-top slot)
    assert '<p class="gd-overviews">审核概览：<a href="audit/-/audit">audit</a>' in home.text
    if "gd-top" in home.text:
        assert 'href="/audit/-/audit"' in home.text


def test_the_home_page_links_only_the_overviews_of_the_databases_served():
    metadata = serve.metadata_for(["a b", "x<y"])
    assert "demo/-/audit" not in metadata["description_html"]
    assert ('审核概览：<a href="a%20b/-/audit">a b</a>、<a href="x%3Cy/-/audit">x&lt;y</a>'
            in metadata["description_html"])
    plain = yaml.safe_load(shipped("metadata.yml").read_text(encoding="utf-8"))
    assert '<a href="demo/-/audit">demo</a>' in plain["description_html"]  # datasette -m metadata.yml demo.db


def test_the_published_demo_links_its_overview():
    metadata = yaml.safe_load(shipped("metadata.yml").read_text(encoding="utf-8"))
    assert 'href="demo/-/audit"' in metadata["databases"]["demo"]["description_html"]


def test_a_database_that_is_not_ours_gets_no_link(tmp_path):
    import sqlite3

    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE reports (id TEXT)").connection.commit()
    (page,) = fx.fetch(["/other"], files=[other])
    assert page.status_code == 200 and "-/audit" not in page.text
