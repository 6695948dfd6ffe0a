from django.urls import path

from accord.decisions import views

app_name = "decisions"

urlpatterns = [
    path("<slug:slug>/decisions/", views.proposal_list, name="proposal_list"),
    path(
        "<slug:slug>/decisions/<int:proposal_id>/",
        views.proposal_detail,
        name="proposal_detail",
    ),
    path(
        "<slug:slug>/decisions/<int:proposal_id>/ballots.preflib",
        views.proposal_ballots_export,
        name="proposal_ballots_export",
    ),
    path("<slug:slug>/decisions/rules/", views.rule_list, name="rule_list"),
    path("<slug:slug>/decisions/propose/", views.subject_propose, name="subject_propose"),
    path("<slug:slug>/decisions/power/", views.power_analysis, name="power_analysis"),
    path("<slug:slug>/decisions/log/", views.decision_log, name="decision_log"),
    path("<slug:slug>/decisions/log.csv", views.decision_log_export, name="decision_log_export"),
]
