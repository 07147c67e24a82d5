from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("notices/", views.notice_list, name="list"),
    path("notices/read/", views.mark_all_read, name="read-all"),
    path("notices/<int:notice_pk>/read/", views.mark_read, name="read"),
    path("notices/preferences/", views.preferences, name="preferences"),
    path("notices/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("p/<int:pk>/notices/", views.sent, name="sent"),
]
