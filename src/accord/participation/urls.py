from django.urls import path

from accord.participation import views

app_name = "participation"

ROUND = "<slug:slug>/participation/<int:round_id>/"

urlpatterns = [
    path("<slug:slug>/participation/", views.round_list, name="round_list"),
    path(ROUND, views.round_detail, name="round_detail"),
    path(ROUND + "issues/<int:issue_id>/", views.issue_detail, name="issue_detail"),
    path(ROUND + "issues/<int:issue_id>/photo", views.issue_photo, name="issue_photo"),
    path(ROUND + "ballot/", views.ballot, name="ballot"),
    path(ROUND + "ballot/print/", views.ballot_print, name="ballot_print"),
    path(ROUND + "paper/", views.paper_ballot, name="paper_ballot"),
    path(ROUND + "results/", views.round_results, name="round_results"),
    path(ROUND + "round.pb", views.round_export, name="round_export"),
    path(ROUND + "join/<str:token>/", views.public_join, name="public_join"),
]
