"""The manager writes a list's name, description and topics in Welsh too; the sign-up form offers topics in
the reader's language; the partnership chooses the languages of its e-mails on its settings page."""

from django.utils import translation

from accord.core.models import AuditEntry
from accord.mailing.forms import SignupForm
from accord.mailing.models import MailingList


def test_the_list_form_saves_the_welsh_name_description_and_topics(lists, world):
    news = lists.shared
    manager = world.client("manager")
    url = f"/p/{world.partnership.pk}/lists/{news.pk}/edit/"
    response = manager.post(url, {
        "name": news.name, "name_cy": "Newyddion y bartneriaeth", "slug": news.slug, "description": "Monthly.",
        "description_cy": "Bob mis.", "statement": news.current_statement().text,
        "topics": "Research | Ymchwil\nEvents", "is_open": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    news = MailingList.objects.get(pk=news.pk)
    assert (news.name_cy, news.description_cy) == ("Newyddion y bartneriaeth", "Bob mis.")
    assert dict(news.topics.values_list("name", "name_cy")) == {"Research": "Ymchwil", "Events": ""}
    page = manager.get(url).content.decode()
    assert "Research | Ymchwil" in page and 'name="name_cy"' in page
    with translation.override("cy"):
        assert [label for _, label in SignupForm(mailing_list=news).fields["topics"].choices] == ["Ymchwil", "Events"]
    with translation.override("en"):
        assert [label for _, label in SignupForm(mailing_list=news).fields["topics"].choices] == ["Research", "Events"]


def test_the_partnership_chooses_welsh_and_english_e_mails_and_it_is_in_the_trail(world):
    p = world.partnership
    response = world.client("manager").post(f"/p/{p.pk}/edit/", {
        "name": p.name, "purpose": p.purpose, "start_date": p.start_date.isoformat(), "status": p.status,
        "language": "cy", "email_languages": "both"})
    assert response.status_code == 302
    p.refresh_from_db()
    assert (p.language, p.email_languages) == ("cy", "both")
    entry = AuditEntry.objects.filter(action="partners.partnership.changed").latest("pk")
    assert "email_languages" in str(entry.data)
