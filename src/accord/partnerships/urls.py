from django.urls import path

from accord.partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("new/", views.partnership_create, name="partnership_create"),
    path("<slug:slug>/edit/", views.partnership_edit, name="partnership_edit"),
    path("<slug:slug>/status/", views.partnership_transition, name="partnership_transition"),
    path("<slug:slug>/members/", views.membership_list, name="membership_list"),
    path("<slug:slug>/groups/", views.group_list, name="group_list"),
    path("<slug:slug>/join/", views.participant_join, name="participant_join"),
    path("<slug:slug>/charter/", views.charter_detail, name="charter_detail"),
    path("<slug:slug>/charter/draft/", views.charter_draft, name="charter_draft"),
    path("<slug:slug>/activity/", views.event_list, name="event_list"),
    path(
        "memberships/<int:membership_id>/respond/",
        views.membership_respond,
        name="membership_respond",
    ),
    path(
        "memberships/<int:membership_id>/decide/", views.membership_decide, name="membership_decide"
    ),
    path(
        "memberships/<int:membership_id>/cancel/", views.membership_cancel, name="membership_cancel"
    ),
    path(
        "memberships/<int:membership_id>/withdraw/",
        views.membership_withdraw,
        name="membership_withdraw",
    ),
]
