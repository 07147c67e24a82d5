"""The foundation's pages and every domain's tab pass axe-core's accessibility rules (the copy bundled with
axe-playwright-python, injected into the page: nothing is fetched) on a phone-sized screen."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from accord.demo import partnership as demo

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SERIOUS = {"serious", "critical"}


def _problems(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} places)" for v in results.response["violations"]
            if v.get("impact") in SERIOUS]


def _every_tab(partnership) -> list[str]:
    """Each domain's tab in the partnership's navigation, as the manager sees it."""
    from django.urls import reverse

    from accord.core.registry import NAV_LINKS

    return [reverse(link.url_name, args=[partnership.pk]) for link in NAV_LINKS.values()]


def test_sign_in_page_is_accessible(page):
    page.goto("/accounts/sign-in/")
    assert _problems(page) == []


def test_the_managers_pages_are_accessible(page):
    call_command("demo")
    sign_in(page, "manager@compass.example", demo.PASSWORD)
    from accord.partners.models import Partnership

    p = Partnership.objects.get(name=demo.NAME)
    org = p.memberships.first().organisation
    for path in [f"/p/{p.pk}/", f"/p/{p.pk}/people/", f"/p/{p.pk}/organisations/{org.pk}/",
                 f"/p/{p.pk}/members/add/", f"/accounts/p/{p.pk}/invite/", f"/accounts/p/{p.pk}/team/",
                 "/accounts/", "/partnerships/", f"/p/{p.pk}/audit/",
                 # added with sign-in, two-factor and the access record's checks
                 "/accounts/two-factor/", "/accounts/two-factor/app/", "/accounts/password/",
                 f"/p/{p.pk}/library/record/", f"/p/{p.pk}/library/record/verify/",
                 f"/p/{p.pk}/library/{p.library_items.first().pk}/withdraw/",
                 # added with personal data (the tab is in _every_tab)
                 "/accounts/my-data/", "/accounts/close/"] + _every_tab(p):
        page.goto(path)
        assert _problems(page) == [], path
