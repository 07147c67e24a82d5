"""Notices: emitting them (domains call `notify` inside their own service's transaction), reading
them (mark read), and each person's choice of how each kind reaches them by e-mail.

E-mail itself is sent by the background worker (`sending.py`, through `tasks.py`); nothing here
talks to a mail server.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.audit import log_action
from accord.lib import queue, stored_text, tokens
from accord.partners.models import Partnership, Person

from . import kinds
from .models import Delivery, Notice, Preference, SendState

log = logging.getLogger(__name__)

UNSUBSCRIBE = "notices.unsubscribe"


# ---- who gets what ------------------------------------------------------------------------------

def recipient(person: Person) -> tuple[Any, str]:
    """(user or None, address or "") a person's notice e-mails go to: their account's address when
    they have an active account, else the address the partnership records for them."""
    user = person.user if person.user_id else None
    if user is not None:
        return (user, user.email) if user.is_active else (user, "")
    return None, (person.email or "").strip().lower()


def delivery_for(*, user: Any, email: str, kind: kinds.NoticeKind) -> str:
    """How `kind` is e-mailed to this recipient: their saved choice, else the kind's default."""
    if not kind.emailed or not email:
        return Delivery.OFF
    owner = Q(user=user) if user is not None else Q(user__isnull=True, email=email)
    chosen = Preference.objects.filter(owner, kind=kind.key).values_list("delivery", flat=True).first()
    return chosen or kind.default


def _texts(value: stored_text.Stored | str) -> tuple[str, stored_text.Stored | None]:
    """(English, stored message or None) of a title or body: a stored message is kept to be shown in
    each reader's language; a plain string (a record's own words, such as a comment) is kept as it is."""
    if isinstance(value, dict):
        return stored_text.english(value), value
    return str(value), None


def notify(*, partnership: Partnership, people: Iterable[Person], kind: str, event_key: str,
           title: stored_text.Stored | str, url: str, body: stored_text.Stored | str = "") -> list[Notice]:
    """Record a notice of `kind` for each person (of this partnership) once per event.

    `title` (and `body`, when it is a sentence of ours) is a stored message,
    `stored_text.message(gettext_noop("…%(name)s…"), name=…)`, so each reader reads it in their own
    language whoever made it and in whatever language their page was; its English is kept in `title`
    for search and the admin. A plain string is kept as it is (a record's own words: a comment's body).

    `event_key` names the event (`"charter.version:12"`, `"governance.action:7:assigned"`): a second call
    with the same key for the same person and kind creates nothing. Returns the notices created now.
    Delivery (in-app list, e-mail now or in a digest) follows each person's preferences; an e-mail to
    send now is handed to the worker once the caller's transaction commits (and the worker's sweep
    sends it later if the queue cannot be reached then: the domain's action never fails for it).
    """
    found = kinds.get(kind)  # a kind nobody registered is a wiring fault: fail loudly
    if not url.startswith("/") or url.startswith("//"):
        raise ValueError(f"a notice links to a path on this site, not {url!r}")
    title_english, title_text = _texts(title)
    body_english, body_text = _texts(body)
    created: list[Notice] = []
    with transaction.atomic():
        for person in {p.pk: p for p in people}.values():
            if person.partnership_id != partnership.pk:
                raise ValueError(f"{person} is not recorded in {partnership}")
            user, email = recipient(person)
            delivery = delivery_for(user=user, email=email, kind=found)
            notice, made = Notice.objects.get_or_create(
                person=person, kind=kind, event_key=event_key,
                defaults={"partnership": partnership, "title": title_english[:300], "title_text": title_text,
                          "url": url, "body": body_english, "body_text": body_text,
                          "delivery": delivery, "email": email if delivery != Delivery.OFF else "",
                          "state": SendState.NONE if delivery == Delivery.OFF else SendState.PENDING},
            )
            if made:
                created.append(notice)
        now = [n.pk for n in created if n.delivery == Delivery.IMMEDIATE]
        if now:
            transaction.on_commit(lambda: _hand_to_worker(now))
    return created


# bound to tasks.send_notice_emails in apps.ready(): the tasks module imports this one
send_later: queue.Later[[list[int]]] = queue.Later("notices.send_notice_emails")


def _hand_to_worker(ids: list[int]) -> None:
    try:
        queue.enqueue(send_later, ids)
    except queue.Unavailable:  # the sweep (every minute) sends them once the queue is back
        log.warning("notice e-mails %s left for the sweep: the queue could not be reached", ids)


# ---- reading ------------------------------------------------------------------------------------

def _own(user: Any) -> QuerySet[Notice]:
    return Notice.objects.filter(person__user=user) if getattr(user, "is_authenticated", False) else \
        Notice.objects.none()


