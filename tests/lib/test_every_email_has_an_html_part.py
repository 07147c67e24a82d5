"""Every e-mail Accord sends has a plain-text and an HTML part (issue 14): a message whose template has no
.html twin gets one made from its text, escaped, with its paragraphs and live links."""

from types import SimpleNamespace

from accord.lib import mail


class Named(SimpleNamespace):
    def __str__(self) -> str:
        return str(self.name)


def test_a_text_only_template_still_gets_an_html_part_with_its_words_escaped_and_links_live():
    invitation = SimpleNamespace(invited_by="Sam", partnership=Named(name="A & B <script>", purpose="Together."))
    message = mail.build(to=["a@example.org"], subject="Invitation: <Board>", template="accounts/email/invitation",
                         context={"invitation": invitation, "role": "staff", "days": 7,
                                  "link": "https://accord.example/accept/x?y=1&z=2"})
    assert "A & B <script>" in message.body  # the text part as written
    (html, kind), = message.alternatives
    assert kind == "text/html"
    assert "<script>" not in html and "A &amp; B &lt;script&gt;" in html
    assert '<a href="https://accord.example/accept/x?y=1&amp;z=2">' in html
    assert "<title>Invitation: &lt;Board&gt;</title>" in html
    assert html.count("<p>") >= 4  # its paragraphs kept


def test_a_template_with_its_own_html_part_keeps_it():
    html = mail.html_from_text("x")
    message = mail.build(to=["a@example.org"], subject="s", template="mailing/email/confirm",
                         context={"url": "https://accord.example/c", "list": Named(name="News"),
                                  "subscriber": SimpleNamespace(email="a@example.org")})
    (part, _), = message.alternatives
    assert part != html and "<!doctype html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>s" not in part
