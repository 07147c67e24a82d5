"""The public side of a mailing list: no sign-in. Sign up, confirm, leave, preferences.

Links from e-mails open a page with a button (mail scanners open links, so GET never changes
anything), except that the one-click unsubscribe POST (RFC 8058) acts at once without a cookie
or CSRF token and answers 200, never a redirect.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.csrf import csrf_exempt

from accord.lib import languages, queue, tokens
from accord.lib.formerrors import apply_errors

from . import downloads, messages, services, tasks, throttle
from .forms import AddressForm, SignupForm
from .models import ConsentRecord, MailingList, Subscriber

GONE = gettext_noop("This link no longer works: the address is not on the list any more (sign-ups not confirmed "
                    "within {days} days are removed, and so is anyone who asked to be erased). You can sign up again.")


def _ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or ""


def _page(request: HttpRequest, title: str, text: str, *, status: int = 200, mailing_list: MailingList | None = None,
          link: tuple[str, str] | None = None) -> HttpResponse:
    return render(request, "mailing/public/message.html", {"title": title, "text": text, "list": mailing_list,
                                                           "link": link}, status=status)


def _subscriber(request: HttpRequest, purpose: str, token: str, max_age: int | None = None
                ) -> tuple[Subscriber | None, HttpResponse | None]:
    try:
        payload = tokens.read(purpose, token, max_age_seconds=max_age)
    except tokens.TokenError as exc:
        return None, _page(request, _("This link does not work"), str(exc), status=400)
    subscriber = (Subscriber.objects.select_related("mailing_list", "mailing_list__organisation",
                                                    "mailing_list__partnership")
                  .filter(pk=payload.get("s"), key=payload.get("k")).first())
    if subscriber is None:
        days = settings.MAILING_PURGE_UNCONFIRMED_DAYS
        return None, _page(request, _("This link no longer works"), _(GONE).format(days=days), status=404)
    return subscriber, None


@csrf_exempt  # the owner's own site posts the embedded form here; double opt-in makes forgery harmless
def signup(request: HttpRequest, slug: str) -> HttpResponse:
    mailing_list = get_object_or_404(MailingList.objects.select_related("organisation", "partnership"), slug=slug)
    statement = mailing_list.current_statement()
    if not mailing_list.is_open or statement is None:
        return _page(request, mailing_list.name, _("This list is not taking sign-ups at the moment."),
                     mailing_list=mailing_list)
    form = SignupForm(request.POST or None, mailing_list=mailing_list,
                      initial={"statement_version": statement.version})
    if request.method == "POST":
        if request.POST.get("website"):  # a robot filled the honeypot: answer as usual, keep nothing
            return _thanks(request, mailing_list)
        if not throttle.allow("signup-ip", _ip(request), settings.MAILING_SIGNUPS_PER_IP):
            return _page(request, _("Please try again later"),
                         _("There have been too many sign-ups from your connection in the last hour. "
                         "Please try again in an hour."), status=429, mailing_list=mailing_list)
        if form.is_valid():
            data = form.cleaned_data
            try:
                address = services.clean_email(data["email"])
                # over the limit for this address: answer as usual but send nothing more to it
                if throttle.allow("signup-address", address, settings.MAILING_SIGNUPS_PER_ADDRESS):
                    services.signup_request(mailing_list=mailing_list, email=address, name=data["name"],
                                            topic_ids=data.get("topics", []),
                                            statement_version=data["statement_version"], ip=_ip(request),
                                            statement_language=data.get("statement_language", ""))
            except ValidationError as exc:
                if hasattr(exc, "error_dict") and "email" in exc.error_dict:
                    apply_errors(form, ValidationError({"email": exc.error_dict["email"]}))
                else:
                    apply_errors(form, ValidationError(exc.messages))
                    assert isinstance(form.data, QueryDict)  # the form was given request.POST
                    form.data = form.data.copy()
                    form.data["statement_version"] = str(statement.version)
            else:
                return _thanks(request, mailing_list)
    statement_language, statement_text = statement.wording(languages.current())
    return render(request, "mailing/public/signup.html", {"list": mailing_list, "statement": statement, "form": form,
                                                          "statement_language": statement_language,
                                                          "statement_text": statement_text},
                  status=400 if form.errors else 200)


def _thanks(request: HttpRequest, mailing_list: MailingList) -> HttpResponse:
    return _page(request, _("Check your inbox"),
                 _("If this address can join the list, we have sent it an e-mail. Open the link in it to confirm: "
                 "nothing is sent to you until you do. If you were already subscribed, the e-mail says so."),
                 mailing_list=mailing_list)


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    max_age = settings.MAILING_PURGE_UNCONFIRMED_DAYS * 86400
    subscriber, problem = _subscriber(request, messages.CONFIRM, token, max_age)
    if problem:
        return problem
    assert subscriber is not None
    mailing_list = subscriber.mailing_list
    if request.method == "POST":
        if services.subscriber_confirm(subscriber=subscriber, ip=_ip(request)):
            return _page(request, _("You are subscribed"),
                         _("Thank you: you will receive %(list)s. Every message has a link to change your topics "
                           "or leave.") % {"list": mailing_list.name}, mailing_list=mailing_list,
                         link=(messages.preferences_url(subscriber), _("Your preferences")))
        subscriber.refresh_from_db()
        if subscriber.status == Subscriber.Status.SUBSCRIBED:
            return _page(request, _("Already confirmed"), _("You had already confirmed this address: you are subscribed "
                         "and nothing has changed."), mailing_list=mailing_list,
                         link=(messages.preferences_url(subscriber), _("Your preferences")))
        return _page(request, _("This link has been used"), _("This address has left the list since. To join again, "
                     "sign up once more."), mailing_list=mailing_list,
                     link=(mailing_list.public_url(), _("Sign up")))
    return render(request, "mailing/public/confirm.html", {"list": mailing_list, "subscriber": subscriber})


@csrf_exempt  # RFC 8058: mail programs POST here with no cookie and no token
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    one_click = request.method == "POST" and "List-Unsubscribe=One-Click" in request.body.decode(errors="replace")
    try:
        payload = tokens.read(messages.UNSUBSCRIBE, token)
    except tokens.TokenError as exc:
        if one_click:
            return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
        return _page(request, _("This link does not work"), str(exc), status=400)
    subscriber = (Subscriber.objects.select_related("mailing_list__partnership", "mailing_list__organisation")
                  .filter(pk=payload.get("s"), key=payload.get("k")).first())
    if request.method == "POST":
        if subscriber is not None:
            services.subscriber_unsubscribe(subscriber=subscriber, ip=_ip(request))
        text = _("You have been unsubscribed. You will receive no more messages from this list.")
        if one_click:
            return HttpResponse(text, content_type="text/plain; charset=utf-8")
        return _page(request, _("You have left the list"), text, mailing_list=subscriber.mailing_list if subscriber else None)
    if subscriber is None:
        return _page(request, _("You are not on this list"), _("This address is not on the list any more: "
                     "you will receive nothing from it."))
    return render(request, "mailing/public/unsubscribe.html", {"list": subscriber.mailing_list,
                                                               "subscriber": subscriber})


def _from_preferences_link(request: HttpRequest, token: str) -> tuple[Subscriber | None, HttpResponse | None]:
    return _subscriber(request, messages.PREFERENCES, token, messages.PREFERENCES_LINK_DAYS * 86400)


def preferences(request: HttpRequest, token: str) -> HttpResponse:
    subscriber, problem = _from_preferences_link(request, token)
    if problem or subscriber is None:
        return problem  # type: ignore[return-value]  # _subscriber gives a problem when there is no subscriber
    mailing_list = subscriber.mailing_list
    error = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "topics":
            services.subscriber_set_topics(subscriber=subscriber, topic_ids=request.POST.getlist("topics"),
                                           ip=_ip(request))
            return _page(request, _("Saved"), _("Your topics are saved."), mailing_list=mailing_list,
                         link=(request.path, _("Back to your preferences")))
        if action == "leave":
            services.subscriber_unsubscribe(subscriber=subscriber, ip=_ip(request))
            return _page(request, _("You have left the list"), _("You will receive no more messages from this list."),
                         mailing_list=mailing_list)
        if action == "erase":
            if request.POST.get("confirm_erase") != "yes":
                error = _("Tick the box to confirm that you want your data erased.")
            else:
                services.subscriber_erase(subscriber=subscriber, method=ConsentRecord.Method.EMAIL_LINK)
                return _page(request, _("Your data has been erased"),
                             _("Your address, name and choices are gone from this list. We keep only a scrambled "
                             "fingerprint of the address, which cannot be turned back into it, so that nobody can "
                             "add you again by import."), mailing_list=mailing_list)
    chosen = set(subscriber.topics.values_list("pk", flat=True))
    return render(request, "mailing/public/preferences.html", {
        "list": mailing_list, "subscriber": subscriber, "chosen": chosen, "error": error, "token": token,
        "topics": mailing_list.topics.all(),
    }, status=400 if error else 200)


def download(request: HttpRequest, token: str) -> HttpResponse:
    subscriber, problem = _from_preferences_link(request, token)
    if problem or subscriber is None:
        return problem  # type: ignore[return-value]  # _subscriber gives a problem when there is no subscriber
    return downloads.json_file(services.subscriber_export(subscriber), f"{subscriber.mailing_list.slug}-my-data.json")


def ask_preferences(request: HttpRequest, slug: str) -> HttpResponse:
    mailing_list = get_object_or_404(MailingList, slug=slug)
    form = AddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not throttle.allow("prefs-ip", _ip(request), settings.MAILING_SIGNUPS_PER_IP):
            return _page(request, _("Please try again later"), _("There have been too many requests from your "
                         "connection in the last hour."), status=429, mailing_list=mailing_list)
        try:
            address = services.clean_email(form.cleaned_data["email"])
        except ValidationError as exc:
            apply_errors(form, ValidationError({"email": exc.message_dict["email"]}))
        else:
            if throttle.allow("prefs-address", address, settings.MAILING_SIGNUPS_PER_ADDRESS):
                # from a task, so that the answer takes the same time whether or not the address is known
                try:
                    queue.enqueue(tasks.send_preferences_link, mailing_list.pk, address)
                except queue.Unavailable as exc:
                    return _page(request, _("Not sent"), exc.messages[0], status=503, mailing_list=mailing_list)
            return _page(request, _("Check your inbox"), _("If this address is on the list, we have sent it a link to "
                         "your preferences."), mailing_list=mailing_list)
    return render(request, "mailing/public/ask_preferences.html", {"list": mailing_list, "form": form},
                  status=400 if form.errors else 200)
