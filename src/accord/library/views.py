"""Library pages. Each view fetches through core.policy and the audience rules, then calls services.

A reader outside an item's audience gets 404 for the item and its download, and nothing is
recorded. A reader inside it sees the terms first ("I accept these terms"); only then is the item
shown, and each showing and each download is one entry in the access record.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from django.views.decorators.http import require_GET, require_POST

from accord.core import listing, policy
from accord.core.confirm import confirm_then
from accord.lib import exports
from accord.lib.formerrors import apply_errors
from accord.lib.markdown import render as render_markdown

from . import checkpoints, corrections, files, keys, rules, selectors, services, verification
from .forms import CheckpointForm, DecideForm, ItemForm, RequestForm, TermsForm, WithdrawForm
from .models import AccessRequest, Checkpoint, KnowledgeItem

SESSION_KEY = "library_accepted"


def _readable_item(request: HttpRequest, pk: int, item_pk: int, need: str = "view") -> tuple[KnowledgeItem, Any]:
    """The item if this user may open it; 404 otherwise (strangers learn nothing, nothing is recorded)."""
    access = policy.get_partnership(request.user, pk, need=need)
    item = rules.readable(access).filter(pk=item_pk).first()
    if item is None:
        raise Http404("Not found")
    return item, access


def _accepted(request: HttpRequest, item: KnowledgeItem) -> bool:
    return request.session.get(SESSION_KEY, {}).get(str(item.pk)) == item.terms.version


def _snapshot(item: KnowledgeItem) -> dict[str, Any]:
    return item.terms.snapshot()


@login_required
def index(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk)
    q = request.GET.get("q", "").strip()
    items = selectors.search(access, q)
    page = Paginator(items, 25).get_page(request.GET.get("page"))
    context = {"access": access, "section": "library", "q": q, "page": page,
               "askable": rules.askable(access)[:50] if not q else [],
               "to_decide": selectors.requests_to_decide(access).filter(status="pending").count()
               if access.can("act") else 0}
    if access.can("view_members"):
        if listing.too_wide(access.partnership.member_organisations().count()):
            # a row per organisation, searched by name, a page at a time; every pair in the download
            org = request.GET.get("org", "").strip()
            rows = [r for r in selectors.sharing_summary(access.partnership) if listing.matches(r["org"].name, org)]
            context.update(org=org, sharing=listing.paginate(request, rows, label=_("who shares"), param="shares"))
        else:
            context["matrix"] = selectors.reciprocity_matrix(access.partnership)
    return render(request, "library/index.html", context)


# column names marked here, written in the reader's language (lib.exports.translated); the sheet's title first
SHARING_FILES = {
    "by-partner": (gettext_noop("Who shares, by partner"), (
        gettext_noop("Organisation"), gettext_noop("Items shared with the whole partnership"),
        gettext_noop("Items shared with named partners"), gettext_noop("Times others opened its items"),
        gettext_noop("Times its people opened others' items"))),
    "pairs": (gettext_noop("Who shares, by pair"), (
        gettext_noop("Shared by"), gettext_noop("Shared with"),
        gettext_noop("Items shared with this partner by name or on request"),
        gettext_noop("Times this partner opened the sharer's items"))),
}


@login_required
@require_GET
def sharing_download(request: HttpRequest, pk: int, what: str, fmt: str) -> HttpResponse:
    """Who shares with whom, every row: a row per organisation, or a row per pair of organisations
    with anything shared by name or opened (the library page shows a page of the first)."""
    access = policy.get_partnership(request.user, pk, need="view_members")
    if what == "pairs":
        rows: list[tuple[Any, ...]] = list(selectors.sharing_pairs(access.partnership))
    else:
        rows = [(r["org"].name, r["with_all"], r["with_named"], r["opened_by_others"], r["opened_of_others"])
                for r in selectors.sharing_summary(access.partnership)]
    title, columns = SHARING_FILES[what]
    return exports.table_response(exports.translated(columns), rows, f"library-sharing-{what}", fmt, title=_(title))


@login_required
def add(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="act")
    form = ItemForm(request.POST or None, request.FILES or None)
    terms_form = TermsForm(request.POST or None, partnership=access.partnership, owner=access.organisation)
    if request.method == "POST" and form.is_valid() & terms_form.is_valid():
        d = form.cleaned_data
        try:
            item = services.item_create(actor=request.user, access=access, kind=d["kind"], title=d["title"],
                                        summary=d["summary"], body=d["body"], url=d["url"], upload=d["file"],
                                        tags=d["tags"], discoverable=terms_form.cleaned_data["discoverable"],
                                        terms=terms_form.terms())
        except ValidationError as exc:
            apply_errors(form, exc, also=(terms_form,))
        else:
            messages.success(request, _("“%(title)s” is shared on the terms you chose.") % {"title": item.title})
            return redirect(item)
    return render(request, "library/add.html", {"access": access, "section": "library", "form": form,
                                                "terms_form": terms_form, "title": _("Share knowledge")})


@login_required
def item_detail(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item, access = _readable_item(request, pk, item_pk)
    owner = rules.is_owner(access, item)
    terms = item.terms
    context = {"access": access, "section": "library", "item": item, "terms": terms, "is_owner": owner,
               "may_decide": rules.may_decide(access, item)}
    if request.method == "POST":
        if request.POST.get("accept") == str(terms.version):
            accepted = request.session.get(SESSION_KEY, {})
            accepted[str(item.pk)] = terms.version
            request.session[SESSION_KEY] = accepted
        else:  # the terms changed while the page was open: show the new ones
            messages.info(request, _("The terms have changed since you opened the page. Read the new terms."))
        return redirect(item)
    if not owner and not _accepted(request, item):
        return render(request, "library/terms_gate.html", context)
    services.record_view(actor=request.user, access=access, item=item)
    context["body_html"] = render_markdown(item.body) if item.kind == KnowledgeItem.Kind.NOTE else ""
    if rules.may_see_record(access, item):
        context["record"] = selectors.record_for(access, item)[:50]
        context["grants"] = item.requests.select_related("organisation").order_by("-created_at")
    return render(request, "library/item.html", context)


@login_required
@require_GET  # not HEAD: a link checker's HEAD must not count as a download
def download(request: HttpRequest, pk: int, item_pk: int) -> HttpResponseBase:
    item, access = _readable_item(request, pk, item_pk)
    if item.kind != KnowledgeItem.Kind.FILE or not item.file:
        raise Http404("Not found")
    if not rules.is_owner(access, item) and not _accepted(request, item):
        messages.info(request, _("Read and accept the terms before you download this item."))
        return redirect(item)
    return services.download(actor=request.user, access=access, item=item, snapshot=_snapshot(item))


def _disposition(name: str) -> str:
    return files.disposition(name)


@login_required
def terms_note(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """The terms as a small text file, for filing with a download."""
    item, access = _readable_item(request, pk, item_pk)
    note = files.terms_note(title=item.title, owner=item.owner_org.name, snapshot=_snapshot(item),
                            uses=item.terms.use_labels(), reader=f"{request.user} ({access.organisation})",
                            when=timezone.localtime().strftime("%d %B %Y %H:%M"))
    response = HttpResponse(note, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = _disposition(f"TERMS - {files.download_name(item.title + '.txt', _snapshot(item))}")
    return response


@login_required
def terms_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item, access = _readable_item(request, pk, item_pk, need="act")
    if not rules.is_owner(access, item):
        raise PermissionDenied(_("Only people of %(org)s can change the terms of this item.") % {"org": item.owner_org})
    form = TermsForm(request.POST or None, partnership=access.partnership, owner=item.owner_org,
                     initial=TermsForm.initial_from(item.terms))
    if request.method == "POST" and form.is_valid():
        try:
            terms = services.terms_set(actor=request.user, access=access, item=item, terms=form.terms())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The terms are now version %(version)s. Readers will see them first.") % {"version": terms.version})
            return redirect(item)
    return render(request, "core/form.html", {"access": access, "section": "library", "form": form,
                                              "title": _("Terms for “%(title)s”") % {"title": item.title},
                                              "submit": _("Save the terms"),
                                              "cancel_url": item.get_absolute_url()})


@login_required
def withdraw(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Withdrawing asks first: the page says what will happen; only a ticked confirmation does it."""
    item, access = _readable_item(request, pk, item_pk, need="act")
    if not rules.is_owner(access, item):
        raise PermissionDenied(_("Only people of %(org)s can withdraw this item.") % {"org": item.owner_org})
    if item.is_withdrawn:
        messages.info(request, _("This item is already withdrawn."))
        return redirect(item)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_withdraw(actor=request.user, access=access, item=item)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The item is withdrawn. Partners can no longer open it; its access record stays."))
        return redirect(item)
    readers = item.access_entries.filter(action__in=["view", "download"]).values("organisation_id").distinct().count()
    return render(request, "core/form.html", {
        "access": access, "section": "library", "form": form, "title": _("Withdraw “%(title)s”?") % {"title": item.title},
        "intro": ngettext(
            "Partners will no longer be able to open or download it, and any access granted to other organisations "
            "stops at once (%(count)s organisation opened it so far). It stays in the library for %(org)s and the "
            "partnership manager, with its access record. Withdrawing cannot be undone; to share it again, share "
            "it as a new item.",
            "Partners will no longer be able to open or download it, and any access granted to other organisations "
            "stops at once (%(count)s organisations opened it so far). It stays in the library for %(org)s and the "
            "partnership manager, with its access record. Withdrawing cannot be undone; to share it again, share "
            "it as a new item.", readers) % {"count": readers, "org": item.owner_org},
        "submit": _("Withdraw the item"), "cancel_url": item.get_absolute_url()})


