"""Trust fixtures: a third member organisation (confidential results need three), and helpers to
open a wave and answer it as each invited person would."""

from __future__ import annotations

import datetime as dt

import pytest

from accord.partners.models import Membership, Organisation, Person
from accord.trust import services
from accord.trust.models import Invitation, Wave


def member_org(world, name: str, leader: str, email: str) -> Organisation:
    """Another member organisation with one senior leader, who is invited to every wave."""
    org = Organisation.objects.create(name=name, kind="charity")
    Membership.objects.create(partnership=world.partnership, organisation=org, joined=dt.date(2024, 1, 1))
    Person.objects.create(partnership=world.partnership, organisation=org, name=leader, seniority="senior_leader", email=email,
                          start_date=dt.date(2024, 1, 1))
    return org


@pytest.fixture
def org_c(world):
    return member_org(world, "Gamma Works", "Cleo Leader", "cleo@gamma.example")


def open_wave(world, *, confidentiality="named", instruments=("relationships", "factors"), invite="everyone",
              send=False, name="Spring survey") -> Wave:
    return services.wave_open(actor=world.users["manager"], partnership=world.partnership, name=name,
                              closes_on=dt.date.today() + dt.timedelta(days=14), instruments=list(instruments),
                              confidentiality=confidentiality, invite=invite, send=send)


def invitation(wave: Wave, email: str) -> Invitation:
    return wave.invitations.get(email=email)


def answer(inv: Invitation, about: Organisation, *, trust=3, value=3, contact=2, dont_know=()) -> None:
    ratings = {}
    for code in ("reliability", "openness", "mission"):
        ratings[code] = "dk" if code in dont_know else trust
    for code in ("influence", "involvement", "resources"):
        ratings[code] = "dk" if code in dont_know else value
    services.answer_partner(invitation=inv, about=about, contact=contact, ratings=ratings)


@pytest.fixture
def helpers():
    class H:
        pass

    h = H()
    h.open_wave, h.invitation, h.answer = open_wave, invitation, answer
    return h
