"""Pages of a partnership too large for organisation-by-organisation tables and long lists (issue 21):
with the page size and the matrix limit lowered, a few dozen organisations stand for 2,000. Each page shows
a page of rows with search and Previous/Next, and its download has every row; a small partnership still
sees the whole table. bench/pages.py measures the real size."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from tests.conftest import make_world

pytestmark = pytest.mark.django_db

EXTRA = 30  # organisations added to the personas' two: 32 members, over a matrix limit of 5


@pytest.fixture(scope="module")
def big(module_transaction):
    from accord.library.models import AccessEntry, KnowledgeItem, SharingTerms
    from accord.partners.models import Membership, Organisation, Person

    world = make_world()
    start = dt.date(2024, 1, 1)
    orgs = Organisation.objects.bulk_create([Organisation(name=f"Member {i:02d}") for i in range(EXTRA)])
    Membership.objects.bulk_create([Membership(partnership=world.partnership, organisation=o, joined=start)
                                    for o in orgs])
    item = KnowledgeItem.objects.create(partnership=world.partnership, owner_org=world.org_a, kind="note",
                                        title="Referral routes", body="Notes.")
    SharingTerms.objects.create(item=item, uses=["read"])
    AccessEntry.objects.create(partnership=world.partnership, item=item, organisation=orgs[0], action="view",
                               seq=1, at=item.created_at, user_label="Someone", prev_hash="0" * 64, hash="1" * 64)
    world.extra = orgs
    leaders = Person.objects.bulk_create([
        Person(partnership=world.partnership, organisation=o, name=f"Leader of {o.name}", seniority="senior_leader",
               email=f"lead{i}@example.org", start_date=start) for i, o in enumerate(orgs)])
    _meetings(world.partnership, leaders)
    world.wave = _closed_wave(world.partnership, [world.org_a, world.org_b, *orgs])
    return world


def _meetings(partnership, leaders):
    """Two board meetings held, every senior leader expected; the first half of them came to both."""
    from django.utils import timezone

    from accord.governance.models import Attendance, Meeting, MeetingSeries

    series = MeetingSeries.objects.create(partnership=partnership, title="Board", rrule="FREQ=MONTHLY;BYMONTHDAY=1",
                                          starts_on=dt.date(2024, 3, 1), ends_on=dt.date(2024, 4, 30))
    for month in (3, 4):
        at = timezone.make_aware(dt.datetime(2024, month, 1, 10))
        meeting = Meeting.objects.create(series=series, original_start=at, start=at, end=at + dt.timedelta(hours=2))
        Attendance.objects.bulk_create([
            Attendance(meeting=meeting, person=x, organisation=x.organisation, senior=True,
                       status="attended" if i < len(leaders) // 2 else "absent") for i, x in enumerate(leaders)])


def _closed_wave(partnership, orgs):
    """A named wave in which each organisation rated its next three partners, closed (results stored)."""
    from accord.trust import questions, services
    from accord.trust.models import Contact, Rating, Response, Wave

    wave = Wave.objects.create(partnership=partnership, name="Spring survey", opens_on=dt.date(2024, 2, 1),
                               closes_on=dt.date.today() + dt.timedelta(days=3))
    wave.instruments.set([services.ensure_instruments()["relationships"]])
    for i, o in enumerate(orgs):
        response = Response.objects.create(wave=wave, organisation=o, source=Response.Source.IMPORT)
        for j in (1, 2, 3):
            about = orgs[(i + j) % len(orgs)]
            Contact.objects.create(response=response, about=about, level=1 + (i + j) % 3)
            Rating.objects.bulk_create([Rating(response=response, about=about, dimension=code, score=1 + (i + j) % 4)
                                        for code in questions.DIMENSION_CODES])
    services.wave_close(actor=None, wave=wave)
    return wave


@pytest.fixture
def small_pages(settings):
    settings.ACCORD_MATRIX_MAX = 5
    settings.ACCORD_PAGE_SIZE = 10
    settings.TRUST_NAMED_MIN_RESPONDENTS = 1  # one respondent per organisation here


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_library_shows_a_row_per_partner_a_page_at_a_time(big, small_pages):
    pk = big.partnership.pk
    html = big.client("manager").get(f"/p/{pk}/library/").content.decode()
    assert "Shared by ↓ / with →" not in html  # no organisation-by-organisation table
    assert "Sharing by partner" in html and 'aria-label="Pages of who shares"' in html and "Next" in html
    assert html.count("<tr><th scope=\"row\">") == 10
    found = big.client("manager").get(f"/p/{pk}/library/", {"org": "member 07"}).content.decode()
    assert "Member 07" in found and "Member 08" not in found


def test_library_sharing_downloads_have_every_row(big, small_pages):
    pk = big.partnership.pk
    rows = _csv(big.client("leader_b").get(f"/p/{pk}/library/sharing-by-partner.csv"))
    assert len(rows) == 1 + EXTRA + 2
    pairs = _csv(big.client("manager").get(f"/p/{pk}/library/sharing-pairs.csv"))
    assert pairs[1:] == [["Alpha Charity", "Member 00", "0", "1"]]
    assert big.client("manager").get(f"/p/{pk}/library/sharing-pairs.xlsx").status_code == 200
    assert big.client("funder").get(f"/p/{pk}/library/sharing-by-partner.csv").status_code == 403


def test_a_small_partnership_still_sees_the_whole_table(big, settings):
    settings.ACCORD_MATRIX_MAX = 40
    html = big.client("manager").get(f"/p/{big.partnership.pk}/library/").content.decode()
    assert "Shared by ↓ / with →" in html and "Sharing by partner" not in html


def test_wave_results_show_a_page_of_organisations_and_the_extreme_pairs(big, small_pages):
    url = f"/p/{big.partnership.pk}/trust/waves/{big.wave.pk}/"
    html = big.client("leader_a").get(url).content.decode()
    assert "From ↓ about →" not in html and "Network map" not in html  # no column per organisation
    assert "The ten pairs with the least trust" in html and 'aria-label="Pages of organisations"' in html
    by_org = html.split('<h2 id="orgs">', 1)[1].split("</table>", 1)[0]
    assert by_org.count("<tr><td>") == 10 and "Next" in html
    found = big.client("leader_a").get(url, {"org": "member 07"}).content.decode().split('<h2 id="orgs">', 1)[1]
    assert "Member 07" in found.split("</table>", 1)[0] and "Member 08" not in found.split("</table>", 1)[0]
    manager = big.client("manager").get(url).content.decode()
    assert 'aria-label="Pages of who has answered"' in manager and "All 32 organisations" in manager


def test_wave_downloads_have_every_row_for_those_who_see_results_by_organisation(big, small_pages):
    base = f"/p/{big.partnership.pk}/trust/waves/{big.wave.pk}"
    pairs = _csv(big.client("leader_a").get(f"{base}/pairs.csv"))
    assert pairs[0][:3] == ["From", "About", "Trust"] and len(pairs) == 1 + 32 * 3
    assert len(_csv(big.client("manager").get(f"{base}/organisations.csv"))) == 1 + 32
    assert big.client("manager").get(f"{base}/organisations.xlsx").status_code == 200
    assert big.client("staff_a").get(f"{base}/pairs.csv").status_code == 404  # staff see totals only
    assert big.client("funder").get(f"{base}/pairs.csv").status_code == 404


def test_a_small_wave_still_shows_its_matrices(big, settings):
    settings.ACCORD_MATRIX_MAX = 40
    settings.TRUST_NAMED_MIN_RESPONDENTS = 1
    html = big.client("manager").get(f"/p/{big.partnership.pk}/trust/waves/{big.wave.pk}/").content.decode()
    assert "From ↓ about →" in html and "Network map" in html and "Pages of organisations" not in html


def test_people_page_searches_pages_and_downloads_everyone(big, small_pages):
    from accord.partners import selectors

    pk = big.partnership.pk
    html = big.client("staff_a").get(f"/p/{pk}/people/").content.decode()
    assert html.count('<td data-label="Name">') == 10 and 'aria-label="Pages of people"' in html
    found = big.client("staff_a").get(f"/p/{pk}/people/", {"q": "member 07"}).content.decode()
    assert "Leader of Member 07" in found and "Leader of Member 08" not in found
    everyone = _csv(big.client("manager").get(f"/p/{pk}/people.csv"))
    assert len(everyone) == 1 + selectors.people(big.partnership, current_only=True).count() > 1 + EXTRA
    assert _csv(big.client("manager").get(f"/p/{pk}/people.csv", {"q": "member 07"}))[1][0] == "Leader of Member 07"
    assert big.client("funder").get(f"/p/{pk}/people.csv").status_code == 403


def test_home_lists_a_page_of_partners_with_their_leaders(big, small_pages):
    pk = big.partnership.pk
    client = big.client("leader_a")
    client.get(f"/p/{pk}/")
    html = client.get(f"/p/{pk}/").content.decode()
    partners = html.split('<h2 id="partners">', 1)[1]
    assert "The 32 partner organisations" in partners and 'aria-label="Pages of partners"' in partners
    assert partners.count('<td data-label="Organisation">') == 10
    found = client.get(f"/p/{pk}/", {"partner": "member 07"}).content.decode().split('<h2 id="partners">', 1)[1]
    assert "Member 07" in found and "Member 08" not in found and "<details class=\"partners-list\" open>" in found


def test_the_commitment_form_asks_one_query_for_its_people(big):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accord.partners.models import Person

    client = big.client("manager")
    url = f"/p/{big.partnership.pk}/charter/commitments/new/"
    client.get(url)
    cache.clear()  # both counts start cold: cached parts of the page (core.freshness) would differ otherwise
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    Person.objects.bulk_create([Person(partnership=big.partnership, organisation=o, name=f"Adviser {o.name}",
                                       start_date=dt.date(2024, 1, 1)) for o in big.extra])
    cache.clear()
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    # never a query per person; past ACCORD_PICKER_MAX people the form lists none of them (a searchable
    # picker), one query fewer
    assert len(after) <= len(before)


def test_trust_overview_shows_a_row_per_partner_not_a_chart_each(big, small_pages):
    url = f"/p/{big.partnership.pk}/trust/"
    html = big.client("leader_a").get(url).content.decode()
    section = html.split('<h2 id="partner-trend">', 1)[1]
    assert "<svg" not in section and 'aria-label="Pages of partners"' in section
    assert section.split("<tbody>", 1)[1].split("</tbody>", 1)[0].count("<tr>") == 10
    assert f"/trust/waves/{big.wave.pk}/organisations.csv" in section
    found = big.client("leader_a").get(url, {"partner": "member 07"}).content.decode().split('id="partner-trend"')[1]
    assert "Member 07" in found and "Member 08" not in found


def test_a_small_partnership_keeps_a_chart_per_partner(big, settings):
    settings.ACCORD_MATRIX_MAX = 40
    settings.TRUST_NAMED_MIN_RESPONDENTS = 1
    html = big.client("leader_a").get(f"/p/{big.partnership.pk}/trust/").content.decode()
    assert "<svg" in html.split('<h2 id="partner-trend">', 1)[1] and "Pages of partners" not in html


def test_governance_health_shows_who_came_least_and_a_page_of_partners(big, small_pages):
    pk = big.partnership.pk
    html = big.client("leader_a").get(f"/p/{pk}/meetings/health/").content.decode()
    assert "The partners whose senior leaders came least" in html and 'aria-label="Pages of partners"' in html
    fewest = html.split('id="fewest"', 1)[1].split("</table>", 1)[0]
    assert "Member 15" in fewest and "Member 14" not in fewest  # the second half never came
    every = html.split('id="partners"', 1)[1].split("</table>", 1)[0]
    assert every.count("<tr><th scope=\"row\">") == 10 and "Jan 2024" in every
    assert html.count("<path") < 10  # one line for the whole partnership, not one per partner
    rows = _csv(big.client("funder").get(f"/p/{pk}/meetings/health.csv"))
    assert len(rows) == 1 + EXTRA and "Attended Jan 2024" not in rows[0]  # funders: no quarters by partner
    rows = _csv(big.client("leader_a").get(f"/p/{pk}/meetings/health.csv"))
    assert len(rows) == 1 + EXTRA and "Attended Jan 2024" in rows[0]
    home = big.client("leader_a").get(f"/p/{pk}/").content.decode()
    assert "partners (of 30) whose senior leaders came least" in home


def test_commitments_page_lists_a_page_of_each_with_search_and_the_download(big, small_pages):
    from accord.charter.models import Commitment

    pk = big.partnership.pk
    Commitment.objects.bulk_create([Commitment(partnership=big.partnership, title=f"Promise of {o.name}", owner=o,
                                               due=dt.date(2030, 1, 1)) for o in big.extra])
    html = big.client("staff_a").get(f"/p/{pk}/charter/commitments/").content.decode()
    assert 'aria-label="Pages of open commitments"' in html and html.count('<tr id="commitment-') == 10
    assert "/reports/data/commitments.csv" in html
    found = big.client("staff_a").get(f"/p/{pk}/charter/commitments/", {"q": "member 07"}).content.decode()
    assert "Promise of Member 07" in found and "Promise of Member 08" not in found
    rows = _csv(big.client("staff_a").get(f"/p/{pk}/reports/data/commitments.csv"))
    assert len(rows) == 1 + EXTRA


def test_meeting_page_lists_a_page_of_people_under_the_counts(big, small_pages):
    from accord.governance.models import Meeting

    meeting = Meeting.objects.filter(series__partnership=big.partnership).order_by("start").first()
    url = f"/p/{big.partnership.pk}/meetings/{meeting.pk}/"
    html = big.client("leader_a").get(url).content.decode()
    attendance = html.split('<h2 id="attendance">', 1)[1].split("</table>", 1)[0]
    assert "30 people: attended 15" in attendance and "absent 15" in attendance
    assert attendance.count("<tr><td>") == 10 and 'aria-label="Pages of people expected"' in html
    found = big.client("leader_a").get(url, {"who": "member 07"}).content.decode().split('id="attendance"')[1]
    assert "Leader of Member 07" in found.split("</table>", 1)[0] and "Member 08" not in found.split("</table>", 1)[0]


def test_home_and_trust_pages_read_a_wave_s_detail_only_where_they_show_it(big, small_pages):
    """A wave's stored detail is tens of megabytes at 2,000 organisations: the home card reads only what
    changed, the overview for a funder nothing of it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pk = big.partnership.pk
    for persona, url in (("leader_a", f"/p/{pk}/"), ("funder", f"/p/{pk}/trust/")):
        client = big.client(persona)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        whole = [q["sql"] for q in queries if '"detail"' in q["sql"] and "changes" not in q["sql"]
                 and "trust_waveresult" in q["sql"]]
        assert not whole, (url, whole)


