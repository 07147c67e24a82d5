"""Meeting papers: files for a meeting or one of its agenda items.

Every upload goes through the library's content checks (`library.selectors.check_file`: type by content,
size limit, UTF-8 text) and is kept in the same storage as library files. Pages and the API call these
functions; who may see a paper is who may see its meeting (need "view_members"), checked by the caller
through core.policy before it gets here.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse
from django.utils.translation import gettext as _

from accord.core.audit import log_action
from accord.library import selectors as library

from .models import AgendaItem, Meeting, MeetingPaper


@transaction.atomic
def paper_add(*, actor: Any, meeting: Meeting, upload: Any, title: str = "",
              item: AgendaItem | None = None) -> MeetingPaper:
    """Attach a checked file to the meeting (or one agenda item of it). Nothing is kept on bad input."""
    errors: dict[str, Any] = {}
    meta: dict[str, Any] = {}
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting is cancelled; add the paper to the meeting that replaces it."))
    if item is not None and item.meeting_id != meeting.pk:
        errors["item"] = _("Choose an agenda item of this meeting.")
    if upload is None:
        errors["file"] = _("Choose a file to upload.")
    else:
        try:
            meta = library.check_file(upload)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    title = (title or "").strip() or meta.get("file_name", "")
    if len(title) > 200:
        errors["title"] = _("Keep the title under 200 characters.")
    if errors:
        raise ValidationError(errors)
    paper = MeetingPaper(meeting=meeting, item=item, title=title, uploaded_by=actor if getattr(
        actor, "is_authenticated", False) else None, **meta)
    paper.file.save(meta["file_name"], upload, save=False)
    try:
        paper.full_clean()
        paper.save()
        log_action(actor, "governance.paper.added", meeting,
                   {"title": title, "file": meta["file_name"], "sha256": meta["sha256"]},
                   partnership=meeting.series.partnership)
    except Exception:
        paper.file.delete(save=False)
        raise
    return paper


@transaction.atomic
def paper_remove(*, actor: Any, paper: MeetingPaper) -> None:
    meeting = paper.meeting
    log_action(actor, "governance.paper.removed", meeting, {"title": paper.title, "sha256": paper.sha256},
               partnership=meeting.series.partnership)
    stored = paper.file
    paper.delete()
    transaction.on_commit(lambda: stored.delete(save=False))


def papers_of(meeting: Meeting) -> list[MeetingPaper]:
    return list(meeting.papers.select_related("item"))


def download(paper: MeetingPaper) -> FileResponse:
    """The stored file as an attachment under its checked name and type, never rendered by the browser."""
    response = FileResponse(paper.file.open("rb"), as_attachment=True, filename=paper.file_name,
                            content_type=paper.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
