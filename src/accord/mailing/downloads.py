"""File responses shared by the pages and the API: a person's data as JSON, a list as CSV."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse

from accord.lib.exports import download

from . import services
from .models import MailingList


def attachment(body: str, content_type: str, filename: str) -> HttpResponse:
    return download(body, content_type, filename)


def json_file(data: dict[str, Any], filename: str) -> HttpResponse:
    return attachment(json.dumps(data, indent=2, ensure_ascii=False), "application/json", filename)


def subscribers_csv(mailing_list: MailingList, *, actor: Any) -> HttpResponse:
    return attachment(services.subscribers_csv(mailing_list, actor=actor), "text/csv",
                      f"{mailing_list.slug}-subscribers.csv")
