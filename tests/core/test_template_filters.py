"""The percent filter never breaks a page: a missing figure shows a dash, not a 500."""

from decimal import Decimal

from accord.core.templatetags.accord import percent


def test_percent_of_a_share():
    assert percent(0.5) == "50%"
    assert percent(Decimal("0.25"), 1) == "25.0%"


def test_missing_figures_are_a_dash():
    # "" is what a template gets for a missing dictionary key; it used to raise TypeError.
    for missing in (None, "", "n/a"):
        assert percent(missing) == "—"


def test_the_headers_addresses_worked_out_once_are_the_addresses():
    from django.urls import reverse

    from accord.core.templatetags.accord import address

    for pk in (1, 42, 918273645, 10**12):
        assert address("partners:home", pk) == reverse("partners:home", args=[pk])
        assert address("partners:people", pk) == reverse("partners:people", args=[pk])
    assert address("notices:list") == reverse("notices:list")
