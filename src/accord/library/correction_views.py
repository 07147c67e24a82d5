"""Pages that correct the library: confirm before revoking a grant, reconsider a refusal or a revocation, share
a withdrawn item again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.core import policy
from accord.core.confirm import confirm_page, refusal_of
from accord.lib.formerrors import apply_errors

from . import corrections
from .models import AccessRequest


def revoke_confirm(request: HttpRequest, access: Any, req: AccessRequest) -> HttpResponse:
    """The confirmation page before a grant is revoked (library:revoke on GET)."""
    return confirm_page(
        request, access=access, section="library", title=_("Revoke %(org)s's access?") % {"org": req.organisation},
        refusal="" if req.status == AccessRequest.Status.GRANTED else _("Only a granted request can be revoked."),
        consequences=[_("%(org)s can no longer open or download “%(item)s”, from their next page.")
                      % {"org": req.organisation, "item": req.item},
                      _("The access record keeps the grant and this revocation.")],
        reversible=_("If you revoke it by mistake, reconsider it from the requests page to give access again."),
        button=_("Revoke access"), cancel_url=f"/p/{access.partnership.pk}/library/requests/")


def confirm_refusal(req: AccessRequest) -> str:
    return refusal_of(lambda: corrections.check_reconsiderable(req))


class ReconsiderForm(forms.Form):
    until = forms.DateField(label=gettext_lazy("Access until"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}),
                            help_text=gettext_lazy("Leave empty to grant until you revoke it."))
    note = forms.CharField(label=gettext_lazy("Note to them"), required=False, max_length=300)


@login_required
def reconsider(request: HttpRequest, pk: int, req_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="act")
    req = AccessRequest.objects.select_related("item__owner_org", "item__terms", "organisation").filter(
        pk=req_pk, item__partnership=access.partnership).first()
    if req is None:
        raise Http404("Not found")
    refusal = confirm_refusal(req)
    if refusal:
        return confirm_page(request, access=access, section="library", title=_("Give %(org)s access after all") % {"org": req.organisation},
                            consequences=[], button="", cancel_url=f"/p/{pk}/library/requests/", refusal=refusal)
    form = ReconsiderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            corrections.request_reconsider(actor=request.user, access=access, request=req, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(org)s can now open “%(item)s”.") % {"org": req.organisation, "item": req.item})
            return redirect("library:requests", pk)
    facts = {"org": req.organisation, "item": req.item}
    intro = (_("%(org)s's request for “%(item)s” was declined. Granting it now lets them open the item from their "
               "next page; the access record keeps both answers, and they are told.")
             if req.status == AccessRequest.Status.DECLINED else
             _("%(org)s's request for “%(item)s” was revoked. Granting it now lets them open the item from their "
               "next page; the access record keeps both answers, and they are told.")) % facts
    return render(request, "core/form.html", {
        "access": access, "section": "library", "form": form,
        "title": _("Give %(org)s access after all") % {"org": req.organisation},
        "submit": _("Grant access"), "cancel_url": f"/p/{pk}/library/requests/", "intro": intro})
