from django.contrib import admin
from django.urls import include, path

from accord.api import api

urlpatterns = [
    path("accounts/", include("accord.accounts.urls")),
    path("organizations/", include("accord.partners.urls")),
    path("notifications/", include("accord.notifications.urls")),
    path("p/", include("accord.resources.urls")),
    path("p/", include("accord.decisions.urls")),
    path("p/", include("accord.partnerships.urls")),
    path("p/", include("accord.results.urls")),
    path("", include("accord.interop.urls")),
    path("p/", include("accord.participation.urls")),
    path("p/", include("accord.meetings.urls")),
    path("p/", include("accord.surveys.urls")),
    path("p/", include("accord.stakeholders.urls")),
    path("p/", include("accord.balance.urls")),
    path("p/", include("accord.discussions.urls")),
    path("", include("accord.expertise.urls")),
    path("", include("accord.web.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler404 = "accord.web.error_pages.not_found"
handler500 = "accord.web.error_pages.server_error"
