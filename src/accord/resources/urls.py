from django.urls import path

from accord.resources import views

app_name = "resources"

urlpatterns = [
    path("<slug:slug>/resources/", views.resource_summary, name="resource_summary"),
    path("<slug:slug>/resources/flows.svg", views.flow_network_svg, name="flow_network_svg"),
    path("<slug:slug>/resources/export.<str:fmt>", views.resource_export, name="resource_export"),
    path("<slug:slug>/resources/ledger/", views.ledger_list, name="ledger_list"),
    path(
        "<slug:slug>/resources/ledger/<int:entry_id>/reverse/",
        views.ledger_entry_reverse,
        name="ledger_entry_reverse",
    ),
    path(
        "<slug:slug>/resources/ledger/<int:entry_id>/evidence/",
        views.ledger_entry_evidence,
        name="ledger_entry_evidence",
    ),
    path("<slug:slug>/resources/pledges/", views.pledge_list, name="pledge_list"),
    path("<slug:slug>/resources/rates/", views.rate_list, name="rate_list"),
    path("<slug:slug>/resources/support/", views.support_list, name="support_list"),
    path(
        "<slug:slug>/resources/support/<int:request_id>/decide/",
        views.support_decide,
        name="support_decide",
    ),
    path("<slug:slug>/resources/import/", views.import_file, name="import_file"),
    path("<slug:slug>/workplan/", views.workplan, name="workplan"),
]
