from django.urls import path

from . import views

app_name = "discussions"
P = "p/<int:pk>/discussions/"
urlpatterns = [
    path(P, views.home, name="home"),
    path(P + "new/", views.thread_new, name="thread-new"),
    path(P + "delegates/", views.delegates, name="delegates"),
    path(P + "<int:thread_pk>/", views.thread, name="thread"),
    path(P + "<int:thread_pk>/close/", views.thread_close, name="thread-close"),
    path(P + "<int:thread_pk>/proposals/new/", views.proposal_new, name="proposal-new"),
    path(P + "comments/<int:comment_pk>/edit/", views.comment_edit, name="comment-edit"),
    path(P + "proposals/<int:proposal_pk>/", views.proposal, name="proposal"),
    path(P + "proposals/<int:proposal_pk>/close/", views.proposal_close, name="proposal-close"),
    path(P + "proposals/<int:proposal_pk>/outcome/", views.proposal_decide, name="proposal-decide"),
]
