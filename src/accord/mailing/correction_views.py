"""Pages that correct mailing: confirm before a manager unsubscribes someone or deletes a draft campaign (both
with Undo for a while), and before an import made by mistake is undone."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.core.confirm import confirm_then, refusal_of

from . import corrections
from .access import get_list
from .models import Subscriber


@login_required
def unsubscribe(request: HttpRequest, pk: int, list_pk: int, sub_pk: int) -> HttpResponse:
    mailing_list, access = get_list(request.user, pk, list_pk)
    from .views import _subscriber

    subscriber = _subscriber(mailing_list, sub_pk)
    refusal = "" if subscriber.status == Subscriber.Status.SUBSCRIBED else (
        _("%(email)s is not subscribed (%(status)s).") % {"email": subscriber.email,
                                                          "status": subscriber.get_status_display().lower()})
    return confirm_then(
        request, access=access, section="mailing", title=_("Unsubscribe %(email)s?") % {"email": subscriber.email}, undoable=True,
        refusal=refusal, back=f"/p/{pk}/lists/{mailing_list.pk}/subscribers/{subscriber.pk}/",
        consequences=[_("%(email)s leaves “%(list)s” now and gets no more of its e-mails.")
                      % {"email": subscriber.email, "list": mailing_list},
                      _("Their consent record notes that a manager did it.")],
        button=_("Unsubscribe them"), done=_("%(email)s has been unsubscribed.") % {"email": subscriber.email},
        do=lambda: corrections.unsubscribe_by_manager(actor=request.user, subscriber=subscriber))


@login_required
def campaign_delete(request: HttpRequest, pk: int, list_pk: int, campaign_pk: int) -> HttpResponse:
    mailing_list, access = get_list(request.user, pk, list_pk)
    campaign = mailing_list.campaigns.filter(pk=campaign_pk).first()
    if campaign is None:
        raise Http404("Not found")
    return confirm_then(
        request, access=access, section="mailing", title=_("Delete the draft “%(subject)s”?") % {"subject": campaign.subject}, undoable=True,
        refusal=refusal_of(lambda: corrections.check_campaign_deletable(campaign)), back=mailing_list.get_absolute_url(),
        consequences=[_("The draft “%(subject)s” is removed. Nobody has been sent it.") % {"subject": campaign.subject}],
        button=_("Delete the draft"), done=_("The draft “%(subject)s” is deleted.") % {"subject": campaign.subject},
        do=lambda: corrections.campaign_delete(actor=request.user, campaign=campaign))


@login_required
def import_undo(request: HttpRequest, pk: int, list_pk: int, entry_pk: int) -> HttpResponse:
    mailing_list, access = get_list(request.user, pk, list_pk)
    entry = corrections.imports_of(mailing_list).filter(pk=entry_pk).first()
    if entry is None:
        raise Http404("Not found")
    added = entry.data.get("added", 0)
    return confirm_then(
        request, access=access, section="mailing", title=_("Undo this import?"),
        refusal=refusal_of(lambda: corrections.check_import_undoable(entry)), back=f"/p/{pk}/lists/{list_pk}/import/",
        consequences=[ngettext("The %(count)s subscriber this import added on %(date)s is removed from “%(list)s”; "
                               "nobody who was on the list before it is touched.",
                               "The %(count)s subscribers this import added on %(date)s are removed from “%(list)s”; "
                               "nobody who was on the list before it is touched.", added)
                      % {"count": added, "date": date_format(entry.created_at, "j F Y"), "list": mailing_list},
                      _("Anyone it added who has since left the list themselves stays as they left it."),
                      _("The consent record keeps the import and its undoing.")],
        button=_("Undo the import"), done=_("The import is undone: the subscribers it added are removed."),
        do=lambda: corrections.import_undo(actor=request.user, mailing_list=mailing_list, entry=entry))
