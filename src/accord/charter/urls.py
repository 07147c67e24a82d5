from django.urls import path

from . import correction_views, views

app_name = "charter"
urlpatterns = [
    path("p/<int:pk>/charter/", views.home, name="home"),
    path("p/<int:pk>/charter/edit/", views.edit, name="edit"),
    path("p/<int:pk>/charter/v/<int:number>/", views.version, name="version"),
    path("p/<int:pk>/charter/v/<int:number>/sign/", views.sign, name="sign"),
    path("p/<int:pk>/charter/v/<int:number>/withdraw/", correction_views.version_withdraw, name="version-withdraw"),
    path("p/<int:pk>/charter/goals/<int:goal_pk>/measurements/<int:m_pk>/delete/", correction_views.measurement_delete,
         name="measurement-delete"),
    path("p/<int:pk>/charter/diff/", views.diff, name="diff"),
    path("p/<int:pk>/charter/goals/", views.goals, name="goals"),
    path("p/<int:pk>/charter/goals/new/", views.goal_edit, name="goal-add"),
    path("p/<int:pk>/charter/goals/<int:goal_pk>/", views.goal, name="goal"),
    path("p/<int:pk>/charter/goals/<int:goal_pk>/edit/", views.goal_edit, name="goal-edit"),
    path("p/<int:pk>/charter/goals/<int:goal_pk>/delete/", correction_views.goal_delete, name="goal-delete"),
    path("p/<int:pk>/charter/commitments/", views.commitments, name="commitments"),
    path("p/<int:pk>/charter/commitments/new/", views.commitment_edit, name="commitment-add"),
    path("p/<int:pk>/charter/commitments/<int:c_pk>/edit/", views.commitment_edit, name="commitment-edit"),
    path("p/<int:pk>/charter/commitments/<int:c_pk>/status/", views.commitment_status, name="commitment-status"),
    path("p/<int:pk>/charter/commitments/<int:c_pk>/delete/", correction_views.commitment_delete,
         name="commitment-delete"),
]