# ---- pages whose work does not grow with the partnership (issue 21: charter, commitments, funding, a member's
# edit page, a meeting, a new discussion) ----

def _grow(world, version, meeting, decision, first: int, count: int) -> None:
    """`count` more member organisations, each with a senior leader, a commitment, a sign-off, a funding stream
    (and a place in a shared one), a seat at the meeting, a position on its decision and a library item."""
    from django.utils import timezone

    from accord.charter.models import Commitment, Signoff
    from accord.delivery.models import FundingStream
    from accord.governance.models import Attendance, Position
    from accord.library.models import KnowledgeItem, SharingTerms
    from accord.partners.models import Membership, Organisation, Person

    start, now, p = dt.date(2024, 1, 1), timezone.now(), world.partnership
    orgs = Organisation.objects.bulk_create([Organisation(name=f"Grown {i:03d}") for i in range(first, first + count)])
    Membership.objects.bulk_create([Membership(partnership=p, organisation=o, joined=start) for o in orgs])
    leaders = Person.objects.bulk_create([Person(partnership=p, organisation=o, name=f"Head of {o.name}",
                                                 seniority="senior_leader", start_date=start) for o in orgs])
    Commitment.objects.bulk_create([Commitment(partnership=p, title=f"Promise of {o.name}", owner=o, made_on=start,
                                               due=dt.date(2030, 1, 1)) for o in orgs])
    Signoff.objects.bulk_create([Signoff(version=version, organisation=x.organisation, person=x, person_name=x.name,
                                         signed_at=now) for x in leaders])
    streams = FundingStream.objects.bulk_create([
        FundingStream(partnership=p, title=f"Grant to {o.name}", funder=o, amount=1000, start=start,
                      end=dt.date(2030, 1, 1)) for o in orgs])
    through = FundingStream.partners.through
    through.objects.bulk_create([through(fundingstream_id=s.pk, organisation_id=o.pk) for s, o in zip(streams, orgs, strict=True)])
    streams[0].partners.add(*orgs)
    Attendance.objects.bulk_create([Attendance(meeting=meeting, person=x, organisation=x.organisation, senior=True,
                                               expected=True) for x in leaders])
    Position.objects.bulk_create([Position(decision=decision, organisation=o, stance="agree") for o in orgs])
    items = KnowledgeItem.objects.bulk_create([
        KnowledgeItem(partnership=p, owner_org=o, kind="note", title=f"Note of {o.name}", body="Notes.") for o in orgs])
    SharingTerms.objects.bulk_create([SharingTerms(item=i, uses=["read"]) for i in items])


