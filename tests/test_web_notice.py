"""The rectification notice and the finding page as an agency and a journalist read them: the
report's own title or none, no file names, wording that fits what was found, an issuing body, and
/finding/<id> leading to the finding's page."""
import web_fixture as fx
from web_fixture import audit_db, ids  # noqa: F401  (fixtures)

BASE = "/audit/-/audit"


def test_finding_url_redirects_permanently_to_the_violation_page(audit_db):
    head, head_json = fx.fetch([f"{BASE}/finding/v-text002", f"{BASE}/finding/v-text002.json"],
                               files=[audit_db], method="head")
    assert head.status_code == 301 and head.headers["location"] == f"{BASE}/violation/v-text002"
    assert head_json.status_code == 301 and head_json.headers["location"] == f"{BASE}/violation/v-text002.json"
    (page,) = fx.fetch([f"{BASE}/finding/v-text002"], files=[audit_db])
    assert page.status_code == 200 and "叙述称受理依申请公开 31 件" in page.text


def test_finding_redirect_obeys_the_permission_check(audit_db):
    block = {"databases": {"audit": {"tables": {"violations": {"allow": False}}}}}
    (page,) = fx.fetch([f"{BASE}/finding/v-text002"], files=[audit_db], method="head", **fx.configured(block))
    assert page.status_code == 403 and "location" not in page.headers
