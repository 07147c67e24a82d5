"""Pages that correct health: delete a change event recorded by hand."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from accord.core import policy
from accord.core.confirm import confirm_then

from . import corrections
from .models import ChangeEvent


@login_required
def event_delete(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    event = ChangeEvent.objects.filter(partnership=access.partnership, pk=event_pk).first()
    if event is None:
        raise Http404("Not found")
    refusal = _("This event comes from the data (a person's dates or a funding stream), so it follows its source: "
                "correct the person's dates or the funding stream instead.") if event.derived else ""
    return confirm_then(
        request, access=access, section="health", title=_("Delete this change event?"), undoable=True,
        refusal=refusal, back=f"/p/{pk}/health/timeline/",
        consequences=[_("“%(event)s” is removed from the timeline.") % {"event": event},
                      _("Health figures worked out from now on no longer count it.")],
        button=_("Delete the event"), done=_("“%(event)s” is deleted.") % {"event": event},
        do=lambda: corrections.event_delete(actor=request.user, event=event))