def _queries(client, url: str) -> int:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    cache.clear()  # every count starts cold (core.freshness caches parts of some pages)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def test_the_slow_pages_of_issue_21_ask_as_many_queries_at_any_size(big, small_pages, settings):
    from django.utils import timezone

    from accord.charter.models import CharterVersion
    from accord.governance.models import Decision, Meeting

    p = big.partnership
    version = CharterVersion.objects.create(partnership=p, number=1, mission="Work together.", created_at=timezone.now())
    meeting = Meeting.objects.filter(series__partnership=p).order_by("start").first()
    decision = Decision.objects.create(meeting=meeting, proposal="Adopt the referral protocol.")
    urls = [f"/p/{p.pk}/charter/", f"/p/{p.pk}/charter/v/1/", f"/p/{p.pk}/charter/commitments/",
            f"/p/{p.pk}/delivery/funding/", f"/p/{p.pk}/organisations/{big.org_a.pk}/edit/",
            f"/p/{p.pk}/meetings/{meeting.pk}/", f"/p/{p.pk}/discussions/new/"]
    settings.ACCORD_PICKER_MAX = 10  # the forms' choices are searchable pickers at both sizes, as at 2,000
    client = big.client("manager")
    _grow(big, version, meeting, decision, 0, 15)  # every list past the page size (10) before counting
    before = {url: _queries(client, url) for url in urls}
    _grow(big, version, meeting, decision, 15, 40)
    after = {url: _queries(client, url) for url in urls}
    assert after == before


