"""The inbound-mail webhook: a mail provider (or the organisation's own mail gateway) posts one raw MIME
message, and the calendar reply in it is recorded (services/inbound.py). Off (404) until
ACCORD_INBOUND_MAIL_SECRET is set; then the secret is the password of HTTP Basic authentication (the form
providers accept in a webhook address, https://accord:SECRET@host/meetings/replies/mail/) or an
`Authorization: Bearer SECRET` header, compared in constant time.

The body is the message itself (any content type, e.g. message/rfc822), or a form whose field `email`
(SendGrid's "raw" parse), `body-mime` (Mailgun) or `message` holds it. Answers are JSON and never a 500:
ignored messages are a 200 (so the provider does not retry them), a failure of Accord's own store a 503
(so it does).
"""

from __future__ import annotations

import base64
import binascii
import hmac
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from accord.lib import ratelimit

from ..services import inbound

FORM_FIELDS = ("email", "body-mime", "message")


def _given_secret(request: HttpRequest) -> str:
    kind, _, value = request.META.get("HTTP_AUTHORIZATION", "").strip().partition(" ")
    if kind.lower() == "bearer":
        return value.strip()
    if kind.lower() == "basic":
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return ""
        return decoded.partition(":")[2]
    return ""


def _raw(request: HttpRequest) -> bytes:
    if request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        for name in FORM_FIELDS:
            upload: Any = request.FILES.get(name)
            if upload is not None:
                return bytes(upload.read(settings.ACCORD_INBOUND_MAIL_MAX_BYTES + 1))
            if request.POST.get(name):
                return request.POST[name].encode("utf-8", "surrogateescape")
        return b""
    return request.body


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@csrf_exempt
def inbound_mail(request: HttpRequest) -> JsonResponse:
    secret = settings.ACCORD_INBOUND_MAIL_SECRET
    if not secret:
        raise Http404(_("The inbound-mail webhook is not configured."))
    if request.method != "POST":
        return _error(_("Post one e-mail message."), 405)
    try:
        if not ratelimit.allow("governance.inbound-mail", ratelimit.client_ip(request),
                               limit=settings.ACCORD_INBOUND_MAIL_PER_MINUTE, window=60):
            return _error(_("Too many messages from this address; try again in a minute."), 429)
    except ratelimit.Unavailable as exc:
        return _error(str(exc), 503)
    if not hmac.compare_digest(_given_secret(request).encode(), secret.encode()):
        return _error(_("The webhook secret is missing or wrong."), 403)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.ACCORD_INBOUND_MAIL_MAX_BYTES:
        return _error(_("The message is larger than this Accord accepts."), 413)
    try:
        raw = _raw(request)
    except RequestDataTooBig:
        return _error(_("The message is larger than this Accord accepts."), 413)
    if not raw.strip():
        return _error(_("The body holds no e-mail message."), 400)
    try:
        received = inbound.receive(raw, channel="webhook")
    except DatabaseError:
        return _error(_("Accord cannot record replies just now; please try again."), 503)
    return JsonResponse({"recorded": received.recorded, "ignored": received.ignored})
