"""Pages that correct the library: confirm before revoking a grant, share a withdrawn item again."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from accord.core.confirm import confirm_page, confirm_then

from . import corrections, rules
from .models import AccessRequest


def revoke_confirm(request: HttpRequest, access: Any, req: AccessRequest) -> HttpResponse:
    """The confirmation page before a grant is revoked (library:revoke on GET)."""
    return confirm_page(
        request, access=access, section="library", title=f"Revoke {req.organisation}'s access?",
        refusal="" if req.status == AccessRequest.Status.GRANTED else "Only a granted request can be revoked.",
        consequences=[f"{req.organisation} can no longer open or download “{req.item}”, from their next page.",
                      "The access record keeps the grant and this revocation."],
        reversible=f"To give access again, {req.organisation} asks again and you grant it.",
        button="Revoke access", cancel_url=f"/p/{access.partnership.pk}/library/requests/")


@login_required
def item_reinstate(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    from .views import _readable_item

    item, access = _readable_item(request, pk, item_pk, need="act")
    if not rules.is_owner(access, item):
        raise PermissionDenied(f"Only people of {item.owner_org} can share this item again.")
    return confirm_then(
        request, access=access, section="library", title=f"Share “{item.title}” again?",
        refusal="" if item.is_withdrawn else "This item is not withdrawn, so there is nothing to put back.",
        consequences=["Partners can open it again on its current terms.",
                      "Organisations granted access keep it until their grant's end date, as before.",
                      "The access record keeps the withdrawal and this."],
        reversible="You can withdraw it again at any time.", button="Share it again", back=item.get_absolute_url(),
        done=f"“{item.title}” is shared again.",
        do=lambda: corrections.item_reinstate(actor=request.user, access=access, item=item))
