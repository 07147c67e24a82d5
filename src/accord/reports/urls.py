from django.urls import URLPattern, path

from . import dataout, views

app_name = "reports"
urlpatterns: list[URLPattern] = [
    path("p/<int:pk>/reports/readiness.pdf", views.readiness_download, name="readiness-pdf"),
    path("p/<int:pk>/reports/data/", views.data_out, name="data-out"),
    path("p/<int:pk>/reports/partnership-report/", views.report_page, name="report"),
    path("p/<int:pk>/reports/partnership-report/download", views.report_download, name="report-download"),
    path("p/<int:pk>/reports/jobs/<int:job_pk>/", views.job_page, name="job"),
    path("p/<int:pk>/reports/jobs/<int:job_pk>/file", views.job_download, name="job-file"),
    path("p/<int:pk>/reports/meetings/<int:meeting_pk>/pack.pdf", views.meeting_pack_download, name="meeting-pack"),
    path("p/<int:pk>/reports/data/360giving.json", views.giving_download, name="giving-json"),
    path("p/<int:pk>/reports/data/trust/<int:wave_pk>/network.graphml", views.network_download,
         {"fmt": "graphml"}, name="network-graphml"),
    path("p/<int:pk>/reports/data/trust/<int:wave_pk>/network.net", views.network_download,
         {"fmt": "pajek"}, name="network-pajek"),
]
# one fixed address per file (no free-text part in the path): /p/1/reports/data/commitments.xlsx
urlpatterns += [
    path(f"p/<int:pk>/reports/data/{d.slug}.{fmt}", views.dataset_download, {"slug": d.slug, "fmt": fmt},
         name=f"data-{d.slug}-{fmt}")
    for d in dataout.DATASETS for fmt in dataout.FORMATS
]
