"""Pages that correct mailing: confirm before a manager unsubscribes someone, with Undo for a while."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from accord.core.confirm import confirm_then

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
