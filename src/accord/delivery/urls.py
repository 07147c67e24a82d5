from django.urls import path

from . import correction_views, views

app_name = "delivery"
urlpatterns = [
    path("p/<int:pk>/delivery/", views.home, name="home"),
    path("p/<int:pk>/delivery/ambition/", views.ambition_edit, name="ambition"),
    path("p/<int:pk>/delivery/areas/new/", views.area_edit, name="area-add"),
    path("p/<int:pk>/delivery/areas/<int:area_pk>/", views.area, name="area"),
    path("p/<int:pk>/delivery/areas/<int:area_pk>/edit/", views.area_edit, name="area-edit"),
    path("p/<int:pk>/delivery/areas/<int:area_pk>/delete/", correction_views.area_delete, name="area-delete"),
    path("p/<int:pk>/delivery/funding/", views.funding, name="funding"),
    path("p/<int:pk>/delivery/funding/new/", views.funding_edit, name="funding-add"),
    path("p/<int:pk>/delivery/funding/<int:stream_pk>/edit/", views.funding_edit, name="funding-edit"),
    path("p/<int:pk>/delivery/areas/<int:area_pk>/moves/<int:move_pk>/delete/", correction_views.move_delete,
         name="move-delete"),
    path("p/<int:pk>/delivery/funding/<int:stream_pk>/delete/", correction_views.funding_delete, name="funding-delete"),
    path("p/<int:pk>/delivery/funding/import/", views.import_upload, name="import"),
    path("p/<int:pk>/delivery/funding/import/<int:import_pk>/", views.import_preview, name="import-preview"),
]
