from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("p/<int:pk>/privacy/", views.home, name="home"),
    path("p/<int:pk>/privacy/access/<int:access_id>/", views.status, name="status"),
    path("p/<int:pk>/privacy/access/<int:access_id>/download/", views.download, name="download"),
    path("privacy/site/", views.site, name="site"),
    path("accounts/my-data/", views.mine, name="mine"),
    path("accounts/my-data/<int:access_id>/", views.mine_status, name="mine-status"),
    path("accounts/my-data/<int:access_id>/download/", views.mine_download, name="mine-download"),
    path("accounts/close/", views.close, name="close"),
]