@login_required
def ask(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="act")
    if rules.readable(access).filter(pk=item_pk).exists():
        messages.info(request, _("You can already open this item, so there is nothing to ask for."))
        return redirect("library:item", pk, item_pk)
    item = rules.askable(access).filter(pk=item_pk).first()
    if item is None:
        raise Http404("Not found")
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_create(actor=request.user, access=access, item=item, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your request has gone to %(org)s.") % {"org": item.owner_org})
            return redirect("library:requests", pk)
    return render(request, "core/form.html", {
        "access": access, "section": "library", "form": form, "title": _("Ask for “%(title)s”") % {"title": item.title},
        "intro": _("%(org)s owns this item. Tell them why your organisation needs it.") % {"org": item.owner_org},
        "submit": _("Send the request"), "cancel_url": reverse("library:index", args=[pk])})


@login_required
def requests_page(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="act")
    return render(request, "library/requests.html", {
        "access": access, "section": "library", "to_decide": selectors.requests_to_decide(access),
        "mine": selectors.my_requests(access), "form": DecideForm()})


def _request_in(access: Any, req_pk: int) -> AccessRequest:
    req = AccessRequest.objects.select_related("item", "item__owner_org", "organisation").filter(
        pk=req_pk, item__partnership=access.partnership).first()
    if req is None:
        raise Http404("Not found")
    return req


@login_required
@require_POST
def decide(request: HttpRequest, pk: int, req_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="act")
    req = _request_in(access, req_pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to grant or decline; give a valid date if you set one."))
        return redirect("library:requests", pk)
    try:
        services.request_decide(actor=request.user, access=access, request=req,
                                grant=form.cleaned_data["decision"] == "grant", until=form.cleaned_data["until"],
                                note=form.cleaned_data["note"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{req.organisation}: {'access granted' if form.cleaned_data['decision'] == 'grant' else 'request declined'}.")
    return redirect("library:requests", pk)


@login_required
def revoke(request: HttpRequest, pk: int, req_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="act")
    req = _request_in(access, req_pk)
    if request.method != "POST":  # a confirmation page first (corrections)
        from .correction_views import revoke_confirm

        return revoke_confirm(request, access, req)
    try:
        services.grant_revoke(actor=request.user, access=access, request=req)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Access revoked: %(org)s can no longer open “%(item)s”.") % {"org": req.organisation, "item": req.item})
    return redirect("library:requests", pk)


@login_required
def record(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="act")
    page = Paginator(selectors.record_for(access), 50).get_page(request.GET.get("page"))
    context = {"access": access, "section": "library", "page": page}
    if access.can("view_confidential"):
        context.update(checkpoints=Checkpoint.objects.filter(partnership=access.partnership)[:20],
                       public_key=keys.public_key_b64())
    return render(request, "library/record.html", context)


@login_required
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    """Any senior leader of a member organisation, or the manager, checks the record; with a
    checkpoint they kept, the check also covers what the server's own key holder could have rewritten."""
    access = policy.get_partnership(request.user, pk, need="view_confidential")
    form = CheckpointForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    held = []
    if request.method == "POST" and form.is_valid():
        try:
            held = [checkpoints.parse(form.cleaned_data["checkpoint_text"], access.partnership)]
        except ValidationError as exc:
            apply_errors(form, exc)
    verdict = verification.verify(access.partnership, held)
    return render(request, "library/verify.html", {
        "access": access, "section": "library", "verdict": verdict, "form": form, "with_yours": bool(held),
        "yours": held[0].payload if held else None, "public_key": keys.public_key_b64(),
        "public_key_pem": keys.public_key_pem(), "key_id": keys.key_id()})


def _checkpoint_file(cp: Checkpoint) -> HttpResponse:
    response = HttpResponse(checkpoints.file_text(cp.body, cp.signature), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = _disposition(
        f"accord-checkpoint-p{cp.partnership_id}-entry{cp.entries}-{cp.at:%Y%m%d-%H%M%S}.json")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def checkpoint_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign the record's head now and download it (a write: it is kept and audited, hence POST)."""
    access = policy.get_partnership(request.user, pk, need="view_confidential")
    return _checkpoint_file(services.checkpoint_download(actor=request.user, access=access))


@login_required
@require_GET
def checkpoint_file(request: HttpRequest, pk: int, cp_pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="view_confidential")
    cp = Checkpoint.objects.filter(partnership=access.partnership, pk=cp_pk).first()
    if cp is None:
        raise Http404("Not found")
    return _checkpoint_file(cp)


@login_required
def item_reinstate(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item, access = _readable_item(request, pk, item_pk, need="act")
    if not rules.is_owner(access, item):
        raise PermissionDenied(_("Only people of %(org)s can share this item again.") % {"org": item.owner_org})
    return confirm_then(
        request, access=access, section="library", title=_("Share “%(title)s” again?") % {"title": item.title},
        refusal="" if item.is_withdrawn else _("This item is not withdrawn, so there is nothing to put back."),
        consequences=[_("Partners can open it again on its current terms."),
                      _("Organisations granted access keep it until their grant's end date, as before."),
                      _("The access record keeps the withdrawal and this.")],
        reversible=_("You can withdraw it again at any time."), button=_("Share it again"),
        back=item.get_absolute_url(), done=_("“%(title)s” is shared again.") % {"title": item.title},
        do=lambda: corrections.item_reinstate(actor=request.user, access=access, item=item))


@login_required
def pick_items(request: HttpRequest, pk: int) -> JsonResponse:
    """The searchable picker's suggestions (core/picker.js): `?q=` searched among the library items this
    person may open (a discussion's "about a library item")."""
    access = policy.get_partnership(request.user, pk)
    text = request.GET.get("q", "").strip()[:100]
    results = selectors.item_suggestions(access, text) if text else []
    return JsonResponse({"results": results}, headers={"Cache-Control": "private, no-store"})
