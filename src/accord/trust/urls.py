from django.urls import path

from . import correction_views, views

app_name = "trust"
urlpatterns = [
    path("p/<int:pk>/trust/", views.overview, name="overview"),
    path("p/<int:pk>/trust/waves/new/", views.wave_new, name="wave-new"),
    path("p/<int:pk>/trust/waves/<int:wave_pk>/", views.wave_detail, name="wave"),
    *[path(f"p/<int:pk>/trust/waves/<int:wave_pk>/{what}.{fmt}", views.wave_download, {"what": what, "fmt": fmt},
           name=f"wave-{what}-{fmt}") for what in views.WAVE_FILES for fmt in ("csv", "xlsx")],
    path("p/<int:pk>/trust/waves/<int:wave_pk>/close/", views.wave_close, name="wave-close"),
    path("p/<int:pk>/trust/waves/<int:wave_pk>/answer/", views.wave_answer, name="answer"),
    path("p/<int:pk>/trust/waves/<int:wave_pk>/reopen/", correction_views.wave_reopen, name="wave-reopen"),
    path("p/<int:pk>/trust/waves/<int:wave_pk>/withdraw/", correction_views.invitation_withdraw,
         name="invitation-withdraw"),
    path("p/<int:pk>/trust/waves/<int:wave_pk>/import/", views.wave_import, name="wave-import"),
    path("p/<int:pk>/trust/import-template.csv", views.import_template, name="import-template"),
    path("survey/<str:token>/", views.survey, name="survey"),
    path("survey/<str:token>/partner/<int:org_pk>/", views.survey_partner, name="survey-partner"),
    path("survey/<str:token>/partnership/", views.survey_factors, name="survey-factors"),
    path("survey/<str:token>/finish/", views.survey_finish, name="survey-finish"),
]
