"""Demo trust surveys: a wave every quarter over the three years. Trust in Change Path falls after
its chief executive leaves (LEADER_CHANGE) and recovers over the following year as the new
leader settles in. One wave (autumn 2024) is confidential. Senior leaders and managers are invited, so
in the two partners with both, two people answer and their rows of the heat map are shown; elsewhere
one person answers and that organisation's row is withheld (docs/trust.md). Deterministic: every draw
uses ctx.rng, and the second respondents' answers a separate seeded generator, so the rest of the demo
draws exactly what it did before they were added."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accord.trust import questions, services
from accord.trust.models import Contact, FactorAnswer, Rating, Response, Wave

from .context import LEADER_CHANGE, DemoContext

SEASONS = {3: "Spring", 6: "Summer", 9: "Autumn", 12: "Winter"}
NATIONAL = ("survivors", "perpetrators", "investment")


def _closing_dates() -> list[dt.date]:
    out, year, month = [], 2023, 12
    while (year, month) <= (2026, 9):
        out.append(dt.date(year, month, 15))
        month += 3
        if month > 12:
            month, year = month - 12, year + 1
    return out


def _dip(closes: dt.date) -> float:
    """How far trust in Change Path is down: sharply after the leader leaves, back within a year."""
    months = (closes - LEADER_CHANGE).days / 30.4
    if months < 0:
        return 0.0
    return max(0.0, 1.0 - 0.09 * months)


def _base(rater_key: str, about_key: str) -> float:
    if rater_key in NATIONAL and about_key in NATIONAL:
        return 3.4
    if about_key in NATIONAL or rater_key in NATIONAL:
        return 3.0
    return 2.7


def _contact(rater_key: str, about_key: str, rng: random.Random) -> int:
    if rater_key in NATIONAL and about_key in NATIONAL:
        return 3
    if rater_key in NATIONAL or about_key in NATIONAL:
        return rng.choice([1, 2, 2, 3]) if about_key != "investment" or rater_key in NATIONAL else rng.choice([0, 1])
    return rng.choice([0, 0, 1])


@transaction.atomic
def build(ctx: DemoContext) -> None:
    rng = ctx.rng
    second = random.Random(20162)  # the second respondent in an organisation
    manager = ctx.users["manager"]
    key_of = {org.pk: key for key, org in ctx.orgs.items()}
    items = list(services.ensure_instruments()["factors"].items.order_by("order"))
    factor_base = {"respect": 3.9, "vision": 4.2, "roles": 3.3, "communication": 3.6, "resources": 2.8,
                   "leadership": 3.8, "interest": 4.1}
    for number, closes in enumerate(_closing_dates()):
        opens = closes - dt.timedelta(days=21)
        season = SEASONS[closes.month]
        wave = services.wave_open(
            actor=manager, partnership=ctx.partnership, name=f"{season} {closes.year}", opens_on=opens,
            closes_on=closes, instruments=["relationships", "factors"], invite="leaders_managers", send=False,
            confidentiality=Wave.Confidentiality.CONFIDENTIAL if number == 3 else Wave.Confidentiality.NAMED)
        stamp = timezone.make_aware(dt.datetime.combine(opens, dt.time(9)))
        wave.invitations.update(sent_at=stamp)
        orgs = list(wave.organisations())
        invited: dict[int, list] = {}
        for i in sorted(wave.invitations.select_related("person"),
                        key=lambda x: (getattr(x.person, "seniority", "") != "senior_leader", x.email)):
            invited.setdefault(i.organisation_id, []).append(i)
        responses, extras = [], []
        for org in orgs:
            inv = (invited.get(org.pk) or [None])[0]
            if inv is None and rng.random() < 0.1:
                continue  # now and then a local partner without an invited leader does not send answers in
            responses.append(Response(
                wave=wave, organisation=org, invitation=inv,
                source=Response.Source.LINK if inv else Response.Source.IMPORT,
                respondent="" if inv else "Partnership lead", started_at=stamp,
                finished_at=stamp + dt.timedelta(days=rng.randint(1, 18))))
        for org in orgs:
            for inv in (invited.get(org.pk) or [])[1:]:
                extras.append(Response(wave=wave, organisation=org, invitation=inv, source=Response.Source.LINK,
                                       started_at=stamp, finished_at=stamp + dt.timedelta(days=second.randint(1, 18))))
        Response.objects.bulk_create(responses + extras)
        # answered while the wave was open: last saved when finished, not when the demo was loaded
        Response.objects.filter(wave=wave).update(updated_at=F("finished_at"))
        dip = _dip(closes)
        ratings, contacts, factor_answers = [], [], []
        for response, draw in [(r, rng) for r in responses] + [(r, second) for r in extras]:
            rater = key_of[response.organisation_id]
            for about in orgs:
                if about.pk == response.organisation_id:
                    continue
                about_key = key_of[about.pk]
                level = _contact(rater, about_key, draw)
                contacts.append(Contact(response=response, about=about, level=level))
                for code, _label, kind, _text in questions.DIMENSIONS:
                    if draw.random() < (0.25 if level == 0 else 0.04):
                        ratings.append(Rating(response=response, about=about, dimension=code, dont_know=True))
                        continue
                    mean = _base(rater, about_key) + (0.1 if kind == "value" else 0.0)
                    if about_key == "perpetrators":
                        mean -= dip * (1.2 if code == "reliability" else 0.8 if kind == "trust" else 0.5)
                    if rater == "perpetrators":
                        mean -= dip * 0.4
                    score = min(4, max(1, round(draw.gauss(mean, 0.35))))
                    ratings.append(Rating(response=response, about=about, dimension=code, score=score))
            for item in items:
                mean = factor_base.get(item.factor, 3.5) - (dip * 0.9 if item.factor in ("leadership", "communication")
                                                            else dip * 0.3)
                factor_answers.append(FactorAnswer(response=response, item=item,
                                                   score=min(5, max(1, round(draw.gauss(mean, 0.6))))))
        Contact.objects.bulk_create(contacts)
        Rating.objects.bulk_create(ratings)
        FactorAnswer.objects.bulk_create(factor_answers)
        services.wave_close(actor=manager, wave=wave)
    ctx.extra["trust_waves"] = Wave.objects.filter(partnership=ctx.partnership).count()
