"""In a real browser, Accord's pages run under their Content-Security-Policy without a single violation:
no inline script or style is blocked, because there is none (and /api/docs runs from its own files)."""

import pytest

from accord.mailing import services as mailing
from tests.conftest import PASSWORD
from tests.once import ONCE_ONLY

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile);
});
"""


@ONCE_ONLY
def test_no_page_breaks_its_content_security_policy(page, world):
    p = world.partnership
    mailing.list_create(actor=world.users["manager"], partnership=p, name="News", slug="news",
                        statement="We will e-mail you news.", topics=["Events"])
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.add_init_script(LISTEN)
    visited = 0
    for path in ["/accounts/sign-in/", "/lists/news/"]:
        page.goto(path)
        visited += 1
        assert page.evaluate("window.__cspViolations") == [], path
    sign_in(page, world.users["manager"].email, PASSWORD)
    for path in ["/partnerships/", f"/p/{p.pk}/", f"/p/{p.pk}/people/", f"/p/{p.pk}/trust/", f"/p/{p.pk}/lists/",
                 f"/p/{p.pk}/meetings/", f"/p/{p.pk}/charter/", f"/p/{p.pk}/health/", f"/p/{p.pk}/audit/",
                 "/api/docs"]:
        response = page.goto(path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__cspViolations") == [], path
        visited += 1
    assert page.locator("#swagger-ui").count() == 1 and page.locator(".swagger-ui").count() >= 1  # it ran
    assert visited == 12 and console == []
