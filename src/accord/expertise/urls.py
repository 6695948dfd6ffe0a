from django.urls import path

from accord.expertise import views

app_name = "expertise"

urlpatterns = [
    path("p/<slug:slug>/expertise/", views.expertise_map, name="expertise_map"),
    path(
        "p/<slug:slug>/expertise/needs/<int:need_id>/remove/",
        views.activity_need_remove,
        name="activity_need_remove",
    ),
    path(
        "p/<slug:slug>/expertise/invite/<int:organization_id>/",
        views.expertise_invite,
        name="expertise_invite",
    ),
    path(
        "organizations/<int:organization_id>/expertise/",
        views.organization_expertise,
        name="organization_expertise",
    ),
    path(
        "organizations/<int:organization_id>/expertise/<int:item_id>/remove/",
        views.organization_expertise_remove,
        name="organization_expertise_remove",
    ),
]
