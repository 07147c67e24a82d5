from django.urls import path

from . import correction_views, views

app_name = "health"
urlpatterns = [
    path("p/<int:pk>/health/", views.index, name="index"),
    path("p/<int:pk>/health/recompute/", views.snapshot_now, name="recompute"),
    path("p/<int:pk>/health/timeline/", views.timeline, name="timeline"),
    path("p/<int:pk>/health/events/add/", views.event_add, name="event-add"),
    path("p/<int:pk>/health/events/<int:event_pk>/", views.event_edit, name="event-edit"),
    path("p/<int:pk>/health/events/<int:event_pk>/delete/", correction_views.event_delete, name="event-delete"),
    path("p/<int:pk>/health/weights/", views.weights, name="weights"),
    path("p/<int:pk>/health/rules/", views.rules, name="rules"),
    path("p/<int:pk>/health/alerts/", views.alerts, name="alerts"),
    path("p/<int:pk>/health/alerts/<int:alert_pk>/", views.alert_acknowledge, name="alert"),
    path("p/<int:pk>/health/handovers/", views.handovers, name="handovers"),
    path("p/<int:pk>/health/handovers/<int:handover_pk>/", views.handover_detail, name="handover"),
    path("p/<int:pk>/health/readiness/", views.readiness_page, name="readiness"),
    path("funders/", views.funders, name="funders"),
]
