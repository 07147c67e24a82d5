from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("p/<int:pk>/reports/readiness.pdf", views.readiness_download, name="readiness-pdf"),
]
