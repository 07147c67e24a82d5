"""The demo partnership, modelled on the story in shared/context/article.txt: three national partners
with different focuses, their leaders (one of whom leaves and is replaced), local delivery partners in
seven areas, and a funder. Every name and number is fictional."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from accord.accounts.models import User
from accord.partners.models import Capability, Membership, Organisation, Partnership, Person, Role

from .context import LEADER_CHANGE, START, DemoContext

NAME = "The Compass Partnership"
PASSWORD = "compass-demo-2026"

ORGS = [
    # key, name, kind, org id, focus, capabilities, lead, local role
    ("survivors", "Safer Homes Together", "charity", "GB-CHC-1123456",
     "A national charity working for the safety of survivors of domestic abuse and their children.",
     ["expertise", "reach", "policy"], True, ""),
    ("perpetrators", "Change Path", "charity", "GB-CHC-1098765",
     "A national charity that works with people who cause harm, so that they stop.",
     ["expertise", "delivery"], False, ""),
    ("investment", "Common Good Finance", "company", "GB-COH-08123456",
     "A not-for-profit that designs and funds social programmes to work at scale.",
     ["funding", "data"], False, ""),
]
LOCAL = [
    ("essex_police", "Eastmarsh Constabulary", "public_body", "", "Police force for the Eastmarsh area.",
     "Eastmarsh: police lead"),
    ("wales_council", "Cardwen City Council", "public_body", "GB-LAE-CRD", "Local authority for Cardwen.",
     "Cardwen: children's services"),
    ("sussex_charity", "Downs Domestic Abuse Service", "charity", "GB-CHC-1187654",
     "Local specialist charity providing independent advisers.", "Downshire: local delivery"),
    ("croydon_council", "Northbridge Borough Council", "public_body", "GB-LAE-NBR", "London borough council.",
     "Northbridge: commissioner"),
    ("midlands_charity", "Midshire Women's Aid", "charity", "GB-CHC-1076543",
     "Local charity supporting women and children in Midshire.", "Midshire: local delivery"),
]
FUNDER = ("funder", "Lantern Foundation", "funder", "GB-CHC-1155443",
          "An independent grant-maker funding work on violence against women and girls.")

PEOPLE = [
    # key, org key, name, title, seniority, start, end, e-mail user key
    ("survivors_ceo", "survivors", "Helen Marsh", "Chief Executive", "senior_leader", START, None, "leader_survivors"),
    ("survivors_lead", "survivors", "Priya Nair", "Head of Practice", "manager", START, None, "manager"),
    ("survivors_staff", "survivors", "Sam Ellis", "Practice Adviser", "staff", START, None, "staff_survivors"),
    ("perpetrators_ceo_old", "perpetrators", "Dr Grace Adeyemi", "Chief Executive", "senior_leader",
     dt.date(2019, 6, 1), LEADER_CHANGE - dt.timedelta(days=1), None),
    ("perpetrators_ceo", "perpetrators", "Tom Reyes", "Chief Executive", "senior_leader",
     LEADER_CHANGE + dt.timedelta(days=28), None, "leader_perpetrators"),
    ("perpetrators_staff", "perpetrators", "Leah Morgan", "Programme Manager", "manager", START, None,
     "staff_perpetrators"),
    ("investment_ceo", "investment", "Olu Bankole", "Director", "senior_leader", START, None, "leader_investment"),
    ("investment_staff", "investment", "Kate Lindqvist", "Analyst", "staff", START, None, None),
    ("essex_police_lead", "essex_police", "Chief Inspector Ray Doyle", "Domestic Abuse Lead", "senior_leader",
     START, None, None),
    ("wales_council_lead", "wales_council", "Bethan Rees", "Head of Children's Services", "senior_leader",
     START, None, None),
    ("funder_officer", "funder", "Nadia Quinn", "Grants Manager", "manager", START, None, "funder"),
]
USERS = [
    # key, e-mail, name, role, org key
    ("manager", "manager@compass.example", "Priya Nair", Role.MANAGER, "survivors"),
    ("leader_survivors", "helen@compass.example", "Helen Marsh", Role.LEADER, "survivors"),
    ("leader_perpetrators", "tom@compass.example", "Tom Reyes", Role.LEADER, "perpetrators"),
    ("leader_investment", "olu@compass.example", "Olu Bankole", Role.LEADER, "investment"),
    ("staff_survivors", "sam@compass.example", "Sam Ellis", Role.STAFF, "survivors"),
    ("staff_perpetrators", "leah@compass.example", "Leah Morgan", Role.STAFF, "perpetrators"),
    ("funder", "funder@lantern.example", "Nadia Quinn", Role.FUNDER, "funder"),
]


def exists() -> bool:
    return Partnership.objects.filter(name=NAME).exists()


@transaction.atomic
def build() -> DemoContext:
    partnership = Partnership.objects.create(
        name=NAME, start_date=START, status=Partnership.Status.ACTIVE,
        purpose="Stop domestic abuse at source by challenging and supporting those who cause harm, "
        "so that survivors and children are safe.",
    )
    ctx = DemoContext(partnership=partnership)
    for key, name, kind, org_id, focus, caps, lead, local in ORGS:
        org = Organisation.objects.create(name=name, kind=kind, org_id=org_id, focus=focus)
        ctx.orgs[key] = org
        m = Membership.objects.create(partnership=partnership, organisation=org, joined=START, is_lead=lead,
                                      local_role=local)
        for c in caps:
            Capability.objects.create(membership=m, kind=c)
    for i, (key, name, kind, org_id, focus, local) in enumerate(LOCAL):
        org = Organisation.objects.create(name=name, kind=kind, org_id=org_id, focus=focus)
        ctx.orgs[key] = org
        joined = START + dt.timedelta(days=120 * i)
        m = Membership.objects.create(partnership=partnership, organisation=org, joined=joined, local_role=local)
        Capability.objects.create(membership=m, kind="delivery", detail=local)
    key, name, kind, org_id, focus = FUNDER
    ctx.orgs[key] = Organisation.objects.create(name=name, kind=kind, org_id=org_id, focus=focus)

    for ukey, email, name, role, org_key in USERS:
        user = User.objects.create_user(email, PASSWORD, full_name=name)
        ctx.users[ukey] = user
        Role.objects.create(partnership=partnership, user=user, role=role, organisation=ctx.orgs[org_key])
    for pkey, org_key, name, title, seniority, start, end, user_key in PEOPLE:
        slug = name.split()[-1].lower()
        ctx.people[pkey] = Person.objects.create(
            partnership=partnership, organisation=ctx.orgs[org_key], name=name, job_title=title, seniority=seniority,
            email=f"{slug}@{ctx.orgs[org_key].name.split()[0].lower()}.example", start_date=start, end_date=end,
            user=ctx.users.get(user_key) if user_key else None,
        )
    return ctx


def logins() -> list[tuple[str, str, str]]:
    return [(email, PASSWORD, f"{dict(Role.CHOICES)[role]} ({name})") for _, email, name, role, _ in USERS]
