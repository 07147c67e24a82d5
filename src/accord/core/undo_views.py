"""The Undo button's page: POST only, the same checks as the API."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.lib import stored_text

from . import policy, undo
from .models import AuditEntry


@login_required
@require_POST
def undo_change(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    entry = AuditEntry.objects.filter(partnership=access.partnership, pk=entry_pk).first()
    if entry is None:
        raise Http404("Not found")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
        back = f"/p/{pk}/"
    try:
        undo.undo(actor=request.user, entry=entry)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    label = stored_text.render(entry.data.get("label")) or entry.object_repr or _("the record")
    messages.success(request, _("Undone: %(label)s is back.") % {"label": label})
    return redirect(back)
