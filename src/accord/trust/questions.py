"""The questions, in Accord's own words. The order of DIMENSIONS matches accord.analytics.trust."""

from __future__ import annotations

CONTACT_CHOICES = [
    (0, "We have had no contact"),
    (1, "We share information"),
    (2, "We coordinate our work"),
    (3, "We do joint, integrated work"),
]
CONTACT_QUESTION = "In the last three months, how have you worked with {org}?"

SCALE = [(1, "Not at all"), (2, "A little"), (3, "A fair amount"), (4, "A great deal")]
AGREEMENT = [(1, "Strongly disagree"), (2, "Disagree"), (3, "Neither agree nor disagree"), (4, "Agree"),
             (5, "Strongly agree")]
DONT_KNOW = "Don't know"

# code, short label, kind, question
DIMENSIONS = [
    ("reliability", "Reliability", "trust", "{org} does what it says it will do."),
    ("openness", "Openness", "trust", "{org} is willing to talk through difficult issues with us."),
    ("mission", "Shared mission", "trust", "{org} is committed to what the partnership is trying to achieve."),
    ("influence", "Influence", "value", "{org} has the standing to make things change for the partnership."),
    ("involvement", "Involvement", "value", "{org} takes an active part in the partnership's work."),
    ("resources", "Resources", "value", "{org} brings people, money, knowledge or data the partnership needs."),
]
DIMENSION_CHOICES = [(code, label) for code, label, _, _ in DIMENSIONS]
DIMENSION_CODES = [code for code, _, _, _ in DIMENSIONS]
DIMENSION_LABELS = dict(DIMENSION_CHOICES)

# factor code, label, statements (item code, text)
FACTORS = [
    ("respect", "Mutual respect and trust", [
        ("respect1", "Partners treat each other's views and expertise with respect."),
        ("respect2", "I can rely on the other partners to act in good faith."),
    ]),
    ("vision", "Shared vision", [
        ("vision1", "Partners agree on what the partnership is for."),
        ("vision2", "Our day-to-day work reflects the goals we agreed together."),
    ]),
    ("roles", "Clear roles", [
        ("roles1", "I know what my organisation is expected to do in the partnership."),
        ("roles2", "It is clear who decides what."),
    ]),
    ("communication", "Open communication", [
        ("comms1", "Problems are raised early and openly."),
        ("comms2", "Information reaches the people who need it in good time."),
    ]),
    ("resources", "Adequate resources", [
        ("resources1", "The partnership has the money it needs to do what it set out to do."),
        ("resources2", "Partners give the partnership enough of their people's time."),
    ]),
    ("leadership", "Skilled leadership", [
        ("lead1", "The partnership is led in a way that brings partners together."),
        ("lead2", "Leaders keep the partnership focused when things get difficult."),
    ]),
    ("interest", "Collaboration is in members' interest", [
        ("interest1", "Being part of this partnership helps my organisation achieve its own aims."),
        ("interest2", "The benefits of taking part outweigh the costs for my organisation."),
    ]),
]
FACTOR_CODES = [code for code, _, _ in FACTORS]
FACTOR_LABELS = {code: label for code, label, _ in FACTORS}

BAND_LABELS = {"strength": "A strength", "discuss": "To discuss", "concern": "A concern", "no answers": "No answers"}

MINUTES_PER_PARTNER = 1.5
MINUTES_FOR_FACTORS = 3


def minutes_needed(partners: int, factors: bool) -> int:
    """An honest estimate of the time the survey takes, shown before anyone starts."""
    total = partners * MINUTES_PER_PARTNER + (MINUTES_FOR_FACTORS if factors else 0)
    return max(2, round(total))
