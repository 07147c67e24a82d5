"""Personal data held by mailing lists. A subscriber is erased by the list's own erasure
(services.subscriber_erase: suppression hash, redacted consent records), which the register calls."""

from __future__ import annotations

from typing import Any

from accord.core.personal import Declaration, Erase, Find, register


def _erase_subscribers(qs: Any, ctx: Any) -> int:
    from .models import ConsentRecord
    from .services import subscriber_erase

    n = 0
    for subscriber in qs:
        subscriber_erase(subscriber=subscriber, actor=ctx.actor, method=ConsentRecord.Method.ADMIN)
        n += 1
    return n


def declare() -> None:
    register(
        Declaration(
            model="mailing.Subscriber",
            fields={"email": Erase.BLANK, "name": Erase.BLANK},
            purpose="Sending the list's messages to those who asked for them.", basis="consent",
            who="The list's managers.",
            retention="Until they leave or ask to be erased; sign-ups never confirmed are purged after "
                      "MAILING_PENDING_DAYS.",
            subject={"email": Find.EMAIL}, partnership="mailing_list__partnership", on_erase=_erase_subscribers,
        ),
        Declaration(
            model="mailing.ConsentRecord",
            fields={"email": Erase.BLANK, "ip": Erase.BLANK, "basis": Erase.SCRUB, "actor": Erase.UNLINK},
            purpose="Proof of consent: what wording, when, how.", basis="legal obligation",
            who="The list's managers.", retention="Kept as proof; redacted (address and IP removed) on erasure.",
            subject={"email": Find.EMAIL, "actor": Find.USER}, partnership="mailing_list__partnership",
        ),
        Declaration(
            model="mailing.MailingList",
            fields={"reply_to": Erase.BLANK, "from_name": Erase.SCRUB},
            purpose="The address replies go to.", basis="legitimate interests", who="The list's managers.",
            retention="For the list's life.", subject={"reply_to": Find.EMAIL},
        ),
        Declaration(
            model="mailing.Campaign",
            fields={"created_by": Erase.UNLINK},
            purpose="Who wrote a campaign.", basis="legitimate interests", who="The list's managers.",
            retention="For the list's life.", subject={"created_by": Find.USER},
            partnership="mailing_list__partnership",
        ),
        Declaration(
            model="mailing.Delivery",
            fields={"error": Erase.SCRUB},
            purpose="Whether each message reached its subscriber; a mail server's refusal often quotes the "
                    "address.", basis="legitimate interests", who="The list's managers.",
            retention="For the list's life; unlinked from the subscriber when they leave or are erased.",
            subject={"subscriber__email": Find.EMAIL}, partnership="campaign__mailing_list__partnership",
        ),
    )
    exempt_names()


def exempt_names() -> None:
    from accord.core.personal import exempt

    exempt("mailing.Topic", name="a topic's name")
    exempt("mailing.MailingList", name="the list's name")
