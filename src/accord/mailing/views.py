"""Managers' pages for mailing lists. Every view fetches the list through `access.get_list`, which
lets in only the list's own managers (see access.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext, gettext_noop, ngettext
from django.utils.translation import gettext as _

from accord.core import policy
from accord.lib import languages
from accord.lib.csvimport import ImportRejected
from accord.lib.formerrors import apply_errors
from accord.lib.mail import absolute

from . import corrections, downloads, sending, services
from .access import get_list, managed_lists, status_counts, status_counts_many
from .forms import CampaignForm, ImportForm, ListForm, SendForm, SubscriberAddForm
from .models import Campaign, ConsentRecord, MailingList, Subscriber


def _ctx(access: policy.Access, mailing_list: MailingList | None = None, **extra: object) -> dict:
    return {"access": access, "list": mailing_list, "section": "mailing", **extra}


@login_required
def lists(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    mine = list(managed_lists(access))
    counts = status_counts_many(mine)
    rows = [(mailing_list, counts[mailing_list.pk]) for mailing_list in mine]
    return render(request, "mailing/lists.html", _ctx(access, rows=rows))


def _owners(access: policy.Access) -> list[tuple[str, str]]:
    owners = [("partnership", _("The partnership (%(name)s): all its managers run it") % {"name": access.partnership.name})]
    if access.organisation is not None:
        owners.append((str(access.organisation.pk), _("%(name)s: only its own managers run it") % {"name": access.organisation.name}))
    return owners


@login_required
def list_new(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_partnership(request.user, pk, need="edit")
    # the default wording in both languages, each in its own field whatever the page speaks
    default = gettext_noop("We will e-mail you updates about our work. We keep your data secure and never share it "
                           "outside the owner of this list. You can leave at any time with the link in every message.")
    with translation.override(languages.ENGLISH):
        english = gettext(default)
    with translation.override(languages.WELSH):
        welsh = gettext(default)
    form = ListForm(request.POST or None, owners=_owners(access), initial={"statement": english, "statement_cy": welsh})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = access.organisation if data["owner"] != "partnership" else None
        try:
            mailing_list = services.list_create(
                actor=request.user, partnership=access.partnership, organisation=organisation, name=data["name"],
                slug=data["slug"], description=data["description"], statement=data["statement"],
                statement_cy=data["statement_cy"],
                name_cy=data["name_cy"], description_cy=data["description_cy"],
                topics=form.topic_names(), from_name=data["from_name"], reply_to=data["reply_to"],
                record_ip=data["record_ip"], is_open=data["is_open"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The list “%(name)s” is ready. Share its sign-up page.") % {"name": mailing_list.name})
            return redirect(mailing_list)
    return render(request, "core/form.html", _ctx(access, form=form, title=_("New mailing list"), submit=_("Create")))


@login_required
def list_edit(request: HttpRequest, pk: int, list_pk: int) -> HttpResponse:
    mailing_list, access = get_list(request.user, pk, list_pk)
    statement = mailing_list.current_statement()
    initial = {f: getattr(mailing_list, f) for f in ("name", "name_cy", "slug", "description", "description_cy",
                                                     "from_name", "reply_to", "record_ip", "is_open")}
    initial.update(statement=statement.text if statement else "", statement_cy=statement.text_cy if statement else "",
                   topics="\n".join(services.topic_line(t) for t in mailing_list.topics.all()))
    form = ListForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("topics")
        data.pop("owner", None)
        try:
            services.list_update(actor=request.user, mailing_list=mailing_list, statement=data.pop("statement"),
                                 topics=form.topic_names(), **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(mailing_list)
    return render(request, "core/form.html", _ctx(access, mailing_list, form=form, title=_("Edit %(name)s") % {"name": mailing_list.name},
                                                  cancel_url=mailing_list.get_absolute_url()))


@login_required
def list_detail(request: HttpRequest, pk: int, list_pk: int) -> HttpResponse:
    mailing_list, access = get_list(request.user, pk, list_pk)
    statement = mailing_list.current_statement()
    counts = status_counts(mailing_list)
    # the embedded form shows the wording of the manager's language and says which (the record keeps it)
    statement_language, statement_text = statement.wording(languages.current()) if statement else ("", "")
    snippet = render_to_string("mailing/embed_snippet.html", {
        "list": mailing_list, "statement": statement, "action": absolute(mailing_list.public_url()),
        "statement_language": statement_language, "statement_text": statement_text,
        "topics": mailing_list.topics.all()}).strip()
    recent = list(mailing_list.campaigns.all()[:50])
    progress = sending.progress_many(recent)
    campaigns = [(c, progress[c.pk]) for c in recent]
    return render(request, "mailing/list.html", _ctx(
        access, mailing_list, statement=statement, statements=mailing_list.statements.all(), counts=counts,
        snippet=snippet, public_url=absolute(mailing_list.public_url()), campaigns=campaigns))


@login_required
def subscribers(request: HttpRequest, pk: int, list_pk: int) -> HttpResponse:
    mailing_list, access = get_list(request.user, pk, list_pk)
    status = request.GET.get("status", "")
    qs = mailing_list.subscribers.prefetch_related("topics").order_by("email")
    if status in Subscriber.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    return render(request, "mailing/subscribers.html", _ctx(access, mailing_list, page=page, status=status,
                                                            statuses=Subscriber.Status.choices))


@login_required
def subscriber_add(request: HttpRequest, pk: int, list_pk: int) -> HttpResponse:
    mailing_list, access = get_list(request.user, pk, list_pk)
    form = SubscriberAddForm(request.POST or None, mailing_list=mailing_list)
    if request.method == "POST" and form.is_valid():
        try:
            services.subscriber_add(
                actor=request.user, mailing_list=mailing_list, email=form.cleaned_data["email"],
                name=form.cleaned_data["name"], topic_ids=form.cleaned_data["topics"],
                basis=form.cleaned_data["basis"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Added."))
            return redirect("mailing:subscribers", pk, mailing_list.pk)
    return render(request, "core/form.html", _ctx(access, mailing_list, form=form, title=_("Add a subscriber"),
                                                  submit=_("Add"), cancel_url=mailing_list.get_absolute_url()))


def _subscriber(mailing_list: MailingList, sub_pk: int) -> Subscriber:
    subscriber = mailing_list.subscribers.filter(pk=sub_pk).first()
    if subscriber is None:
        raise Http404("Not found")
    return subscriber


@login_required
def subscriber_detail(request: HttpRequest, pk: int, list_pk: int, sub_pk: int) -> HttpResponse:
    mailing_list, access = get_list(request.user, pk, list_pk)
    subscriber = _subscriber(mailing_list, sub_pk)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "unsubscribe":
            services.subscriber_unsubscribe(subscriber=subscriber, method=ConsentRecord.Method.ADMIN,
                                            actor=request.user)
            messages.success(request, "They have been unsubscribed.")
            return redirect(request.path)
        if action == "erase":
            if request.POST.get("confirm_erase") != "yes":
                messages.error(request, _("Tick the box to confirm the erasure."))
                return redirect(request.path)
            services.subscriber_erase(subscriber=subscriber, actor=request.user, method=ConsentRecord.Method.ADMIN)
            messages.success(request, _("Their data has been erased; only a one-way fingerprint of the address "
                                        "remains so that an import cannot add them again."))
            return redirect("mailing:subscribers", pk, mailing_list.pk)
    records = subscriber.consent_records.select_related("statement", "actor")
    return render(request, "mailing/subscriber.html", _ctx(access, mailing_list, subscriber=subscriber,
                                                           records=records))


@login_required
def subscriber_download(request: HttpRequest, pk: int, list_pk: int, sub_pk: int) -> HttpResponse:
    mailing_list, access = get_list(request.user, pk, list_pk)
    subscriber = _subscriber(mailing_list, sub_pk)
    return downloads.json_file(services.subscriber_export(subscriber), f"subscriber-{subscriber.pk}.json")


@login_required
def import_csv(request: HttpRequest, pk: int, list_pk: int) -> HttpResponse:
    mailing_list, access = get_list(request.user, pk, list_pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list = []
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.subscribers_import(actor=request.user, mailing_list=mailing_list,
                                                  data=form.cleaned_data["file"].read(),
                                                  basis=form.cleaned_data["basis"])
        except ImportRejected as exc:
            errors = exc.errors
        else:
            messages.success(request, ngettext(
                "Imported %(added)s new subscriber; %(already)s were already on the list.",
                "Imported %(added)s new subscribers; %(already)s were already on the list.", outcome["added"])
                % {"added": outcome["added"], "already": outcome["already_on_list"]})
            return redirect(mailing_list)
    imports = [(entry, corrections.import_undone(entry) is not None)
               for entry in corrections.imports_of(mailing_list)[:20]]
    return render(request, "mailing/import.html", _ctx(access, mailing_list, form=form, errors=errors,
                                                       imports=imports), status=400 if errors else 200)


@login_required
def export_csv(request: HttpRequest, pk: int, list_pk: int) -> HttpResponse:
    mailing_list, access = get_list(request.user, pk, list_pk)
    return downloads.subscribers_csv(mailing_list, actor=request.user)


@login_required
def campaign_new(request: HttpRequest, pk: int, list_pk: int) -> HttpResponse:
    mailing_list, access = get_list(request.user, pk, list_pk)
    form = CampaignForm(request.POST or None, mailing_list=mailing_list)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = sending.campaign_save(actor=request.user, mailing_list=mailing_list,
                                             subject=form.cleaned_data["subject"], body=form.cleaned_data["body"],
                                             subject_cy=form.cleaned_data["subject_cy"],
                                             body_cy=form.cleaned_data["body_cy"],
                                             topic_ids=form.cleaned_data["topics"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Draft saved. Check the preview, then send it or choose a time."))
            return redirect(campaign)
    return render(request, "core/form.html", _ctx(access, mailing_list, form=form, title=_("New campaign"),
                                                  submit=_("Save draft and preview"),
                                                  cancel_url=mailing_list.get_absolute_url()))


@login_required
def campaign_detail(request: HttpRequest, pk: int, list_pk: int, campaign_pk: int) -> HttpResponse:
    mailing_list, access = get_list(request.user, pk, list_pk)
    campaign = mailing_list.campaigns.filter(pk=campaign_pk).first()
    if campaign is None:
        raise Http404("Not found")
    form = CampaignForm(initial={"subject": campaign.subject, "body": campaign.body,
                                 "subject_cy": campaign.subject_cy, "body_cy": campaign.body_cy,
                                 "topics": [str(t) for t in campaign.topics.values_list("pk", flat=True)]},
                        mailing_list=mailing_list)
    send_form = SendForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "save":
                form = CampaignForm(request.POST, mailing_list=mailing_list)
                if form.is_valid():
                    sending.campaign_save(actor=request.user, mailing_list=mailing_list, campaign=campaign,
                                          subject=form.cleaned_data["subject"], body=form.cleaned_data["body"],
                                          subject_cy=form.cleaned_data["subject_cy"],
                                          body_cy=form.cleaned_data["body_cy"],
                                          topic_ids=form.cleaned_data["topics"])
                    messages.success(request, _("Saved."))
                    return redirect(campaign)
            elif action == "send":
                send_form = SendForm(request.POST)
                if send_form.is_valid():
                    when = send_form.cleaned_data["send_at"]
                    sending.campaign_start(actor=request.user, campaign=campaign, send_at=when)
                    messages.success(request, _("Scheduled for %(when)s.") % {"when": date_format(when, "j M Y H:i")}
                                     if when else _("Sending has started."))
                    return redirect(campaign)
            elif action == "unschedule":
                sending.campaign_unschedule(actor=request.user, campaign=campaign)
                messages.success(request, _("Back to draft: it will not be sent."))
                return redirect(campaign)
        except ValidationError as exc:
            apply_errors(send_form if action == "send" else form, exc)
    campaign.refresh_from_db()
    return render(request, "mailing/campaign.html", _ctx(
        access, mailing_list, campaign=campaign, form=form, send_form=send_form,
        preview=sending.preview(campaign), progress=sending.progress(campaign),
        recipients=sending.campaign_recipients(campaign).count(),
        topic_names=get_text_list([t.name for t in campaign.topics.all()], _("or")),
        status=Campaign.Status), status=400 if (form.errors or send_form.errors) else 200)