def test_funding_lists_a_page_of_partners_and_streams_with_search_and_the_download(big, small_pages):
    from accord.charter.models import CharterVersion
    from accord.governance.models import Decision, Meeting

    p = big.partnership
    meeting = Meeting.objects.filter(series__partnership=p).order_by("start").first()
    version = CharterVersion.objects.create(partnership=p, number=1, mission="Work together.",
                                            created_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    _grow(big, version, meeting, Decision.objects.create(meeting=meeting, proposal="x"), 0, 25)
    url = f"/p/{p.pk}/delivery/funding/"
    html = big.client("funder").get(url).content.decode()
    assert 'aria-label="Pages of partners"' in html and 'aria-label="Pages of funding streams"' in html
    assert html.count('<tr id="stream-') == 10 and "/reports/data/funding.csv" in html
    found = big.client("funder").get(url, {"q": "grown 007"}).content.decode()
    assert "Grant to Grown 007" in found and "Grant to Grown 008" not in found
    by_partner = found.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert "Grown 007" in by_partner and "Grown 008" not in by_partner
    second = big.client("funder").get(url, {"streams": "3"}).content.decode()
    assert second.count('<tr id="stream-') == 5  # 25 streams, 10 a page
    assert len(_csv(big.client("funder").get(f"/p/{p.pk}/reports/data/funding.csv"))) == 1 + 25


def test_a_small_partnership_sees_every_stream_without_a_search(big):
    from accord.delivery.models import FundingStream

    FundingStream.objects.bulk_create([
        FundingStream(partnership=big.partnership, title=f"Grant {i}", funder=big.funder_org, amount=1000,
                      start=dt.date(2024, 1, 1), end=dt.date(2030, 1, 1)) for i in range(3)])
    html = big.client("manager").get(f"/p/{big.partnership.pk}/delivery/funding/").content.decode()
    assert html.count('<tr id="stream-') == 3 and 'role="search"' not in html and "Pages of" not in html


def test_the_charter_shows_who_signed_a_page_at_a_time(big, small_pages):
    from django.utils import timezone

    from accord.charter.models import CharterVersion
    from accord.governance.models import Decision, Meeting

    p = big.partnership
    version = CharterVersion.objects.create(partnership=p, number=1, mission="Work together.", created_at=timezone.now())
    meeting = Meeting.objects.filter(series__partnership=p).order_by("start").first()
    _grow(big, version, meeting, Decision.objects.create(meeting=meeting, proposal="x"), 0, 20)
    for url in (f"/p/{p.pk}/charter/", f"/p/{p.pk}/charter/v/1/"):
        html = big.client("leader_a").get(url).content.decode()
        table = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
        assert table.count("<tr>") == 10 and 'aria-label="Pages of partners"' in html
        assert "20 of 52 partners have signed version 1." in html  # 2 personas' + 30 + 20 grown, 20 signed
        found = big.client("leader_a").get(url, {"partner": "member 07"}).content.decode()
        table = found.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
        assert "Member 07" in table and "Not yet signed" in table and table.count("<tr>") == 1


def test_a_small_charter_lists_every_partner_without_a_search(big):
    from django.utils import timezone

    from accord.charter.models import CharterVersion

    CharterVersion.objects.create(partnership=big.partnership, number=1, mission="Work together.",
                                  created_at=timezone.now())
    html = big.client("leader_a").get(f"/p/{big.partnership.pk}/charter/").content.decode()
    table = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert table.count("<tr>") == 32 and "have signed version" not in html and "Pages of partners" not in html


def test_where_else_an_organisation_is_used_is_one_query(big, django_assert_num_queries):
    from accord.partners import selectors

    with django_assert_num_queries(1):
        assert selectors.shared_elsewhere(big.org_a, big.partnership) is False
    with django_assert_num_queries(1):
        assert selectors.shared_elsewhere(big.other_org, big.partnership) is True


def test_the_manager_sees_the_first_page_of_who_has_not_replied_and_how_many_more(big, small_pages):
    from django.utils import timezone

    from accord.governance.models import Attendance, Meeting, MeetingSeries
    from accord.partners.models import Person

    p = big.partnership
    series = MeetingSeries.objects.filter(partnership=p).first()
    at = timezone.now() + dt.timedelta(days=10)
    meeting = Meeting.objects.create(series=series, original_start=at, start=at, end=at + dt.timedelta(hours=2))
    leaders = Person.objects.filter(partnership=p, organisation__in=big.extra)
    Attendance.objects.bulk_create([Attendance(meeting=meeting, person=x, organisation=x.organisation, senior=True,
                                               expected=True) for x in leaders])
    html = big.client("manager").get(f"/p/{p.pk}/meetings/{meeting.pk}/").content.decode()
    waiting = html.split('id="noreply-h"', 1)[1].split("</section>", 1)[0]
    assert waiting.count("<li>") == 10 and "And 20 more: find anyone in the attendance below." in waiting


def test_a_new_discussion_picks_a_library_item_by_searching(big, settings):
    from accord.discussions.models import Thread
    from accord.library.models import KnowledgeItem, SharingTerms

    settings.ACCORD_PICKER_MAX = 10
    p = big.partnership
    items = KnowledgeItem.objects.bulk_create([
        KnowledgeItem(partnership=p, owner_org=big.org_a, kind="note", title=f"Guide {i:02d}", body="x")
        for i in range(12)])
    SharingTerms.objects.bulk_create([SharingTerms(item=i, uses=["read"]) for i in items])
    html = big.client("leader_b").get(f"/p/{p.pk}/discussions/new/").content.decode()
    assert '<select name="library_item"' not in html and 'name="library_item_q"' in html
    found = big.client("leader_b").get(f"/p/{p.pk}/library/pick/items/", {"q": "guide 07"}).json()["results"]
    assert found == [{"id": items[7].pk, "label": "Guide 07"}]
    assert big.client("outsider").get(f"/p/{p.pk}/library/pick/items/", {"q": "guide"}).status_code == 404
    started = big.client("leader_b").post(f"/p/{p.pk}/discussions/new/", {
        "title": "About the guide", "body": "Shall we adopt it?", "audience": "partnership",
        "library_item_q": "Guide 07"})
    assert started.status_code == 302
    assert Thread.objects.get(title="About the guide").library_item_id == items[7].pk
