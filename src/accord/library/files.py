"""Checking an uploaded file by its content, and restating the terms on every download.

Types with magic bytes (PDF, Office, images) are identified by `filetype`; text types (CSV,
Markdown, plain text) have none, so they must decode as UTF-8 with no NUL bytes and not look like
any binary type, and a CSV must have a consistent number of columns in its first rows.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.http import content_disposition_header

TEXT_TYPES = {"csv": "text/csv", "md": "text/markdown", "txt": "text/plain"}
# what `filetype` reports for each allowed extension (odt/ods are zip containers it names)
SAME = {"jpeg": "jpg", "docx": "docx", "xlsx": "xlsx", "pptx": "pptx"}


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_upload(upload: Any) -> dict[str, Any]:
    """Validate an uploaded file; return its name, content type, size and SHA-256, or raise a
    ValidationError saying what to fix."""
    allowed: list[str] = list(settings.LIBRARY_ALLOWED_TYPES)
    name = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    ext = _extension(name)
    size = upload.size or 0
    limit = settings.UPLOAD_MAX_MB * 1024 * 1024
    if size == 0:
        raise ValidationError({"file": "The file is empty."})
    if size > limit:
        raise ValidationError({"file": f"The file is {size / 1024 / 1024:.1f} MB; the limit is "
                                       f"{settings.UPLOAD_MAX_MB} MB."})
    if ext not in allowed:
        raise ValidationError({"file": f"Files ending in .{ext or '(nothing)'} are not accepted. Accepted types: "
                                       f"{', '.join('.' + a for a in allowed)}."})
    upload.seek(0)
    head = upload.read(8192)
    found = filetype.guess(head)
    if ext in TEXT_TYPES:
        if found is not None:
            raise ValidationError({"file": f"The file is named .{ext} but its content is {found.mime}. "
                                           "Rename it or upload the right file."})
        _check_text(upload, ext)
        content_type = TEXT_TYPES[ext]
    else:
        got = SAME.get(found.extension, found.extension) if found else None
        want = SAME.get(ext, ext)
        if got != want:
            what = found.mime if found else "not a recognised file type"
            raise ValidationError({"file": f"The file is named .{ext} but its content is {what}. "
                                           "Rename it or upload the right file."})
        content_type = found.mime
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
        digest.update(chunk)
    upload.seek(0)
    return {"file_name": name, "content_type": content_type, "size": size, "sha256": digest.hexdigest()}


def _check_text(upload: Any, ext: str) -> None:
    upload.seek(0)
    raw = upload.read()
    if b"\x00" in raw:
        raise ValidationError({"file": f"The file is named .{ext} but holds binary data, not text."})
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError({"file": f"The .{ext} file is not UTF-8 text. Save it as UTF-8 and try again."}) from None
    if ext == "csv":
        rows = list(csv.reader(io.StringIO(text)))[:20]
        widths = {len(r) for r in rows if r}
        if not rows or len(widths) > 1:
            raise ValidationError({"file": "The .csv file does not have the same number of columns on each row."})


# ---- terms restated on downloads ----------------------------------------------------------------

def terms_tag(snapshot: dict[str, Any]) -> str:
    """A short, file-name-safe restatement of the terms, such as
    "terms v2 - partnership only - no onward sharing - until 2027-03-31"."""
    parts = [f"terms v{snapshot['version']}"]
    parts.append("partnership only" if snapshot["audience"] == "partnership" else "named partners only")
    if snapshot["include_funders"]:
        parts.append("funders too")
    parts.append("onward sharing allowed" if snapshot["onward_sharing"] else "no onward sharing")
    if snapshot["expires_on"]:
        parts.append(f"until {snapshot['expires_on']}")
    return " - ".join(parts)


def download_name(file_name: str, snapshot: dict[str, Any]) -> str:
    stem, dot, ext = file_name.rpartition(".")
    if not dot:
        stem, ext = file_name, ""
    stem = re.sub(r"[^\w\- ]+", "", stem).strip()[:80] or "item"
    return f"{stem} [{terms_tag(snapshot)}]" + (f".{ext}" if ext else "")


def terms_note(*, title: str, owner: str, snapshot: dict[str, Any], uses: list[str], reader: str,
               when: str) -> str:
    """The terms in plain words, as put at the top of text downloads and in the terms note."""
    if snapshot["audience"] == "partnership":
        audience = "the partners of this partnership"
    else:
        audience = "these partner organisations: " + ", ".join(snapshot["named_orgs"])
    if snapshot["include_funders"]:
        audience += ", and its funders"
    lines = [
        f"SHARED ON TERMS: {title}",
        f"Shared by {owner} under terms version {snapshot['version']}.",
        f"Who may read it: {audience}.",
        "Permitted uses: " + ("; ".join(uses) if uses else "reading only") + ".",
        "Sharing outside the partnership: " + ("allowed." if snapshot["onward_sharing"] else "NOT allowed."),
    ]
    if snapshot["attribution"]:
        lines.append(f"Attribution: {snapshot['attribution']}")
    if snapshot["expires_on"]:
        lines.append(f"These terms end on {snapshot['expires_on']}; do not use it after that date.")
    lines.append(f"Downloaded by {reader} on {when}; this download is in the partnership's access record.")
    return "\n".join(lines) + "\n"


def with_text_header(content: bytes, note: str, ext: str) -> bytes:
    """Put the terms at the top of a plain-text or Markdown document (not CSV: it would break the data)."""
    if ext == "md":
        quoted = "\n".join("> " + line for line in note.strip().splitlines())
        return (quoted + "\n\n---\n\n").encode() + content
    rule = "=" * 72
    return f"{rule}\n{note}{rule}\n\n".encode() + content


def with_pdf_cover(content: bytes, note: str) -> bytes:
    """A cover page stating the terms, put in front of a PDF (fpdf2 draws it, pypdf joins them).
    A PDF that pypdf cannot read is sent as it is: the file name and header still carry the terms."""
    import logging

    from pypdf import PdfReader, PdfWriter

    from accord.lib import pdffonts

    # the shipped Unicode font: a Welsh title or owner (ŵ, ŷ) prints whole
    cover = pdffonts.document(styles="B", format="A4")
    cover.add_page()
    cover.set_font(pdffonts.FAMILY, "B", 16)
    lines = note.strip().splitlines()
    cover.multi_cell(0, 9, lines[0])
    cover.ln(4)
    cover.set_font(pdffonts.FAMILY, "", 11)
    for line in lines[1:]:
        cover.multi_cell(0, 6, line)
        cover.ln(1)
    try:
        writer = PdfWriter()
        writer.append(PdfReader(io.BytesIO(bytes(cover.output()))))
        writer.append(PdfReader(io.BytesIO(content)))
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    except Exception:  # noqa: BLE001 - a damaged or encrypted PDF still downloads, with terms in name and header
        logging.getLogger(__name__).warning("Could not add a terms cover page to a PDF", exc_info=True)
        return content


def download_response(item: Any, snapshot: dict[str, Any], *, reader: str, organisation: Any) -> HttpResponseBase:
    """The file, with the terms restated: in the file name, in an `X-Accord-Terms` header, at the top
    of text documents, and on a cover page of PDFs."""
    name = download_name(item.file_name, snapshot)
    ext = item.file_name.rsplit(".", 1)[-1].lower()
    who = f"{reader} ({organisation})" if organisation else reader
    note = terms_note(title=item.title, owner=item.owner_org.name, snapshot=snapshot,
                            uses=item.terms.use_labels(), reader=who,
                            when=timezone.localtime().strftime("%d %B %Y %H:%M"))
    with item.file.open("rb") as fh:
        content = fh.read() if ext in ("txt", "md", "pdf") else None
    if ext in ("txt", "md"):
        response: HttpResponseBase = HttpResponse(with_text_header(content or b"", note, ext),
                                              content_type=f"{item.content_type}; charset=utf-8")
        response["Content-Disposition"] = disposition(name)
    elif ext == "pdf":
        body = with_pdf_cover(content or b"", note)
        response = HttpResponse(body, content_type="application/pdf")
        response["Content-Disposition"] = disposition(name)
    else:
        # text types were checked to be UTF-8 on upload (py), so the download can say so
        text = item.content_type.startswith("text/")
        response = FileResponse(item.file.open("rb"), as_attachment=True, filename=name,
                                content_type=f"{item.content_type}; charset=utf-8" if text else item.content_type)
    response["X-Accord-Terms"] = terms_tag(snapshot)
    response["Cache-Control"] = "private, no-store"
    return response


def disposition(name: str) -> str:
    return content_disposition_header(True, name) or "attachment"
