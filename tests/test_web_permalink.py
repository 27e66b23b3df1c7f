"""The permanent link on a finding's page (the one sent to an agency) comes from the configured
``public_url``, not from the Host header of whoever asked; a local address is flagged on the page."""
import json

import pytest

import web_fixture as fx
from web_fixture import audit_db  # noqa: F401  (fixture)

PAGE = "/audit/-/audit/violation/v-text002"
LOCAL_NOTE = "这是本机地址"


def public(url):
    return fx.configured({"plugins": {"datasette-gov-disclosure": {"public_url": url}}})


def test_configured_public_url_wins_over_the_host_header(audit_db):
    html, twin = fx.fetch([PAGE, PAGE + ".json"], files=[audit_db], headers={"host": "evil.example"},
                          **public("https://audit.example.org/"))
    assert f'href="https://audit.example.org{PAGE}"' in html.text
    assert json.loads(twin.text)["permalink"] == f"https://audit.example.org{PAGE}"
    assert "evil.example" not in html.text and LOCAL_NOTE not in html.text


@pytest.mark.parametrize("configured", ["https://x.org", "https://x.org/pub/"])
def test_public_url_with_base_url(audit_db, configured):
    (twin,) = fx.fetch([PAGE + ".json"], files=[audit_db], settings={"base_url": "/pub/"}, **public(configured))
    assert json.loads(twin.text)["permalink"] == f"https://x.org/pub{PAGE}"


def test_without_public_url_the_request_address_is_used_and_a_local_one_is_flagged(audit_db):
    local, remote = fx.fetch([PAGE], files=[audit_db]), fx.fetch([PAGE], files=[audit_db],
                                                                headers={"host": "audit.gov.example"})
    assert f'href="http://localhost{PAGE}"' in local[0].text and LOCAL_NOTE in local[0].text
    assert f'href="http://audit.gov.example{PAGE}"' in remote[0].text and LOCAL_NOTE not in remote[0].text


@pytest.mark.parametrize("url, local", [("http://127.0.0.1:8001", True), ("http://localhost", True),
                                        ("http://[::1]:8001", True), ("https://audit.example.org", False),
                                        ("http://audit.internal.example", False)])
def test_local_addresses_are_flagged(audit_db, url, local):
    html, twin = fx.fetch([PAGE, PAGE + ".json"], files=[audit_db], **public(url))
    assert (LOCAL_NOTE in html.text) is local
    assert json.loads(twin.text)["permalink_local"] is local
