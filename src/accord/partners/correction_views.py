"""Pages that correct who has access: removing someone asks first, and offers Undo for a while."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from accord.core import policy
from accord.core.confirm import confirm_then, refusal_of

from . import services
from .models import Role


@login_required
def role_remove(request: HttpRequest, pk: int, role_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    role = access.partnership.roles.filter(pk=role_pk).select_related("user", "organisation").first()
    if role is None:
        raise Http404("Not found")
    refusal = refusal_of(lambda: services._keep_a_manager(access.partnership, leaving=role)) \
        if role.role == Role.MANAGER else ""
    return confirm_then(
        request, access=access, section="team", title=f"Remove {role.user}'s access?", undoable=True,
        refusal=refusal, back=reverse("accounts:team", args=[pk]),
        consequences=[f"{role.user} ({role.user.email}) can no longer see or change anything of "
                      f"{access.partnership}, from their next page.",
                      "Their account, and everything they recorded, stays."],
        button="Remove their access", done=f"{role.user} no longer has access.",
        do=lambda: services.role_remove(actor=request.user, role=role))
