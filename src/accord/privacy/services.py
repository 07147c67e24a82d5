"""Subject access, erasure and closing one's own account (writes; the engine finds the rows)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.core.audit import log_action
from accord.lib import languages, queue
from accord.partners.selectors import left_without_a_manager

from . import engine
from .export import build_zip
from .models import Erasure, SubjectAccess

log = logging.getLogger(__name__)

NOBODY = gettext_lazy("Nobody with this e-mail address is recorded here. Check the spelling, or try the address "
                      "they use to sign in.")


# The background export; privacy.apps binds it to privacy.tasks.prepare_export (tasks imports this module).
prepare_export_later: queue.Later[[int]] = queue.Later("privacy.prepare_export")


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    if not email:
        raise ValidationError({"email": _("Give the person's e-mail address.")})
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("This is not an e-mail address (it should look like name@example.org).")}) \
            from None
    return email


def _scope(partnership: Any, site: bool, actor: Any) -> int | None:
    if partnership is not None:
        return int(partnership.pk)
    if not (site and getattr(actor, "is_superuser", False)):
        raise PermissionDenied(_("Only a site administrator may do this for the whole site."))
    return None


def subject_for(*, partnership: Any = None, site: bool = False, actor: Any = None, email: str = "",
                user: Any = None) -> engine.Subject:
    """The person within the actor's scope; a ValidationError when nobody matches there."""
    pid = _scope(partnership, site, actor) if user is None or actor is None or actor.pk != user.pk else None
    subject = engine.find(email=_clean_email(email) if user is None else "", user=user, partnership_id=pid)
    if pid is not None and not subject.person_ids and not any(
            engine.rows(d, subject).exists() for d in engine.declarations() if d.partnership):
        raise ValidationError({"email": NOBODY})
    if pid is None and not subject.found:
        raise ValidationError({"email": NOBODY})
    return subject


@transaction.atomic
def export_request(*, actor: Any, partnership: Any = None, site: bool = False, email: str = "",
                   own: bool = False) -> SubjectAccess:
    """Ask for everything held about a person; prepared in the background, downloadable only by `actor`."""
    queue.check()
    if own:
        subject_for(user=actor, actor=actor)
        row = SubjectAccess.objects.create(requested_by=actor, scope=SubjectAccess.Scope.SELF, subject_user=actor)
    else:
        subject_for(partnership=partnership, site=site, actor=actor, email=email)
        row = SubjectAccess.objects.create(
            requested_by=actor, partnership=partnership, email=_clean_email(email),
            scope=SubjectAccess.Scope.PARTNERSHIP if partnership is not None else SubjectAccess.Scope.SITE)
    log_action(actor, "privacy.access.requested", row, {"scope": row.scope}, partnership=partnership)
    queue.after_commit(prepare_export_later, row.pk)
    return row


def prepare_export(pk: int) -> None:
    """Find, gather and zip (the task's body). Progress is saved after each kind of record."""
    row = SubjectAccess.objects.filter(pk=pk).first()
    if row is None or row.status == SubjectAccess.Status.READY:
        return
    SubjectAccess.objects.filter(pk=pk).update(status=SubjectAccess.Status.RUNNING)
    try:
        subject = engine.find(email=row.email, user=row.subject_user,
                              partnership_id=row.partnership_id if row.scope == SubjectAccess.Scope.PARTNERSHIP
                              else None)

        def progress(done: int, total: int) -> None:
            SubjectAccess.objects.filter(pk=pk).update(done=done, total=total)

        gathered = engine.collect(subject, progress)
        about = row.email or (row.subject_user.email if row.subject_user else "")
        # the summary speaks the language of the person who asked (their account's choice, else English)
        with translation.override(languages.for_recipient(user=row.requested_by)):
            scope = str(row.partnership) if row.partnership else (_("your account") if row.scope == "self"
                                                                 else _("the whole site"))
            data = build_zip(gathered, about=about, scope=scope)
        row.refresh_from_db()
        row.file.save(f"subject-access-{row.pk}.zip", ContentFile(data), save=False)
        row.status = SubjectAccess.Status.READY
        row.rows = gathered.total
        row.finished_at = timezone.now()
        row.expires_at = row.finished_at + dt.timedelta(hours=settings.ACCORD_SUBJECT_ACCESS_HOURS)
        row.save()
    except Exception:
        log.exception("subject access request %s failed", pk)
        SubjectAccess.objects.filter(pk=pk).update(status=SubjectAccess.Status.FAILED)
        raise


def downloadable(row: SubjectAccess, user: Any) -> bool:
    return row.requested_by_id == getattr(user, "pk", None) and row.downloadable


@transaction.atomic
def erase(*, actor: Any, reason: str, partnership: Any = None, site: bool = False, email: str = "",
          user: Any = None, scope: str = "", subject: engine.Subject | None = None) -> Erasure:
    """Erase or pseudonymise the person everywhere in scope, in one transaction, and record that it
    happened (who, why, how many rows) without the erased data."""
    reason = (reason or "").strip()
    if not reason and scope != Erasure.Scope.RETENTION:
        raise ValidationError({"reason": _("Say why (for example “they asked us to erase their data on 3 May”).")})
    if subject is None:
        subject = subject_for(partnership=partnership, site=site, actor=actor, email=email, user=user)
    scope = scope or (Erasure.Scope.PARTNERSHIP if partnership is not None else Erasure.Scope.SITE)
    orphaned = left_without_a_manager(subject.user_ids, partnership.pk if partnership is not None else None)
    if orphaned:
        names = ", ".join(str(p) for p in orphaned)
        if user is not None and getattr(actor, "pk", None) == user.pk:
            raise ValidationError(_("You are the only manager of %(partnerships)s. A partnership needs a manager: "
                                    "make someone else manager there first.") % {"partnerships": names})
        raise ValidationError(_("They are the only manager of %(partnerships)s. A partnership needs a manager: "
                                "make someone else manager there first.") % {"partnerships": names})
    strings = tuple(subject.strings)
    by_self = user is not None and getattr(actor, "pk", None) == user.pk
    record = Erasure.objects.create(
        partnership=partnership, scope=scope, actor=None if by_self else actor,
        actor_label="the person themselves" if by_self else (str(actor) if actor else "retention"),
        reason=engine.scrub(reason, strings) or "retention period ended")
    ctx = engine.Context(actor=None if by_self else actor, label=f"Former member {record.reference}",
                         strings=strings, reference=record.reference,
                         person_ids=frozenset(subject.person_ids), user_ids=frozenset(subject.user_ids))
    counts = engine.erase(subject, ctx)
    record.counts = counts
    record.save(update_fields=["counts"])
    log_action(None if by_self else actor, "privacy.erased", record, {"rows": sum(counts.values()),
                                                                       "scope": scope}, partnership=partnership)
    return record


def close_account(*, user: Any, reason: str = "") -> Erasure:
    """The person closes their own account: erased everywhere, their partnerships keep the
    organisations' records, pseudonymised."""
    return erase(actor=user, user=user, reason=reason or "closed their own account", scope=Erasure.Scope.SELF)
