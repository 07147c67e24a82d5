from django.urls import path

from . import correction_views, views
from . import public_views as public

app_name = "mailing"
urlpatterns = [
    # public pages: no sign-in
    path("lists/confirm/<str:token>/", public.confirm, name="confirm"),
    path("lists/unsubscribe/<str:token>/", public.unsubscribe, name="unsubscribe"),
    path("lists/preferences/<str:token>/", public.preferences, name="preferences"),
    path("lists/preferences/<str:token>/data.json", public.download, name="download"),
    path("lists/<slug:slug>/", public.signup, name="signup"),
    path("lists/<slug:slug>/preferences/", public.ask_preferences, name="ask-preferences"),
    # managers
    path("p/<int:pk>/lists/", views.lists, name="lists"),
    path("p/<int:pk>/lists/new/", views.list_new, name="list-new"),
    path("p/<int:pk>/lists/<int:list_pk>/", views.list_detail, name="list"),
    path("p/<int:pk>/lists/<int:list_pk>/edit/", views.list_edit, name="list-edit"),
    path("p/<int:pk>/lists/<int:list_pk>/subscribers/", views.subscribers, name="subscribers"),
    path("p/<int:pk>/lists/<int:list_pk>/subscribers/add/", views.subscriber_add, name="subscriber-add"),
    path("p/<int:pk>/lists/<int:list_pk>/subscribers/<int:sub_pk>/", views.subscriber_detail, name="subscriber"),
    path("p/<int:pk>/lists/<int:list_pk>/subscribers/<int:sub_pk>/data.json", views.subscriber_download,
         name="subscriber-download"),
    path("p/<int:pk>/lists/<int:list_pk>/subscribers/<int:sub_pk>/unsubscribe/", correction_views.unsubscribe,
         name="subscriber-unsubscribe"),
    path("p/<int:pk>/lists/<int:list_pk>/import/", views.import_csv, name="import"),
    path("p/<int:pk>/lists/<int:list_pk>/export.csv", views.export_csv, name="export"),
    path("p/<int:pk>/lists/<int:list_pk>/campaigns/new/", views.campaign_new, name="campaign-new"),
    path("p/<int:pk>/lists/<int:list_pk>/campaigns/<int:campaign_pk>/", views.campaign_detail, name="campaign"),
    path("p/<int:pk>/lists/<int:list_pk>/campaigns/<int:campaign_pk>/delete/", correction_views.campaign_delete,
         name="campaign-delete"),
    path("p/<int:pk>/lists/<int:list_pk>/imports/<int:entry_pk>/undo/", correction_views.import_undo,
         name="import-undo"),
]
