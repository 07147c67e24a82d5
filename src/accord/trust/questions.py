"""The questions, in Accord's own words (marked with gettext_noop: they stay English here, as stored
results and CSV files use them, and each page translates them with gettext where it shows them). The order of DIMENSIONS matches accord.analytics.trust."""

from __future__ import annotations

from django.utils.translation import gettext_noop

CONTACT_CHOICES = [
    (0, gettext_noop("We have had no contact")),
    (1, gettext_noop("We share information")),
    (2, gettext_noop("We coordinate our work")),
    (3, gettext_noop("We do joint, integrated work")),
]
CONTACT_QUESTION = gettext_noop("In the last three months, how have you worked with {org}?")

SCALE = [(1, gettext_noop("Not at all")), (2, gettext_noop("A little")), (3, gettext_noop("A fair amount")), (4, gettext_noop("A great deal"))]
AGREEMENT = [(1, gettext_noop("Strongly disagree")), (2, gettext_noop("Disagree")), (3, gettext_noop("Neither agree nor disagree")), (4, gettext_noop("Agree")),
             (5, gettext_noop("Strongly agree"))]
DONT_KNOW = gettext_noop("Don't know")

# code, short label, kind, question
DIMENSIONS = [
    ("reliability", gettext_noop("Reliability"), "trust", gettext_noop("{org} does what it says it will do.")),
    ("openness", gettext_noop("Openness"), "trust", gettext_noop("{org} is willing to talk through difficult issues with us.")),
    ("mission", gettext_noop("Shared mission"), "trust", gettext_noop("{org} is committed to what the partnership is trying to achieve.")),
    ("influence", gettext_noop("Influence"), "value", gettext_noop("{org} has the standing to make things change for the partnership.")),
    ("involvement", gettext_noop("Involvement"), "value", gettext_noop("{org} takes an active part in the partnership's work.")),
    ("resources", gettext_noop("Resources"), "value", gettext_noop("{org} brings people, money, knowledge or data the partnership needs.")),
]
DIMENSION_CHOICES = [(code, label) for code, label, _, _ in DIMENSIONS]
DIMENSION_CODES = [code for code, _, _, _ in DIMENSIONS]
DIMENSION_LABELS = dict(DIMENSION_CHOICES)

# factor code, label, statements (item code, text)
FACTORS = [
    ("respect", gettext_noop("Mutual respect and trust"), [
        ("respect1", gettext_noop("Partners treat each other's views and expertise with respect.")),
        ("respect2", gettext_noop("I can rely on the other partners to act in good faith.")),
    ]),
    ("vision", gettext_noop("Shared vision"), [
        ("vision1", gettext_noop("Partners agree on what the partnership is for.")),
        ("vision2", gettext_noop("Our day-to-day work reflects the goals we agreed together.")),
    ]),
    ("roles", gettext_noop("Clear roles"), [
        ("roles1", gettext_noop("I know what my organisation is expected to do in the partnership.")),
        ("roles2", gettext_noop("It is clear who decides what.")),
    ]),
    ("communication", gettext_noop("Open communication"), [
        ("comms1", gettext_noop("Problems are raised early and openly.")),
        ("comms2", gettext_noop("Information reaches the people who need it in good time.")),
    ]),
    ("resources", gettext_noop("Adequate resources"), [
        ("resources1", gettext_noop("The partnership has the money it needs to do what it set out to do.")),
        ("resources2", gettext_noop("Partners give the partnership enough of their people's time.")),
    ]),
    ("leadership", gettext_noop("Skilled leadership"), [
        ("lead1", gettext_noop("The partnership is led in a way that brings partners together.")),
        ("lead2", gettext_noop("Leaders keep the partnership focused when things get difficult.")),
    ]),
    ("interest", gettext_noop("Collaboration is in members' interest"), [
        ("interest1", gettext_noop("Being part of this partnership helps my organisation achieve its own aims.")),
        ("interest2", gettext_noop("The benefits of taking part outweigh the costs for my organisation.")),
    ]),
]
FACTOR_CODES = [code for code, _, _ in FACTORS]
FACTOR_LABELS = {code: label for code, label, _ in FACTORS}

BAND_LABELS = {"strength": gettext_noop("A strength"), "discuss": gettext_noop("To discuss"), "concern": gettext_noop("A concern"), "no answers": gettext_noop("No answers")}

MINUTES_PER_PARTNER = 1.5
MINUTES_FOR_FACTORS = 3


def minutes_needed(partners: int, factors: bool) -> int:
    """An honest estimate of the time the survey takes, shown before anyone starts."""
    total = partners * MINUTES_PER_PARTNER + (MINUTES_FOR_FACTORS if factors else 0)
    return max(2, round(total))
