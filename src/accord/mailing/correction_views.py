"""Pages that correct mailing: confirm before a manager unsubscribes someone or deletes a draft campaign (both
with Undo for a while), and before an import made by mistake is undone."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

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
        f"{subscriber.email} is not subscribed ({subscriber.get_status_display().lower()}).")
    return confirm_then(
        request, access=access, section="mailing", title=f"Unsubscribe {subscriber.email}?", undoable=True,
        refusal=refusal, back=f"/p/{pk}/lists/{mailing_list.pk}/subscribers/{subscriber.pk}/",
        consequences=[f"{subscriber.email} leaves “{mailing_list}” now and gets no more of its e-mails.",
                      "Their consent record notes that a manager did it."],
        button="Unsubscribe them", done=f"{subscriber.email} has been unsubscribed.",
        do=lambda: corrections.unsubscribe_by_manager(actor=request.user, subscriber=subscriber))


@login_required
def campaign_delete(request: HttpRequest, pk: int, list_pk: int, campaign_pk: int) -> HttpResponse:
    mailing_list, access = get_list(request.user, pk, list_pk)
    campaign = mailing_list.campaigns.filter(pk=campaign_pk).first()
    if campaign is None:
        raise Http404("Not found")
    return confirm_then(
        request, access=access, section="mailing", title=f"Delete the draft “{campaign.subject}”?", undoable=True,
        refusal=refusal_of(lambda: corrections.check_campaign_deletable(campaign)), back=mailing_list.get_absolute_url(),
        consequences=[f"The draft “{campaign.subject}” is removed. Nobody has been sent it."],
        button="Delete the draft", done=f"The draft “{campaign.subject}” is deleted.",
        do=lambda: corrections.campaign_delete(actor=request.user, campaign=campaign))


@login_required
def import_undo(request: HttpRequest, pk: int, list_pk: int, entry_pk: int) -> HttpResponse:
    mailing_list, access = get_list(request.user, pk, list_pk)
    entry = corrections.imports_of(mailing_list).filter(pk=entry_pk).first()
    if entry is None:
        raise Http404("Not found")
    added = entry.data.get("added", 0)
    return confirm_then(
        request, access=access, section="mailing", title="Undo this import?",
        refusal=refusal_of(lambda: corrections.check_import_undoable(entry)), back=f"/p/{pk}/lists/{list_pk}/import/",
        consequences=[f"The {added} subscribers this import added on {entry.created_at:%-d %B %Y} are removed from "
                      f"“{mailing_list}”; nobody who was on the list before it is touched.",
                      "Anyone it added who has since left the list themselves stays as they left it.",
                      "The consent record keeps the import and its undoing."],
        button="Undo the import", done="The import is undone: the subscribers it added are removed.",
        do=lambda: corrections.import_undo(actor=request.user, mailing_list=mailing_list, entry=entry))
