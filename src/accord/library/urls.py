from django.urls import path

from . import correction_views, views

app_name = "library"
urlpatterns = [
    path("p/<int:pk>/library/", views.index, name="index"),
    path("p/<int:pk>/library/share/", views.add, name="add"),
    path("p/<int:pk>/library/pick/items/", views.pick_items, name="pick-items"),
    *[path(f"p/<int:pk>/library/sharing-{what}.{fmt}", views.sharing_download, {"what": what, "fmt": fmt},
           name=f"sharing-{what}-{fmt}") for what in views.SHARING_FILES for fmt in ("csv", "xlsx")],
    path("p/<int:pk>/library/requests/", views.requests_page, name="requests"),
    path("p/<int:pk>/library/requests/<int:req_pk>/decide/", views.decide, name="decide"),
    path("p/<int:pk>/library/requests/<int:req_pk>/revoke/", views.revoke, name="revoke"),
    path("p/<int:pk>/library/requests/<int:req_pk>/reconsider/", correction_views.reconsider, name="reconsider"),
    path("p/<int:pk>/library/record/", views.record, name="record"),
    path("p/<int:pk>/library/record/verify/", views.verify, name="verify"),
    path("p/<int:pk>/library/record/checkpoint/", views.checkpoint_new, name="checkpoint-new"),
    path("p/<int:pk>/library/record/checkpoints/<int:cp_pk>.json", views.checkpoint_file, name="checkpoint"),
    path("p/<int:pk>/library/<int:item_pk>/", views.item_detail, name="item"),
    path("p/<int:pk>/library/<int:item_pk>/download/", views.download, name="download"),
    path("p/<int:pk>/library/<int:item_pk>/terms.txt", views.terms_note, name="terms-note"),
    path("p/<int:pk>/library/<int:item_pk>/terms/", views.terms_edit, name="terms"),
    path("p/<int:pk>/library/<int:item_pk>/withdraw/", views.withdraw, name="withdraw"),
    path("p/<int:pk>/library/<int:item_pk>/reinstate/", views.item_reinstate, name="reinstate"),
    path("p/<int:pk>/library/<int:item_pk>/ask/", views.ask, name="ask"),
]
