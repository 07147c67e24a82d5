"""Pages: the manager's personal data page (record of processing, subject access, erasure, retention),
the site administrator's page for the whole site, and the person's own data and account closure."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _t

from accord.accounts import reauth
from accord.core import policy
from accord.core.personal import BASES, declarations
from accord.lib.formerrors import apply_errors

from . import retention, services, words
from .forms import AccessForm, CloseForm, EraseForm
from .models import Erasure, SubjectAccess


def _register_rows(partnership: Any) -> list[dict[str, Any]]:
    out = []
    for d in declarations():
        out.append({"decl": d, "basis": words.declared(BASES[d.basis]), "fields": [f for f, _ in d.fields.items()],
                    "purpose": words.declared(d.purpose), "who": words.declared(d.who),
                    "retention": words.declared(d.retention)})
    return out


def _page(request: HttpRequest, *, access: Any = None, site: bool = False, access_form: Any = None,
          erase_form: Any = None) -> HttpResponse:
    partnership = access.partnership if access else None
    requests = SubjectAccess.objects.filter(requested_by_id=request.user.pk, partnership=partnership).exclude(
        scope=SubjectAccess.Scope.SELF)
    erasures = Erasure.objects.filter(partnership=partnership) if partnership else Erasure.objects.all()
    return render(request, "privacy/home.html", {
        "access": access, "section": "privacy", "site": site, "register": _register_rows(partnership),
        "access_form": access_form or AccessForm(), "erase_form": erase_form or EraseForm(prefix="erase"),
        "requests": requests[:20], "erasures": erasures[:20],
        "upcoming": retention.upcoming(partnership),
        "post_url": reverse("privacy:home", args=[partnership.pk]) if partnership else reverse("privacy:site"),
    })


def _handle(request: HttpRequest, access: Any, site: bool) -> HttpResponse:
    partnership = access.partnership if access else None
    back = reverse("privacy:home", args=[partnership.pk]) if partnership else reverse("privacy:site")
    if request.method != "POST":
        return _page(request, access=access, site=site)
    if request.POST.get("action") == "erase":
        form = EraseForm(request.POST, prefix="erase")
        if form.is_valid():
            try:
                record = services.erase(actor=request.user, partnership=partnership, site=site,
                                        email=form.cleaned_data["email"], reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _t("Erased: %(total)d records changed (reference %(reference)s).") % {
                    "total": record.total, "reference": record.reference})
                return redirect(back)
        return _page(request, access=access, site=site, erase_form=form)
    ask = AccessForm(request.POST)
    if ask.is_valid():
        try:
            row = services.export_request(actor=request.user, partnership=partnership, site=site,
                                          email=ask.cleaned_data["email"])
        except ValidationError as exc:
            apply_errors(ask, exc)
        else:
            messages.success(request, _t("Preparing the file. It appears below when it is ready."))
            return redirect(_status_url(row))
    return _page(request, access=access, site=site, access_form=ask)


@login_required
def home(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="audit")
    return _handle(request, access, site=False)


@login_required
def site(request: HttpRequest) -> HttpResponse:
    if not request.user.is_superuser:
        raise Http404("Not found")
    return _handle(request, None, site=True)


def _status_url(row: SubjectAccess) -> str:
    if row.scope == SubjectAccess.Scope.PARTNERSHIP:
        return reverse("privacy:status", args=[row.partnership_id, row.pk])
    return reverse("privacy:mine-status", args=[row.pk])


def _mine(request: HttpRequest, access_id: int) -> SubjectAccess:
    row = SubjectAccess.objects.filter(pk=access_id, requested_by_id=request.user.pk).exclude(
        scope=SubjectAccess.Scope.PARTNERSHIP).first()
    if row is None:
        raise Http404("Not found")
    return row


def _theirs(request: HttpRequest, pk: int, access_id: int) -> tuple[SubjectAccess, Any]:
    row, access = policy.get_object(request.user, SubjectAccess.objects.filter(requested_by_id=request.user.pk),
                                    pk=access_id, need="audit", within=pk)
    return row, access


def _status(request: HttpRequest, row: SubjectAccess, access: Any, download_url: str) -> HttpResponse:
    working = row.status in (SubjectAccess.Status.QUEUED, SubjectAccess.Status.RUNNING)
    return render(request, "privacy/status.html", {"access": access, "section": "privacy", "row": row,
                                                   "download_url": download_url, "working": working})


def _file(row: SubjectAccess, user: Any) -> HttpResponseBase:
    if not services.downloadable(row, user):
        raise Http404("Not found")
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=f"personal-data-{row.pk}.zip",
                        content_type="application/zip")


@login_required
def status(request: HttpRequest, pk: int, access_id: int) -> HttpResponse:
    row, access = _theirs(request, pk, access_id)
    return _status(request, row, access, reverse("privacy:download", args=[pk, row.pk]))


@login_required
def download(request: HttpRequest, pk: int, access_id: int) -> HttpResponseBase:
    row, _ = _theirs(request, pk, access_id)
    return _file(row, request.user)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            row = services.export_request(actor=request.user, own=True)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return redirect(_status_url(row))
    rows = SubjectAccess.objects.filter(requested_by_id=request.user.pk).exclude(scope=SubjectAccess.Scope.PARTNERSHIP)
    return render(request, "privacy/mine.html", {"rows": rows[:20]})


@login_required
def mine_status(request: HttpRequest, access_id: int) -> HttpResponse:
    row = _mine(request, access_id)
    return _status(request, row, None, reverse("privacy:mine-download", args=[row.pk]))


@login_required
def mine_download(request: HttpRequest, access_id: int) -> HttpResponseBase:
    return _file(_mine(request, access_id), request.user)


@login_required
@reauth.required(back="privacy:close", methods=("POST",))
def close(request: HttpRequest) -> HttpResponse:
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        try:
            services.close_account(user=user, reason=form.cleaned_data["reason"])
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            logout(request)
            return render(request, "privacy/closed.html")
    return render(request, "privacy/close.html", {"form": form})
