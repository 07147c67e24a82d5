from django.urls import path

from accord.core import views as core_views

from . import correction_views, views

app_name = "partners"
urlpatterns = [
    path("partnerships/", views.partnership_list, name="list"),
    path("partnerships/new/", views.partnership_create, name="create"),
    path("p/<int:pk>/", views.home, name="home"),
    path("p/<int:pk>/edit/", views.partnership_edit, name="edit"),
    path("p/<int:pk>/people/", views.people, name="people"),
    *[path(f"p/<int:pk>/people.{fmt}", views.people_download, {"fmt": fmt}, name=f"people-{fmt}")
      for fmt in ("csv", "xlsx")],
    path("p/<int:pk>/people/add/", views.person_edit, name="person-add"),
    # the picker's suggestions: one fixed address per source (not a <str:> part), like the downloads above
    *[path(f"p/<int:pk>/pick/{source}/", views.pick, {"source": source}, name=f"pick-{source}")
      for source in ("organisations", "people")],
    path("p/<int:pk>/people/<int:person_pk>/edit/", views.person_edit, name="person-edit"),
    path("p/<int:pk>/members/add/", views.member_add, name="member-add"),
    path("p/<int:pk>/organisations/<int:org_pk>/", views.organisation_detail, name="organisation"),
    path("p/<int:pk>/organisations/<int:org_pk>/edit/", views.member_edit, name="member-edit"),
    path("p/<int:pk>/audit/", core_views.audit_log, name="audit"),
    path("p/<int:pk>/team/<int:role_pk>/remove/", correction_views.role_remove, name="role-remove"),
    path("p/<int:pk>/people/<int:person_pk>/delete/", correction_views.person_delete, name="person-delete"),
    path("p/<int:pk>/organisations/<int:org_pk>/end/", correction_views.membership_end, name="member-end"),
    path("p/<int:pk>/organisations/<int:org_pk>/delete/", correction_views.membership_delete,
         name="member-delete"),
]