@transaction.atomic
def mark_read(*, actor: Any, notice_ids: Iterable[int] | None = None) -> int:
    """Mark the actor's own notices read (all unread ones when `notice_ids` is None); returns how many
    changed. Ids of anyone else's notices are ignored, as if they did not exist."""
    qs = _own(actor).filter(read_at__isnull=True)
    if notice_ids is not None:
        qs = qs.filter(pk__in=[i for i in notice_ids if isinstance(i, int)])
    return Notice.objects.filter(pk__in=list(qs.values_list("pk", flat=True))).update(read_at=timezone.now())


# ---- preferences --------------------------------------------------------------------------------

def preferences_of(user: Any) -> dict[str, str]:
    """{kind key: delivery} for every registered kind: the user's choice, else the kind's default."""
    saved = dict(Preference.objects.filter(user=user).values_list("kind", "delivery"))
    return {k.key: (saved.get(k.key, k.default) if k.emailed else Delivery.OFF) for k in kinds.all_kinds()}


@transaction.atomic
def preferences_set(*, actor: Any, choices: dict[str, str]) -> dict[str, str]:
    """Save the actor's choices ({kind: delivery}); every key must be a registered kind and every value
    one of immediately, daily, weekly, off. All or nothing. Notices still waiting for their e-mail
    follow the new choice."""
    errors = {}
    for key, value in choices.items():
        if key not in kinds.KINDS:
            errors[key] = _("There is no kind of notice called %(key)r.") % {"key": key}
        elif value not in kinds.DELIVERIES:
            errors[key] = _("Choose straight away, daily digest, weekly digest or not by e-mail.")
    if errors:
        raise ValidationError(errors)
    before = preferences_of(actor)
    changed = {k: [before.get(k), v] for k, v in choices.items() if before.get(k) != v}
    for key, value in choices.items():
        _save_preference(user=actor, email="", kind=key, delivery=value)
    if changed:
        log_action(actor, "notices.preferences.changed", actor, {"changed": changed})
    return preferences_of(actor)


def _save_preference(*, user: Any, email: str, kind: str, delivery: str) -> None:
    if user is not None:
        Preference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})
        waiting = Notice.objects.filter(person__user=user)
    else:
        Preference.objects.update_or_create(user=None, email=email, kind=kind, defaults={"delivery": delivery})
        waiting = Notice.objects.filter(person__user__isnull=True, email=email)
    # notices not yet e-mailed (nor gathered into a digest) follow the new choice
    waiting = waiting.filter(kind=kind, state=SendState.PENDING, digest__isnull=True)
    if delivery == Delivery.OFF:
        waiting.update(delivery=delivery, state=SendState.NONE)
    else:
        waiting.update(delivery=delivery)


# ---- one-click unsubscribe ----------------------------------------------------------------------

def unsubscribe_token(*, user: Any, email: str, kind: str = "", period: str = "") -> str:
    """A signed link's token that stops one kind (`kind`) or one digest (`period`) for this recipient."""
    owner: dict[str, Any] = {"u": user.pk} if user is not None else {"e": email}
    return tokens.make(UNSUBSCRIBE, {**owner, **({"k": kind} if kind else {"p": period})})


def unsubscribe_what(token: str) -> dict[str, Any]:
    """What a link stops, in words for the page; raises tokens.TokenError for a changed or bad link."""
    payload = tokens.read(UNSUBSCRIBE, token)
    if not isinstance(payload, dict) or not ({"u", "e"} & payload.keys()) or not ({"k", "p"} & payload.keys()):
        raise tokens.TokenInvalid(_("This link is not valid. Open it again from the e-mail."))
    if "k" in payload:
        found = kinds.KINDS.get(str(payload["k"]))
        label = str(found.label) if found else str(payload["k"])
        return {"payload": payload, "what": _("e-mails about: %(kind)s") % {"kind": label}}
    period = str(payload["p"])
    what = _("your weekly digest of notices") if period == kinds.WEEKLY else _("your daily digest of notices")
    return {"payload": payload, "what": what}


@transaction.atomic
def unsubscribe(*, token: str) -> str:
    """Stop what the link names; returns the plain words of what stopped. Works without sign-in and
    can be used twice (the second time changes nothing)."""
    from accord.accounts.models import User

    found = unsubscribe_what(token)
    payload = found["payload"]
    user = User.objects.filter(pk=payload["u"]).first() if "u" in payload else None
    if "u" in payload and user is None:
        return found["what"]
    email = "" if user is not None else str(payload.get("e", "")).lower()
    if "k" in payload:
        stop = [str(payload["k"])] if str(payload["k"]) in kinds.KINDS else []
    else:
        period = str(payload["p"])
        stop = [k.key for k in kinds.all_kinds() if _current(user, email, k) == period]
    for key in stop:
        _save_preference(user=user, email=email, kind=key, delivery=Delivery.OFF)
    log_action(user, "notices.unsubscribed", user, {"stopped": stop, "by": "link"})
    return found["what"]


def _current(user: Any, email: str, kind: kinds.NoticeKind) -> str:
    return delivery_for(user=user, email=email or (user.email if user is not None else ""), kind=kind)
