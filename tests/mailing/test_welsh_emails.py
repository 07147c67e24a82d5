"""E-mails in the subscriber's language, over real SMTP: a sign-up from a Welsh page is remembered and every
later e-mail (confirmation, campaign) comes in Welsh, subject and body, with the list's Welsh name; a
partnership that chose bilingual e-mail sends both, Welsh first; Welsh text left empty falls back to English."""

from django.utils import translation

from accord.lib import languages
from accord.mailing import sending, services
from accord.mailing.models import Subscriber

from .conftest import link, subscribe


def _welsh_list(lists):
    news = lists.shared
    news.name_cy, news.description_cy = "Newyddion y bartneriaeth", "Bob mis."
    news.save()
    return news


def _campaign(mailing_list, **welsh):
    return sending.campaign_save(actor=None, mailing_list=mailing_list, subject="Spring news",
                                 body="Our **new report** is out.", **welsh)


def test_a_sign_up_from_a_welsh_page_is_remembered_and_its_mail_is_welsh(lists, smtp, client):
    news = _welsh_list(lists)
    with translation.override("cy"):  # the sign-up page in Welsh
        services.signup_request(mailing_list=news, email="ceri@example.org",
                                statement_version=news.current_statement().version)
    subscriber = Subscriber.objects.get(email="ceri@example.org")
    assert subscriber.language == "cy"
    [message] = smtp.to("ceri@example.org")
    assert message["Subject"] == "Cadarnhewch, os gwelwch yn dda: Newyddion y bartneriaeth"
    text, html = smtp.text(message), smtp.html(message)
    assert "Gofynnodd rhywun (chi, gobeithio) am gael \"Newyddion y bartneriaeth\"" in text
    assert "Please confirm" not in text and "Someone" not in text
    assert '<html lang="cy">' in html and "Cadarnhewch eich tanysgrifiad" in html
    assert link(text, "confirm") in html


def test_a_campaign_goes_to_each_subscriber_in_their_language(lists, smtp):
    news = _welsh_list(lists)
    subscribe(news, "english@example.org")
    welsh = subscribe(news, "welsh@example.org")
    Subscriber.objects.filter(pk=welsh.pk).update(language="cy")
    sending.campaign_start(actor=None, campaign=_campaign(
        news, subject_cy="Newyddion y gwanwyn", body_cy="Mae ein **hadroddiad newydd** allan."))

    [cy] = smtp.to("welsh@example.org")
    assert cy["Subject"] == "Newyddion y gwanwyn"
    assert "Mae ein **hadroddiad newydd** allan." in smtp.text(cy)
    assert 'Rydych yn cael hwn am eich bod wedi ymuno â "Newyddion y bartneriaeth"' in smtp.text(cy)
    assert "<strong>hadroddiad newydd</strong>" in smtp.html(cy) and "Dad-danysgrifio" in smtp.html(cy)
    assert "Spring news" not in str(cy["Subject"]) and "Unsubscribe" not in smtp.text(cy)
    [en] = smtp.to("english@example.org")
    assert en["Subject"] == "Spring news" and "Unsubscribe:" in smtp.text(en) and "Mae ein" not in smtp.text(en)
    assert '"Partnership news"' in smtp.text(en)


def test_welsh_left_empty_falls_back_to_the_english_content(lists, smtp):
    news = lists.shared  # no Welsh name either
    welsh = subscribe(news, "welsh@example.org")
    Subscriber.objects.filter(pk=welsh.pk).update(language="cy")
    sending.campaign_start(actor=None, campaign=_campaign(news))
    [message] = smtp.to("welsh@example.org")
    assert message["Subject"] == "Spring news"  # the manager wrote no Welsh subject
    text = smtp.text(message)
    assert "Our **new report** is out." in text
    assert 'Rydych yn cael hwn am eich bod wedi ymuno â "Partnership news"' in text  # Accord's words are Welsh


def test_a_bilingual_partnership_sends_both_languages_welsh_first(lists, smtp):
    news = _welsh_list(lists)
    partnership = news.partnership
    partnership.email_languages = languages.BOTH
    partnership.save()
    subscribe(news, "reader@example.org")  # no language known: still both
    sending.campaign_start(actor=None, campaign=_campaign(news, subject_cy="Newyddion y gwanwyn",
                                                          body_cy="Mae ein hadroddiad newydd allan."))
    [message] = smtp.to("reader@example.org")
    assert message["Subject"] == "Newyddion y gwanwyn / Spring news"
    assert message["Content-Language"] == "cy, en"
    text, html = smtp.text(message), smtp.html(message)
    assert text.index("Mae ein hadroddiad newydd allan.") < text.index("Our **new report** is out.")
    assert text.index("Dad-danysgrifio:") < text.index("Unsubscribe:")
    assert html.index('<div lang="cy">') < html.index('<div lang="en-GB">')
    # every link of the reader's own works in both halves
    assert text.count("/lists/unsubscribe/") == 2 and link(text, "unsubscribe") in html


def test_a_bilingual_confirmation_carries_both_subjects_and_bodies(lists, smtp):
    news = _welsh_list(lists)
    news.partnership.email_languages = languages.BOTH
    news.partnership.save()
    services.signup_request(mailing_list=news, email="sam@example.org",
                            statement_version=news.current_statement().version)
    [message] = smtp.to("sam@example.org")
    assert message["Subject"] == ("Cadarnhewch, os gwelwch yn dda: Newyddion y bartneriaeth / "
                                  "Please confirm: Partnership news")
    text = smtp.text(message)
    assert text.index("I gadarnhau, agorwch y ddolen hon") < text.index("To confirm, open this link")
