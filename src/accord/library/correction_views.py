"""Pages that correct the library: confirm before revoking a grant, share a withdrawn item again."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from accord.core.confirm import confirm_page

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
