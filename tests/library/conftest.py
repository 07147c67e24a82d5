"""Library fixtures: items owned by org A (the manager's, leader_a's and staff_a's organisation)
with different audiences, built through the services as a partner would."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accord.core import policy
from accord.library import services
from accord.partners.models import Membership, Organisation


def access_of(world: Any, persona: str) -> policy.Access:
    policy.forget(world.users[persona])
    return policy.access_for(world.users[persona], world.partnership)  # type: ignore[return-value]


def pdf_bytes(text: str = "Safety planning guide") -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, text)
    return bytes(pdf.output())


def png_bytes() -> bytes:
    import base64

    return base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def share(world: Any, persona: str = "staff_a", *, kind: str = "note", title: str = "Risk checklist",
          audience: str = "partnership", named: list | None = None, include_funders: bool = False,
          file: Any = None, body: str = "Ask about **risk** first.", expires_on: Any = None,
          tags: str = "risk, practice", summary: str = "How we assess risk.", **extra: Any):
    terms = {"audience": audience, "named_orgs": named or [], "include_funders": include_funders,
             "uses": ["learning"], "onward_sharing": False, "attribution": "© Alpha Charity",
             "expires_on": expires_on}
    return services.item_create(actor=world.users[persona], access=access_of(world, persona), kind=kind,
                                title=title, summary=summary, body=body if kind == "note" else "",
                                url=extra.get("url", ""), upload=file, tags=tags, terms=terms)


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    """Uploads go to a private folder per test, through Django's default storage."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def items(world: Any) -> dict[str, Any]:
    """Org A's items: for the whole partnership, for named org B, for named org C (a third member,
    so B is outside that audience), for funders too, and a PDF file for the whole partnership."""
    org_c = Organisation.objects.create(name="Charlie Council", kind="public_body")
    Membership.objects.create(partnership=world.partnership, organisation=org_c, joined=world.partnership.start_date)
    world.org_c = org_c
    return {
        "named_c": share(world, title="Only for Charlie", audience="named", named=[org_c.pk]),
        "everyone": share(world, title="Everyone guide"),
        "named_b": share(world, title="Only for Beta", audience="named", named=[world.org_b.pk]),
        "funders": share(world, title="Funders too", include_funders=True),
        "pdf": share(world, kind="file", title="Safety planning guide",
                     file=upload("guide.pdf", pdf_bytes(), "application/pdf")),
    }



@pytest.fixture
def record(world: Any, items: dict[str, Any]) -> list[Any]:
    """An access record of 11 entries: 5 items shared, then 6 views."""
    from accord.library.models import AccessEntry

    for persona in ("staff_b", "leader_b", "staff_a"):
        for key in ("everyone", "pdf"):
            services.record_view(actor=world.users[persona], access=access_of(world, persona), item=items[key])
    return list(AccessEntry.objects.filter(partnership=world.partnership).order_by("seq"))
