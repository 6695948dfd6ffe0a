from django.urls import path

from accord.resources import views, views_find, views_imports, views_plans

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
    path(
        "<slug:slug>/resources/pledges/export.<str:fmt>",
        views_find.pledge_export,
        name="pledge_export",
    ),
    path(
        "<slug:slug>/resources/ledger/export.<str:fmt>",
        views_find.ledger_export,
        name="ledger_export",
    ),
    path(
        "<slug:slug>/resources/pledges/<int:pledge_id>/",
        views_plans.pledge_detail,
        name="pledge_detail",
    ),
    path(
        "<slug:slug>/resources/pledges/<int:pledge_id>/cancel/",
        views_plans.pledge_cancel,
        name="pledge_cancel",
    ),
    path("<slug:slug>/resources/rates/", views.rate_list, name="rate_list"),
    path("<slug:slug>/resources/support/", views.support_list, name="support_list"),
    path(
        "<slug:slug>/resources/support/<int:request_id>/decide/",
        views.support_decide,
        name="support_decide",
    ),
    path("<slug:slug>/resources/import/", views_imports.import_file, name="import_file"),
    path(
        "<slug:slug>/resources/import/template-<str:kind>.<str:fmt>",
        views_imports.import_template,
        name="import_template",
    ),
    path("<slug:slug>/workplan/", views.workplan, name="workplan"),
    path(
        "<slug:slug>/workplan/<int:activity_id>/",
        views_plans.activity_change,
        name="activity_change",
    ),
    path(
        "<slug:slug>/workplan/<int:activity_id>/chain/<int:link_id>/remove/",
        views_plans.activity_chain_remove,
        name="activity_chain_remove",
    ),
    path(
        "<slug:slug>/workplan/<int:activity_id>/responsibilities/<int:responsibility_id>/remove/",
        views_plans.responsibility_remove,
        name="responsibility_remove",
    ),
]
