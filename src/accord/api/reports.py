"""Data out through the API: the same files as the "Data out" page, under the same access policy
(each file asks the need the page showing its records asks; accord.reports.dataout)."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from accord.core import policy
from accord.reports import dataout, files

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
            summary="The files this role may download (the same as the Data out page)")
def list_files(request: HttpRequest, pk: int) -> dict:
    access = policy.get_partnership(request.user, pk)
    base = f"/api/partnerships/{pk}/data"
    return {
        "files": [{"name": d.slug, "title": d.title, "about": d.about, "csv_url": f"{base}/{d.slug}?format=csv",
                   "xlsx_url": f"{base}/{d.slug}?format=xlsx"} for d in dataout.datasets_for(access)],
        "giving_url": f"{base}/360giving",
        "networks": [{"wave_id": w.pk, "wave": w.name, "graphml_url": f"{base}/trust/{w.pk}/network?format=graphml",
                      "pajek_url": f"{base}/trust/{w.pk}/network?format=pajek"} for w in dataout.network_waves(access)],
    }


def _register(dataset: dataout.Dataset) -> None:
    def handler(request: HttpRequest, pk: int, format: Literal["csv", "xlsx"] = "csv") -> HttpResponse:
        return files.dataset(request.user, pk, dataset.slug, format)

    handler.__name__ = f"data_{dataset.slug.replace('-', '_')}"
    router.get(f"/partnerships/{{pk}}/data/{dataset.slug}", operation_id=f"data_out_{handler.__name__}",
               summary=f"{dataset.title} as CSV or XLSX: {dataset.about}")(handler)


for _dataset in dataout.DATASETS:
    _register(_dataset)


@router.get("/partnerships/{pk}/data/360giving", summary="The funding streams as a 360Giving JSON package")
def giving(request: HttpRequest, pk: int) -> HttpResponse:
    return files.giving(request.user, pk)


@router.get("/partnerships/{pk}/data/trust/{wave_id}/network",
            summary="A closed named survey's trust network as GraphML or Pajek (senior leaders and the manager)")
def network(request: HttpRequest, pk: int, wave_id: int,
            format: Literal["graphml", "pajek"] = "graphml") -> HttpResponse:
    return files.network(request.user, pk, wave_id, format)


@router.get("/partnerships/{pk}/meetings/{meeting_pk}/pack",
            summary="The meeting pack (before) or approved minutes (after) as a tagged PDF (the partners' people)")
def meeting_pack(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    return files.meeting_pack(request.user, pk, meeting_pk)
