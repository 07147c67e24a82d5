"""Every domain app owns its URLs (with its own prefixes, such as p/<pk>/meetings/)."""

from django.contrib import admin
from django.urls import include, path

from accord.accounts.admin_site import AccordAdminSite
from accord.api.main import api
from accord.core import views as core_views

admin.site.__class__ = AccordAdminSite  # the admin signs in through Accord's sign-in (docs/sign-in.md)

urlpatterns = [
    path("", core_views.index, name="index"),
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accord.accounts.urls")),
    path("api/", api.urls),
    path("", include("accord.partners.urls")),
    path("", include("accord.charter.urls")),
    path("", include("accord.delivery.urls")),
    path("", include("accord.governance.urls")),
    path("", include("accord.trust.urls")),
    path("", include("accord.library.urls")),
    path("", include("accord.mailing.urls")),
    path("", include("accord.health.urls")),
    path("", include("accord.privacy.urls")),
    path("", include("accord.reports.urls")),
]
