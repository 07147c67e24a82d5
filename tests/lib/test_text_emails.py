"""Plain-text e-mails are not HTML: names with & and ' arrive as written, never as &amp; or &#x27;."""

from pathlib import Path
from types import SimpleNamespace

from accord.lib import mail

SRC = Path(__file__).resolve().parents[2] / "src" / "accord"
NAME = "Smith & Jones' Trust"


def test_the_health_digest_in_plain_text_shows_names_as_written():
    partnership = SimpleNamespace(name=NAME)
    alert = SimpleNamespace(partnership=partnership, rule="Leader left & nobody took over",
                            reason="O'Brien's post is empty", look_at="Ask Smith & Jones")
    message = mail.build(to=["a@example.org"], subject="s", template="health/email/digest",
                         context={"user": SimpleNamespace(full_name="Anne O'Neill & co", email="a@example.org"),
                                  "alerts": [(alert, "http://testserver/x/?a=1&b=2")]})
    text = message.body
    assert "Hello Anne O'Neill & co," in text
    assert f"* {NAME}: Leader left & nobody took over" in text and "O'Brien's post" in text
    assert "http://testserver/x/?a=1&b=2" in text
    assert "&amp;" not in text and "&#x27;" not in text and "&#39;" not in text


def test_every_plain_text_e_mail_template_turns_autoescaping_off():
    """Django escapes HTML in every template it renders; a .txt e-mail must switch that off."""
    templates = sorted(SRC.glob("*/templates/*/email/*.txt"))
    assert len(templates) > 10
    plain = [t for t in templates if "{{" in t.read_text()]
    missing = [str(t.relative_to(SRC)) for t in plain if not t.read_text().startswith("{% autoescape off %}")]
    assert missing == []
