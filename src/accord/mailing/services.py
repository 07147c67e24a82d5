"""Writes for mailing lists and subscribers: atomic, validated, audited, and each change to what a
person agreed to leaves a ConsentRecord. Campaign sending is in `sending.py`.

Audit entries never carry an address or a name (a subscriber is "subscriber #12"), so erasure only
has to redact consent records and unlink deliveries; it redacts matching audit entries as well.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accord.core import audit
from accord.core.audit import log_action
from accord.lib import languages, queue
from accord.lib.csvimport import ImportRejected, RowError, RowErrors, read_csv
from accord.lib.exports import csv_text
from accord.lib.languages import localised

from . import messages
from .models import (
    ConsentRecord,
    ConsentStatement,
    MailingList,
    Subscriber,
    Suppression,
    Topic,
    email_hash,
    new_key,
    normalise_email,
    validate_slug_free,
)

log = logging.getLogger(__name__)
Action, Method = ConsentRecord.Action, ConsentRecord.Method


# The tasks these services queue; mailing.apps binds them to mailing.tasks (which imports this module).
send_signup_mail_later: queue.Later[[int, str]] = queue.Later("mailing.send_signup_mail")


def clean_email(address: str, field: str = "email") -> str:
    address = normalise_email(address)
    if not address:
        raise ValidationError({field: _("Enter an e-mail address.")})
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError({field: _("Enter an e-mail address in the form name@example.org.")}) from None
    return address


def _record(subscriber: Subscriber | None, action: str, method: str, *, mailing_list: MailingList | None = None,
            email: str = "", ip: str | None = None, actor: Any = None, basis: str = "",
            statement: ConsentStatement | None = None, topics: Iterable[Topic] | None = None,
            language: str = "") -> ConsentRecord:
    """One consent record; `language`: the language of the statement's wording they agreed to."""
    mailing_list = mailing_list or subscriber.mailing_list  # type: ignore[union-attr]  # callers give one or the other
    email = email or (subscriber.email if subscriber else "")
    if topics is None and subscriber is not None and subscriber.pk:
        topics = subscriber.topics.all()
    return ConsentRecord.objects.create(
        mailing_list=mailing_list, subscriber=subscriber, email=email, email_hash=email_hash(email),
        action=action, method=method, statement=statement, topics=sorted(t.name for t in (topics or [])),
        basis=basis, ip=ip if (ip and mailing_list.record_ip) else None, language=language if statement else "",
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


# --- lists ---------------------------------------------------------------------------------------

def topic_line(topic: Topic) -> str:
    """A topic as the list's form shows it: "Events", or "Events | Digwyddiadau" with its Welsh name."""
    return f"{topic.name} | {topic.name_cy}" if topic.name_cy else topic.name


def _set_topics(mailing_list: MailingList, names: list[str]) -> None:
    """`names`: one topic a line, its Welsh name after a bar when given ("Events | Digwyddiadau")."""
    pairs = [(english.strip(), welsh.strip()) for english, _bar, welsh in (n.partition("|") for n in names)
             if english.strip()]
    if len({english.lower() for english, _welsh in pairs}) != len(pairs):
        raise ValidationError({"topics": _("A topic is listed twice.")})
    keep = []
    for order, (name, name_cy) in enumerate(pairs):
        topic, _created = Topic.objects.update_or_create(mailing_list=mailing_list, name=name,
                                                         defaults={"order": order, "name_cy": name_cy[:120]})
        keep.append(topic.pk)
    # topics no longer offered are removed; subscribers simply stop having them
    mailing_list.topics.exclude(pk__in=keep).delete()


def _set_statement(mailing_list: MailingList, text: str, text_cy: str = "") -> ConsentStatement:
    """The list's statement, a new version when either wording (English, Welsh) changed."""
    text, text_cy = (text or "").strip(), (text_cy or "").strip()
    if not text:
        raise ValidationError({"statement": "Write the consent statement people agree to when they sign up."})
    current = mailing_list.current_statement()
    if current and current.text == text and current.text_cy == text_cy:
        return current
    return ConsentStatement.objects.create(mailing_list=mailing_list, version=(current.version + 1 if current else 1),
                                           text=text, text_cy=text_cy)


@transaction.atomic
def list_create(*, actor: Any, partnership: Any, organisation: Any = None, name: str, slug: str = "",
                description: str = "", statement: str, topics: list[str] | None = None, from_name: str = "",
                reply_to: str = "", record_ip: bool = False, is_open: bool = True, name_cy: str = "",
                description_cy: str = "", statement_cy: str = "") -> MailingList:
    slug = slugify(slug or name)[:80]
    if not slug:
        raise ValidationError({"slug": "Give the list a web address of letters, numbers and hyphens."})
    validate_slug_free(slug)
    mailing_list = MailingList(partnership=partnership, organisation=organisation, name=name, slug=slug,
                               description=description, name_cy=name_cy, description_cy=description_cy,
                               from_name=from_name, reply_to=reply_to,
                               record_ip=record_ip, is_open=is_open)
    mailing_list.full_clean()
    mailing_list.save()
    _set_topics(mailing_list, topics or [])
    version = _set_statement(mailing_list, statement, statement_cy)
    log_action(actor, "mailing.list.created", mailing_list, {"statement_version": version.version})
    return mailing_list


@transaction.atomic
def list_update(*, actor: Any, mailing_list: MailingList, statement: str, topics: list[str], statement_cy: str = "",
                **fields: Any) -> MailingList:
    if "slug" in fields:
        fields["slug"] = slugify(fields["slug"])[:80]
        validate_slug_free(fields["slug"], exclude_pk=mailing_list.pk)
    for key, value in fields.items():
        setattr(mailing_list, key, value)
    mailing_list.full_clean()
    mailing_list.save()
    _set_topics(mailing_list, topics)
    version = _set_statement(mailing_list, statement, statement_cy)
    log_action(actor, "mailing.list.changed", mailing_list,
               {"fields": sorted(fields), "statement_version": version.version})
    return mailing_list


# --- signing up, confirming, leaving -------------------------------------------------------------

def _topics_of(mailing_list: MailingList, topic_ids: Iterable[Any]) -> list[Topic]:
    ids = {int(t) for t in topic_ids if str(t).isascii() and str(t).isdigit() and len(str(t)) < 19}
    return list(mailing_list.topics.filter(pk__in=ids))


def signup_request(*, mailing_list: MailingList, email: str, name: str = "", topic_ids: Iterable[Any] = (),
                   statement_version: int, ip: str | None = None, language: str | None = None,
                   statement_language: str = "") -> None:
    """Someone asked to join through the public form. Whatever the address's state, the caller
    shows the same answer; what differs is only the e-mail sent to that address:
    new or lapsed → a confirmation link; pending → the link again; subscribed → a note with the
    preferences link. Nothing is changed for a subscribed address until they act on the e-mail.
    The e-mail goes from a background task after the commit, so the answer also takes the same time.
    `language`: the language of the page they signed up on (by default the active one, which is the
    page's); their e-mails go in it from now on. `statement_language`: the wording the form showed (the
    form says, the embedded one on the owner's site too); by default the one for `language`."""
    queue.check()  # the queue down: say so, and record nothing
    subscriber_pk, kind = _signup_record(mailing_list=mailing_list, email=email, name=name, topic_ids=topic_ids,
                                         statement_version=statement_version, ip=ip,
                                         language=languages.supported(language) or languages.current(),
                                         statement_language=languages.supported(statement_language))
    queue.enqueue(send_signup_mail_later, subscriber_pk, kind)


@transaction.atomic
def _signup_record(*, mailing_list: MailingList, email: str, name: str, topic_ids: Iterable[Any],
                   statement_version: int, ip: str | None, language: str = "",
                   statement_language: str = "") -> tuple[int, str]:
    email = clean_email(email)
    statement = mailing_list.current_statement()
    if statement is None or statement.version != statement_version:
        raise ValidationError(_("The consent statement has changed since the form was opened. Read it again "
                                "below and send the form once more."))
    topics = _topics_of(mailing_list, topic_ids)
    subscriber = Subscriber.objects.select_for_update().filter(mailing_list=mailing_list, email=email).first()
    if subscriber is not None and subscriber.status == Subscriber.Status.SUBSCRIBED:
        # nothing changes for a subscribed address until they act: their note goes in their remembered language
        return subscriber.pk, "already"
    if subscriber is None:
        subscriber = Subscriber.objects.create(mailing_list=mailing_list, email=email, name=name.strip()[:200],
                                               language=language)
    else:
        subscriber.status = Subscriber.Status.PENDING
        subscriber.name = name.strip()[:200] or subscriber.name
        subscriber.requested_at = timezone.now()
        subscriber.language = language or subscriber.language
        subscriber.save(update_fields=["status", "name", "requested_at", "language"])
    subscriber.topics.set(topics)
    # The wording they were shown, kept on the request; they agree to it when they confirm.
    subscriber.statement = statement
    subscriber.save(update_fields=["statement"])
    # the wording they were shown: the one the form names when the statement has it, else the English
    shown, _text = statement.wording(statement_language or language)
    _record(subscriber, Action.SIGNED_UP, Method.FORM, ip=ip, statement=statement, topics=topics, language=shown)
    log_action(None, "mailing.subscriber.requested", subscriber, partnership=mailing_list.partnership)
    return subscriber.pk, "confirm"


def send_signup_mail(subscriber_pk: int, kind: str) -> None:
    if kind == "already":
        _send_already(subscriber_pk)
    else:
        _send_confirmation(subscriber_pk)


def _send_confirmation(subscriber_pk: int) -> None:
    subscriber = Subscriber.objects.select_related("mailing_list").filter(pk=subscriber_pk).first()
    if subscriber is None:  # erased or purged before the task ran
        return
    mailing_list = subscriber.mailing_list
    messages.to_subscriber(subscriber,
                           subject=lambda: _("Please confirm: %(list)s") % {"list": localised(mailing_list, "name")},
                           template="mailing/email/confirm",
                           context={"confirm_url": messages.confirm_url(subscriber)}).send()


def _send_already(subscriber_pk: int) -> None:
    subscriber = Subscriber.objects.select_related("mailing_list").filter(pk=subscriber_pk).first()
    if subscriber is None:
        return
    mailing_list = subscriber.mailing_list
    messages.to_subscriber(
        subscriber, subject=lambda: _("You are already subscribed: %(list)s") % {"list": localised(mailing_list, "name")},
        template="mailing/email/already").send()


@transaction.atomic
def subscriber_confirm(*, subscriber: Subscriber, ip: str | None = None) -> bool:
    """Confirm a pending sign-up. False (and no change) when it was confirmed already."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status != Subscriber.Status.PENDING:
        return False
    subscriber.status = Subscriber.Status.SUBSCRIBED
    subscriber.confirmed_at = timezone.now()
    subscriber.unsubscribed_at = None
    subscriber.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
    # They chose to come back themselves: an old erasure no longer stops them.
    Suppression.objects.filter(mailing_list=subscriber.mailing_list_id, email_hash=email_hash(subscriber.email)).delete()
    # they confirm the wording they were shown when they asked, in its language
    asked = subscriber.consent_records.filter(action=Action.SIGNED_UP, statement=subscriber.statement).last()
    _record(subscriber, Action.CONFIRMED, Method.EMAIL_LINK, ip=ip, statement=subscriber.statement,
            language=asked.language if asked else languages.ENGLISH)
    log_action(None, "mailing.subscriber.confirmed", subscriber, partnership=subscriber.mailing_list.partnership)
    return True


@transaction.atomic
def subscriber_unsubscribe(*, subscriber: Subscriber, method: str = Method.EMAIL_LINK, actor: Any = None,
                           ip: str | None = None) -> bool:
    """Leave the list at once. False when they had already left (nothing changes)."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status in (Subscriber.Status.UNSUBSCRIBED, Subscriber.Status.BOUNCED):
        return False
    subscriber.status = Subscriber.Status.UNSUBSCRIBED
    subscriber.unsubscribed_at = timezone.now()
    subscriber.save(update_fields=["status", "unsubscribed_at"])
    _record(subscriber, Action.UNSUBSCRIBED, method, ip=ip, actor=actor)
    log_action(actor, "mailing.subscriber.unsubscribed", subscriber, {"method": method},
               partnership=subscriber.mailing_list.partnership)
    return True


@transaction.atomic
def subscriber_set_topics(*, subscriber: Subscriber, topic_ids: Iterable[Any], method: str = Method.EMAIL_LINK,
                          actor: Any = None, ip: str | None = None) -> None:
    topics = _topics_of(subscriber.mailing_list, topic_ids)
    if {t.pk for t in topics} == set(subscriber.topics.values_list("pk", flat=True)):
        return
    subscriber.topics.set(topics)
    _record(subscriber, Action.TOPICS, method, ip=ip, actor=actor, topics=topics)
    log_action(actor, "mailing.subscriber.topics", subscriber, {"topics": [t.name for t in topics]},
               partnership=subscriber.mailing_list.partnership)


def send_preferences_link(*, mailing_list: MailingList, email: str) -> None:
    """Mail the preferences link if the address is on the list; the caller says the same either way."""
    address = clean_email(email)
    subscriber = Subscriber.objects.filter(mailing_list=mailing_list, email=address).exclude(
        status=Subscriber.Status.PENDING).first()
    if subscriber is None:
        return
    messages.to_subscriber(subscriber,
                           subject=lambda: _("Your preferences: %(list)s") % {"list": localised(mailing_list, "name")},
                           template="mailing/email/preferences").send()


# --- managers adding people ----------------------------------------------------------------------

def _check_addable(mailing_list: MailingList, address: str) -> None:
    if Suppression.objects.filter(mailing_list=mailing_list, email_hash=email_hash(address)).exists():
        raise ValueError("This person asked for their data to be erased from this list; only they can join "
                         "again, through the sign-up page.")
    existing = Subscriber.objects.filter(mailing_list=mailing_list, email=address).first()
    if existing and existing.status in (Subscriber.Status.UNSUBSCRIBED, Subscriber.Status.BOUNCED):
        raise ValueError(f"This address left the list ({existing.get_status_display().lower()}); only they can "
                         "join again, through the sign-up page.")


@transaction.atomic
def subscriber_add(*, actor: Any, mailing_list: MailingList, email: str, name: str = "",
                   topic_ids: Iterable[Any] = (), basis: str) -> Subscriber:
    """A manager adds one person who agreed elsewhere (on paper, by phone): the basis is required."""
    address = clean_email(email)
    if not basis.strip():
        raise ValidationError({"basis": "Say how this person agreed to join (for example “signed the paper form "
                                        "at the Eastmarsh event, 3 May”)."})
    if Subscriber.objects.filter(mailing_list=mailing_list, email=address).exclude(
            status__in=[Subscriber.Status.UNSUBSCRIBED, Subscriber.Status.BOUNCED]).exists():
        raise ValidationError({"email": "This address is already on the list."})
    try:
        _check_addable(mailing_list, address)
    except ValueError as exc:
        raise ValidationError({"email": str(exc)}) from None
    topics = _topics_of(mailing_list, topic_ids)
    subscriber = _create_subscribed(mailing_list, address, name, topics)
    _record(subscriber, Action.ADDED, Method.ADMIN, actor=actor, basis=basis.strip(), topics=topics)
    log_action(actor, "mailing.subscriber.added", subscriber, partnership=mailing_list.partnership)
    return subscriber


def _create_subscribed(mailing_list: MailingList, address: str, name: str, topics: list[Topic]) -> Subscriber:
    subscriber, _created = Subscriber.objects.update_or_create(
        mailing_list=mailing_list, email=address,
        defaults={"name": name.strip()[:200], "status": Subscriber.Status.SUBSCRIBED, "confirmed_at": timezone.now(),
                  "statement": None},
    )
    subscriber.topics.set(topics)
    return subscriber


IMPORT_COLUMNS = ["email"]
IMPORT_OPTIONAL = ["name", "topics"]


@transaction.atomic
def subscribers_import(*, actor: Any, mailing_list: MailingList, data: bytes | str, basis: str) -> dict[str, int]:
    """Import a CSV (columns: email, and optionally name and topics separated by “;”). All or nothing:
    any bad row rejects the whole file with every problem listed. Addresses already subscribed are left
    as they are; erased or unsubscribed ones are refused."""
    if not (basis or "").strip():
        raise ImportRejected([RowError(0, "", "State the consent basis: how and when these people agreed to "
                                              "receive this list's e-mails.")])
    topics_by_name = {t.name.lower(): t for t in mailing_list.topics.all()}
    seen: dict[str, int] = {}  # address -> the row it first appeared on
    current = set(Subscriber.objects.filter(mailing_list=mailing_list, status__in=[
        Subscriber.Status.SUBSCRIBED, Subscriber.Status.PENDING]).values_list("email", flat=True))

    def parse(row: dict[str, str], line: int) -> tuple[str, str, list[Topic]] | None:
        """Every problem of the row at once (RowErrors), so one correction pass fixes the file."""
        errors: list[RowError] = []
        address = ""
        try:
            address = clean_email(row.get("email", ""))
        except ValidationError:
            errors.append(RowError(line, "email", f"“{row.get('email', '')}” is not an e-mail address."))
        repeated = address in seen
        if repeated:
            errors.append(RowError(line, "email", f"This address appears earlier in the file, on row {seen[address]}."))
        elif address:
            seen[address] = line
        topics = []
        for name in [n.strip() for n in row.get("topics", "").split(";") if n.strip()]:
            if name.lower() not in topics_by_name:
                errors.append(RowError(line, "topics", f"“{name}” is not one of this list's topics "
                                       f"({', '.join(t.name for t in topics_by_name.values()) or 'none'})."))
            else:
                topics.append(topics_by_name[name.lower()])
        if address and address not in current and not repeated:
            try:
                _check_addable(mailing_list, address)
            except ValueError as exc:
                errors.append(RowError(line, "email", str(exc)))
        if errors:
            raise RowErrors(errors)
        if address in current:
            return None
        return address, row.get("name", ""), topics

    result = read_csv(data, required=IMPORT_COLUMNS, optional=IMPORT_OPTIONAL, parse_row=parse)
    if not result.ok:
        raise ImportRejected(result.errors)
    added: list[int] = []
    for parsed in result.rows:
        if parsed is None:
            continue
        address, name, topics = parsed
        subscriber = _create_subscribed(mailing_list, address, name, topics)
        _record(subscriber, Action.IMPORTED, Method.IMPORT, actor=actor, basis=basis.strip(), topics=topics)
        added.append(subscriber.pk)
    skipped = len(result.rows) - len(added)
    # the ids of the subscribers this import added: undoing it removes exactly these (mailing/corrections.py)
    log_action(actor, "mailing.subscribers.imported", mailing_list, {
        "added": len(added), "already_on_list": skipped, "basis": basis.strip(), "subscribers": added})
    return {"added": len(added), "already_on_list": skipped}


def subscribers_csv(mailing_list: MailingList, *, actor: Any) -> str:
    """This list's subscribers (and only this list's) as CSV, for its managers."""
    subscribers = (Subscriber.objects.filter(mailing_list=mailing_list).select_related("statement")
                   .prefetch_related("topics").order_by("email"))
    rows = [[s.email, s.name, s.status, ";".join(t.name for t in s.topics.all()),
             s.confirmed_at.isoformat() if s.confirmed_at else "",
             s.unsubscribed_at.isoformat() if s.unsubscribed_at else "",
             s.statement.version if s.statement else ""] for s in subscribers]
    log_action(actor, "mailing.subscribers.exported", mailing_list, {"rows": len(subscribers)})
    # in the manager's language: the import reads its own columns (email, name, topics), never this file's
    return csv_text([_("E-mail address"), _("Name"), _("Status"), _("Topics"), _("Joined"), _("Left"),
                     _("Consent statement version")], rows)


# --- personal data -------------------------------------------------------------------------------

def subscriber_export(subscriber: Subscriber) -> dict[str, Any]:
    """Everything Accord holds about this person on this list, as plain JSON-ready data."""
    mailing_list = subscriber.mailing_list
    return {
        "list": {"name": mailing_list.name, "owner": mailing_list.owner_name},
        "email": subscriber.email,
        "name": subscriber.name,
        "status": subscriber.status,
        "topics": [t.name for t in subscriber.topics.all()],
        "signed_up_at": subscriber.created_at.isoformat(),
        "confirmed_at": subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else None,
        "unsubscribed_at": subscriber.unsubscribed_at.isoformat() if subscriber.unsubscribed_at else None,
        "consent_records": [
            {"when": r.created_at.isoformat(), "what": r.action, "how": r.method,
             "statement_version": r.statement.version if r.statement else None,
             "statement_language": r.language or None,
             "statement_text": r.statement.wording(r.language)[1] if r.statement else None,
             "topics": r.topics, "basis": r.basis, "ip": r.ip}
            for r in subscriber.consent_records.select_related("statement").order_by("created_at", "id")
        ],
        "messages_sent": [
            {"campaign": d.campaign.subject, "sent_at": d.sent_at.isoformat() if d.sent_at else None,
             "status": d.status}
            for d in subscriber.deliveries.select_related("campaign").order_by("id")
        ],
    }


def _redact(subscriber: Subscriber) -> None:
    ConsentRecord.objects.filter(subscriber=subscriber).update(email="", ip=None, basis="", redacted=True,
                                                               subscriber=None)
    audit.redact(subscriber)


@transaction.atomic
def subscriber_erase(*, subscriber: Subscriber, actor: Any = None, method: str = Method.EMAIL_LINK) -> dict[str, Any]:
    """Erase a person from a list: export first (returned), keep a keyed hash as a suppression entry,
    redact their consent records and audit entries (never delete them), unlink their deliveries and
    delete the subscriber row."""
    subscriber = Subscriber.objects.select_for_update().select_related("mailing_list").get(pk=subscriber.pk)
    mailing_list = subscriber.mailing_list
    exported = subscriber_export(subscriber)
    digest = email_hash(subscriber.email)
    Suppression.objects.get_or_create(mailing_list=mailing_list, email_hash=digest)
    _record(None, Action.ERASED, method, mailing_list=mailing_list, email=subscriber.email, actor=actor, topics=[])
    ConsentRecord.objects.filter(mailing_list=mailing_list, email_hash=digest).update(
        email="", ip=None, basis="", redacted=True, subscriber=None)
    _redact(subscriber)
    pk = subscriber.pk
    subscriber.key = new_key()  # any link still in a mailbox stops working even before the delete lands
    subscriber.delete()
    log_action(actor, "mailing.subscriber.erased", mailing_list, {"subscriber": pk, "method": method})
    return exported


@transaction.atomic
def purge_unconfirmed(*, days: int, now: dt.datetime | None = None) -> int:
    """Remove sign-ups never confirmed within `days`. Their consent records stay, redacted."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    stale = list(Subscriber.objects.filter(status=Subscriber.Status.PENDING, requested_at__lt=cutoff)
                 .select_related("mailing_list"))
    for subscriber in stale:
        _record(subscriber, Action.PURGED, Method.SYSTEM, topics=[])
        _redact(subscriber)
        subscriber.delete()
    if stale:
        log.info("Purged %s unconfirmed sign-ups", len(stale))
    return len(stale)
