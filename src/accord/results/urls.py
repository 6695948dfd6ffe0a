from django.urls import path

from accord.results import views

app_name = "results"

urlpatterns = [
    path("<slug:slug>/results/", views.indicator_list, name="indicator_list"),
    path("<slug:slug>/results/indicators/new/", views.indicator_create, name="indicator_create"),
    path("<slug:slug>/results/library/", views.indicator_library, name="indicator_library"),
    path(
        "<slug:slug>/results/indicators/<int:indicator_id>/",
        views.indicator_detail,
        name="indicator_detail",
    ),
    path(
        "<slug:slug>/results/indicators/<int:indicator_id>/edit/",
        views.indicator_edit,
        name="indicator_edit",
    ),
    path(
        "<slug:slug>/results/indicators/<int:indicator_id>/targets/",
        views.indicator_targets,
        name="indicator_targets",
    ),
    path(
        "<slug:slug>/results/indicators/<int:indicator_id>/chart.svg",
        views.indicator_chart,
        name="indicator_chart",
    ),
    path(
        "<slug:slug>/results/indicators/<int:indicator_id>/report/",
        views.measurement_create,
        name="measurement_create",
    ),
    path(
        "<slug:slug>/results/measurements/<int:measurement_id>/",
        views.measurement_detail,
        name="measurement_detail",
    ),
    path(
        "<slug:slug>/results/measurements/<int:measurement_id>/correct/",
        views.measurement_correct,
        name="measurement_correct",
    ),
    path(
        "<slug:slug>/results/measurements/<int:measurement_id>/evidence/",
        views.measurement_evidence,
        name="measurement_evidence",
    ),
    # the period report and the exports
    path("<slug:slug>/results/report/", views.report, name="report"),
    path("<slug:slug>/results/report.pdf", views.report_pdf, name="report_pdf"),
    path("<slug:slug>/results/export/", views.export, name="export"),
    # commitments, action items and benefits
    path("<slug:slug>/results/commitments/", views.commitment_list, name="commitment_list"),
    path(
        "<slug:slug>/results/commitments/<int:commitment_id>/status/",
        views.commitment_status,
        name="commitment_status",
    ),
    path(
        "<slug:slug>/results/commitments/<int:commitment_id>/confirm/",
        views.commitment_confirm,
        name="commitment_confirm",
    ),
    path("<slug:slug>/results/accountability/", views.accountability, name="accountability"),
    path(
        "<slug:slug>/results/accountability/<int:organization_id>/",
        views.organization_accountability,
        name="organization_accountability",
    ),
    path("<slug:slug>/results/action-items/", views.action_item_list, name="action_item_list"),
    path(
        "<slug:slug>/results/action-items/<int:item_id>/",
        views.action_item_detail,
        name="action_item_detail",
    ),
    path("<slug:slug>/results/benefits/", views.benefit_list, name="benefit_list"),
    path("<slug:slug>/results/benefits/summary/", views.benefit_summary, name="benefit_summary"),
    path(
        "<slug:slug>/results/benefits/mutual.svg",
        views.mutual_benefit_svg,
        name="mutual_benefit_svg",
    ),
    path(
        "<slug:slug>/results/benefits/<int:benefit_id>/reverse/",
        views.benefit_reverse,
        name="benefit_reverse",
    ),
    path(
        "<slug:slug>/results/benefits/<int:benefit_id>/evidence/",
        views.benefit_evidence,
        name="benefit_evidence",
    ),
]
