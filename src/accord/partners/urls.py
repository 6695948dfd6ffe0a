from django.urls import path

from accord.partners import views

app_name = "partners"

urlpatterns = [
    path("", views.organization_list, name="organization_list"),
    path("new/", views.organization_create, name="organization_create"),
    path("<int:organization_id>/", views.organization_detail, name="organization_detail"),
    path("<int:organization_id>/edit/", views.organization_edit, name="organization_edit"),
    path("requests/<int:request_id>/", views.affiliation_request, name="affiliation_request"),
]
