"""Pages: a person's notices (across their partnerships), their e-mail preferences, the one-click
unsubscribe link from an e-mail, and the manager's record of what went to whom."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accord.core import policy
from accord.lib import tokens

from . import kinds, selectors, services
from .models import Delivery, SendState

PER_PAGE = 50


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("show") == "unread"
    qs = selectors.for_user(request.user, unread_only=unread_only)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notices/list.html", {"page": page, "unread_only": unread_only,
                                                  "labels": {k.key: k.label for k in kinds.all_kinds()}})


@login_required
@require_POST
def mark_read(request: HttpRequest, notice_pk: int) -> HttpResponse:
    if not selectors.for_user(request.user).filter(pk=notice_pk).exists():
        raise Http404("Not found")
    services.mark_read(actor=request.user, notice_ids=[notice_pk])
    return redirect(_back(request))


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_read(actor=request.user)
    messages.success(request, ngettext("Marked %(count)s notice as read.", "Marked %(count)s notices as read.",
                                        count) % {"count": count})
    return redirect(_back(request))


def _back(request: HttpRequest) -> str:
    return "/notices/?show=unread" if request.POST.get("show") == "unread" else "/notices/"


class PreferencesForm(forms.Form):
    def __init__(self, *args: object, current: dict[str, str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for kind in kinds.all_kinds():
            if not kind.emailed:
                continue
            self.fields[kind.key] = forms.ChoiceField(
                label=str(kind.label), choices=Delivery.choices, initial=current.get(kind.key, kind.default),
                widget=forms.RadioSelect, help_text=_("Unless you choose: %(delivery)s.") % {
                    "delivery": str(Delivery(kind.default).label).lower()})


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    current = services.preferences_of(request.user)
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        services.preferences_set(actor=request.user, choices=form.cleaned_data)
        messages.success(request, _("Your choices are saved."))
        return redirect("notices:preferences")
    in_app_only = [k for k in kinds.all_kinds() if not k.emailed]
    return render(request, "notices/preferences.html", {"form": form, "in_app_only": in_app_only})


@csrf_exempt  # RFC 8058: mail programs POST here with no cookie and no form token; the link is signed
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    one_click = request.method == "POST" and "List-Unsubscribe=One-Click" in request.body.decode(errors="replace")
    try:
        found = services.unsubscribe_what(token)
    except tokens.TokenError as exc:
        if one_click:
            return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
        return render(request, "notices/unsubscribe.html", {"problem": str(exc)}, status=400)
    if request.method == "POST":
        what = services.unsubscribe(token=token)
        text = _("Done: you will no longer receive %(what)s. You can still see every notice in Accord.") % {"what": what}
        if one_click:
            return HttpResponse(text, content_type="text/plain; charset=utf-8")
        return render(request, "notices/unsubscribe.html", {"done": text})
    return render(request, "notices/unsubscribe.html", {"what": found["what"]})


@login_required
def sent(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="audit")
    qs = selectors.sent_in(access.partnership)
    failed_only = request.GET.get("show") == "failed"
    if failed_only:
        trouble = [SendState.FAILED, SendState.RETRY]
        qs = qs.filter(state__in=trouble) | qs.filter(digest__state__in=trouble)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notices/sent.html", {
        "access": access, "section": "notices", "page": page, "failed_only": failed_only,
        "labels": {k.key: k.label for k in kinds.all_kinds()}})
