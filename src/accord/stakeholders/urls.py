from django.urls import path

from accord.stakeholders import views

app_name = "stakeholders"

urlpatterns = [
    path("<slug:slug>/stakeholders/", views.stakeholder_map, name="map"),
    path(
        "<slug:slug>/stakeholders/<int:stakeholder_id>/remove/",
        views.stakeholder_remove,
        name="stakeholder_remove",
    ),
    path(
        "<slug:slug>/stakeholders/<int:stakeholder_id>/invite/",
        views.stakeholder_invite,
        name="stakeholder_invite",
    ),
]
