"""Data out through the API: the same files as the "Data out" page, under the same access policy
(each file asks the need the page showing its records asks; accord.reports.dataout)."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from ninja import Router, Schema

from accord.core import policy
from accord.lib.exports import download
from accord.reports import dataout, files, quarterly, services
from accord.reports.models import ReportJob

router = Router(tags=["Data out"])


class DataFileOut(Schema):
    name: str
    title: str
    about: str
    csv_url: str
    xlsx_url: str


class NetworkFileOut(Schema):
    wave_id: int
    wave: str
    graphml_url: str
    pajek_url: str


class DataOutListOut(Schema):
    files: list[DataFileOut]
    giving_url: str
    networks: list[NetworkFileOut]


@router.get("/partnerships/{pk}/data", response=DataOutListOut,
            summary=gettext_noop("The files this role may download (the same as the Data out page)"))
def list_files(request: HttpRequest, pk: int) -> dict:
    access = policy.get_partnership(request.user, pk)
    base = f"/api/partnerships/{pk}/data"
    return {
        "files": [{"name": d.slug, "title": str(d.title), "about": str(d.about), "csv_url": f"{base}/{d.slug}?format=csv",
                   "xlsx_url": f"{base}/{d.slug}?format=xlsx"} for d in dataout.datasets_for(access)],
        "giving_url": f"{base}/360giving",
        "networks": [{"wave_id": w.pk, "wave": w.name, "graphml_url": f"{base}/trust/{w.pk}/network?format=graphml",
                      "pajek_url": f"{base}/trust/{w.pk}/network?format=pajek"} for w in dataout.network_waves(access)],
    }


# A dataset's operation is summed up in words made of its title and what it holds (reports/dataout.py, marked
# there): the schema has the English (whatever language is active when this is imported), the reference page
# the reader's language (dataset_summary, by the operation's id)
DATASET_SUMMARY = gettext_noop("%(title)s as CSV or XLSX: %(about)s")
DATASET_OPERATIONS: dict[str, dataout.Dataset] = {}


def _summary(dataset: dataout.Dataset) -> str:
    return gettext(DATASET_SUMMARY) % {"title": dataset.title, "about": dataset.about}


def dataset_summary(operation_id: str) -> str:
    """The summary of a dataset's operation in the active language; "" for any other operation."""
    dataset = DATASET_OPERATIONS.get(operation_id)
    return _summary(dataset) if dataset else ""


def _register(dataset: dataout.Dataset) -> None:
    def handler(request: HttpRequest, pk: int, format: Literal["csv", "xlsx"] = "csv") -> HttpResponse:
        return files.dataset(request.user, pk, dataset.slug, format)

    handler.__name__ = f"data_{dataset.slug.replace('-', '_')}"
    operation_id = f"data_out_{handler.__name__}"
    DATASET_OPERATIONS[operation_id] = dataset
    with translation.override(None):  # no language: the words as written, in English
        summary = _summary(dataset)
    router.get(f"/partnerships/{{pk}}/data/{dataset.slug}", operation_id=operation_id, summary=summary)(handler)


for _dataset in dataout.DATASETS:
    _register(_dataset)


@router.get("/partnerships/{pk}/data/360giving", summary=gettext_noop("The funding streams as a 360Giving JSON package"))
def giving(request: HttpRequest, pk: int) -> HttpResponse:
    return files.giving(request.user, pk)


@router.get("/partnerships/{pk}/data/trust/{wave_id}/network",
            summary=gettext_noop("A closed named survey's trust network as GraphML or Pajek (senior leaders and the manager)"))
def network(request: HttpRequest, pk: int, wave_id: int,
            format: Literal["graphml", "pajek"] = "graphml") -> HttpResponse:
    return files.network(request.user, pk, wave_id, format)


@router.get("/partnerships/{pk}/meetings/{meeting_pk}/pack",
            summary=gettext_noop("The meeting pack (before) or approved minutes (after) as a tagged PDF (the partners' people)"))
def meeting_pack(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    return files.meeting_pack(request.user, pk, meeting_pk)


# ---- the partnership report --------------------------------------------------------------------

class ReportJobIn(Schema):
    quarter: str = ""
    start: str = ""
    end: str = ""
    format: Literal["pdf", "xlsx"] = "pdf"


class ReportJobOut(Schema):
    id: int
    state: Literal["waiting", "working", "ready", "failed"]
    done: int
    total: int
    percent: int
    start: str
    end: str
    format: str
    problem: str
    file_url: str | None


def _period(quarter: str, start: str, end: str) -> quarterly.Period:
    """A period that cannot be read is refused with 422 naming the field (api.errors)."""
    return quarterly.parse_period(quarter_text=quarter, start=start, end=end)


def _job_out(job: ReportJob) -> dict:
    ready = job.state == ReportJob.State.READY
    return {"id": job.pk, "state": job.state, "done": job.done, "total": job.total, "percent": job.percent,
            "start": job.start.isoformat(), "end": job.end.isoformat(), "format": job.fmt, "problem": job.problem,
            "file_url": f"/api/partnerships/{job.partnership_id}/reports/jobs/{job.pk}/file" if ready else None}


@router.get("/partnerships/{pk}/reports/partnership",
            summary=gettext_noop("The partnership report for a period, made now, as PDF or XLSX (a funder receives the "
                                 "aggregates-only version); 422 for a period that cannot be read"))
def partnership_report(request: HttpRequest, pk: int, quarter: str = "", start: str = "", end: str = "",
                       format: Literal["pdf", "xlsx"] = "pdf") -> HttpResponse:
    policy.get_partnership(request.user, pk)
    return files.quarterly_report(request.user, pk, format, _period(quarter, start, end))


@router.post("/partnerships/{pk}/reports/jobs", response={202: ReportJobOut},
             summary=gettext_noop("Produce the partnership report in the background; poll the job for its progress"))
def report_job_start(request: HttpRequest, pk: int, payload: ReportJobIn) -> tuple[int, dict]:
    access = policy.get_partnership(request.user, pk)
    period = _period(payload.quarter, payload.start, payload.end)
    job = services.job_start(actor=request.user, access=access, period=period, fmt=payload.format)
    return 202, _job_out(job)


@router.get("/partnerships/{pk}/reports/jobs/{job_id}", response=ReportJobOut,
            summary=gettext_noop("A report job of yours: its progress, and the file's address when it is ready"))
def report_job(request: HttpRequest, pk: int, job_id: int) -> dict:
    job, _ = services.job_for(request.user, pk, job_id)
    return _job_out(job)


@router.get("/partnerships/{pk}/reports/jobs/{job_id}/file",
            summary=gettext_noop("The file of a ready report job of yours (403 once your role changed: ask again)"))
def report_job_file(request: HttpRequest, pk: int, job_id: int) -> HttpResponse:
    job = services.job_file(request.user, pk, job_id)
    return download(bytes(job.file or b""), quarterly.CONTENT_TYPES[job.fmt], job.filename, text=False)
