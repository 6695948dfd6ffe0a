"""Every action of the HTML site is also in the API (issue 16, item 6).

The test walks the URLconf, finds every page whose view accepts POST, and looks it up in
``API_EQUIVALENTS`` (the API operations that do what the page's forms do) or in
``NO_API_EQUIVALENT`` (with the reason). A new POST view in neither fails the test with its
name and address; a row naming an operation that the OpenAPI document lacks fails too, and
so does a row for a view that no longer exists or no longer accepts POST.

How a view is known to accept POST, in this order:

1. a class-based view (``view_class``): it defines ``post`` and lists it in
   ``http_method_names`` (Django's own answer to OPTIONS);
2. a function view behind ``require_POST``/``require_http_methods``/``require_GET``/
   ``require_safe``: the decorator's list of methods, read from its closure;
3. any other function view: its source, or that of a function of its own module that it
   calls, reads the request's body (``request.POST``, ``request.FILES``), branches on
   ``request.method``, or submits a form (``form_submit(``). A form validated on its own
   (``.is_valid()``) is not a sign: search forms are bound to the query string.

Calling OPTIONS is not enough: a Django function view answers every method, so only the
class-based views would be told apart. Rule 3 errs on the side of POST: a view that only
mentions ``request.method`` to refuse POST is listed in ``NO_API_EQUIVALENT`` and says so.
"""

from __future__ import annotations

import inspect
import re
import types
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

#: The API's mount point (``accord.urls``); the paths below are relative to it.
API_PREFIX = "/api/v1"

# fmt: off
#: URL name of a page whose view accepts POST  →  the API operations doing the same
#: ("METHOD /path" under /api/v1), one per action of the page's forms.
API_EQUIVALENTS: dict[str, list[str]] = {
    # --- accounts -----------------------------------------------------------------------
    "accounts:set_language":        ["PUT /me/language"],
    "accounts:profile":             ["PUT /me/time-zone"],
    "accounts:token_list":          ["POST /tokens"],
    "accounts:token_revoke":        ["POST /tokens/{token_id}/revoke"],
    # --- organizations ------------------------------------------------------------------
    "partners:organization_create": ["POST /organizations"],
    "partners:organization_detail": ["POST /organizations/{organization_id}/people"],
    "partners:organization_edit":   ["PATCH /organizations/{organization_id}"],
    "partners:affiliation_request": ["POST /affiliation-requests/{request_id}/answer"],
    # --- notifications ------------------------------------------------------------------
    "notifications:notification_read_all": ["POST /notifications/read"],
    # --- partnerships -------------------------------------------------------------------
    "partnerships:partnership_create":     ["POST /partnerships"],
    "partnerships:partnership_edit":       ["PATCH /partnerships/{slug}"],
    "partnerships:partnership_transition": ["POST /partnerships/{slug}/status"],
    "partnerships:membership_list":        ["POST /partnerships/{slug}/memberships",
                                            "POST /partnerships/{slug}/participants"],
    "partnerships:group_list":             ["POST /partnerships/{slug}/groups",
                                            "PUT /partnerships/{slug}/groups/{group_id}"],
    "partnerships:participant_join":       ["POST /partnerships/{slug}/join",
                                            "POST /partnerships/{slug}/leave"],
    "partnerships:charter_detail":         ["POST /partnerships/{slug}/charter/{number}/signatures"],
    "partnerships:charter_draft":          ["PUT /partnerships/{slug}/charter/draft",
                                            "POST /partnerships/{slug}/charter/draft/publish",
                                            "POST /partnerships/{slug}/charter/versions/{version_id}/publication-proposal"],
    "partnerships:membership_respond":     ["POST /memberships/{membership_id}/respond"],
    "partnerships:membership_decide":      ["POST /memberships/{membership_id}/decide"],
    "partnerships:membership_cancel":      ["POST /memberships/{membership_id}/cancel"],
    "partnerships:membership_withdraw":    ["POST /memberships/{membership_id}/withdraw"],
    "web:partnership_create_from_template": ["POST /partnership-templates/{key}/partnerships"],
    "web:digest_preferences":              ["PUT /me/digest"],
    # --- discussions --------------------------------------------------------------------
    "discussions:thread_list":         ["POST /partnerships/{slug}/discussions"],
    "discussions:thread_detail":       ["POST /discussions/{thread_id}/comments",
                                        "POST /discussions/{thread_id}/comments/{comment_id}/versions",
                                        "POST /discussions/{thread_id}/comments/{comment_id}/hiding"],
    # --- workplan and resources ---------------------------------------------------------
    "resources:ledger_list":           ["POST /partnerships/{slug}/ledger",
                                        "POST /partnerships/{slug}/ledger/with-evidence"],
    "resources:ledger_entry_reverse":  ["POST /partnerships/{slug}/ledger/{entry_id}/reverse"],
    "resources:pledge_list":           ["POST /partnerships/{slug}/pledges"],
    "resources:pledge_detail":         ["POST /partnerships/{slug}/pledges/{pledge_id}/amendments"],
    "resources:pledge_cancel":         ["POST /partnerships/{slug}/pledges/{pledge_id}/cancel"],
    "resources:rate_list":             ["POST /partnerships/{slug}/rates"],
    "resources:support_list":          ["POST /partnerships/{slug}/support-requests"],
    "resources:support_decide":        ["POST /partnerships/{slug}/support-requests/{request_id}/decision"],
    "resources:import_file":           ["POST /partnerships/{slug}/imports"],
    "resources:workplan":              ["POST /partnerships/{slug}/activities",
                                        "POST /partnerships/{slug}/activities/{activity_id}/chain",
                                        "POST /partnerships/{slug}/activities/{activity_id}/responsibilities"],
    "resources:activity_change":       ["PATCH /partnerships/{slug}/activities/{activity_id}"],
    "resources:activity_chain_remove": ["POST /partnerships/{slug}/activities/{activity_id}/chain/{link_id}/remove"],
    "resources:responsibility_remove": ["POST /partnerships/{slug}/activities/{activity_id}/responsibilities/{responsibility_id}/remove"],
    # --- joint decisions ----------------------------------------------------------------
    "decisions:proposal_list":   ["POST /partnerships/{slug}/proposals"],
    "decisions:proposal_detail": ["POST /partnerships/{slug}/proposals/{proposal_id}/comments",
                                  "PUT /partnerships/{slug}/proposals/{proposal_id}/alternatives",
                                  "POST /partnerships/{slug}/proposals/{proposal_id}/ballots",
                                  "POST /partnerships/{slug}/proposals/{proposal_id}/advance",
                                  "POST /partnerships/{slug}/proposals/{proposal_id}/close",
                                  "POST /partnerships/{slug}/proposals/{proposal_id}/withdraw",
                                  "POST /partnerships/{slug}/proposals/{proposal_id}/rationale",
                                  "POST /partnerships/{slug}/proposals/{proposal_id}/implemented"],
    "decisions:rule_list":       ["POST /partnerships/{slug}/decision-rules",
                                  "POST /partnerships/{slug}/decision-rules/assignments"],
    "decisions:subject_propose": ["POST /partnerships/{slug}/memberships/{membership_id}/admission-proposal",
                                  "POST /partnerships/{slug}/charter/versions/{version_id}/publication-proposal"],
    "decisions:power_analysis":  ["POST /partnerships/{slug}/decision-rules/power"],
    # --- results ------------------------------------------------------------------------
    "results:indicator_create":    ["POST /partnerships/{slug}/indicators"],
    "results:indicator_library":   ["POST /partnerships/{slug}/indicator-library/{key}"],
    "results:indicator_edit":      ["PATCH /partnerships/{slug}/indicators/{indicator_id}"],
    "results:indicator_targets":   ["PUT /partnerships/{slug}/indicators/{indicator_id}/targets"],
    "results:measurement_create":  ["POST /partnerships/{slug}/indicators/{indicator_id}/measurements"],
    "results:measurement_detail":  ["PATCH /partnerships/{slug}/measurements/{measurement_id}",
                                    "POST /partnerships/{slug}/measurements/{measurement_id}/evidence",
                                    "POST /partnerships/{slug}/measurements/{measurement_id}/submit",
                                    "POST /partnerships/{slug}/measurements/{measurement_id}/return",
                                    "POST /partnerships/{slug}/measurements/{measurement_id}/approve",
                                    "POST /partnerships/{slug}/measurements/{measurement_id}/lock",
                                    "DELETE /partnerships/{slug}/measurements/{measurement_id}"],
    "results:measurement_correct": ["POST /partnerships/{slug}/measurements/{measurement_id}/correct"],
    "results:commitment_list":     ["POST /partnerships/{slug}/commitments"],
    "results:commitment_status":   ["POST /partnerships/{slug}/commitments/{commitment_id}/status"],
    "results:commitment_confirm":  ["POST /partnerships/{slug}/commitments/{commitment_id}/confirm"],
    "results:action_item_list":    ["POST /partnerships/{slug}/action-items"],
    "results:action_item_detail":  ["POST /partnerships/{slug}/action-items/{item_id}/done",
                                    "POST /partnerships/{slug}/action-items/{item_id}/reassign"],
    "results:benefit_list":        ["POST /partnerships/{slug}/benefits",
                                    "POST /partnerships/{slug}/benefits/with-evidence"],
    "results:benefit_reverse":     ["POST /partnerships/{slug}/benefits/{benefit_id}/reverse"],
    # --- IATI ---------------------------------------------------------------------------
    "interop:iati_settings": ["PUT /partnerships/{slug}/iati/settings",
                              "POST /partnerships/{slug}/iati"],
    "interop:iati_import":   ["POST /iati/import"],
    # --- participation (its round page's "join by email" is for people without an
    # account: see participation:public_join below) --------------------------------------
    "participation:round_list":    ["POST /partnerships/{slug}/rounds",
                                    "POST /partnerships/{slug}/rounds/import"],
    "participation:round_detail":  ["POST /partnerships/{slug}/rounds/{round_id}/open",
                                    "POST /partnerships/{slug}/rounds/{round_id}/advance",
                                    "POST /partnerships/{slug}/rounds/{round_id}/facilitators",
                                    "POST /partnerships/{slug}/rounds/{round_id}/issues",
                                    "POST /partnerships/{slug}/rounds/{round_id}/issues/{issue_id}/support",
                                    "DELETE /partnerships/{slug}/rounds/{round_id}/issues/{issue_id}/support",
                                    "POST /partnerships/{slug}/rounds/{round_id}/statements",
                                    "POST /partnerships/{slug}/rounds/{round_id}/statements/{statement_id}/vote",
                                    "POST /partnerships/{slug}/rounds/{round_id}/statements/{statement_id}/hide",
                                    "POST /partnerships/{slug}/rounds/{round_id}/projects",
                                    "POST /partnerships/{slug}/rounds/{round_id}/projects/{project_id}/review"],
    "participation:issue_detail":  ["POST /partnerships/{slug}/rounds/{round_id}/issues/{issue_id}/support",
                                    "DELETE /partnerships/{slug}/rounds/{round_id}/issues/{issue_id}/support",
                                    "POST /partnerships/{slug}/rounds/{round_id}/issues/{issue_id}/hide",
                                    "POST /partnerships/{slug}/rounds/{round_id}/issues/{issue_id}/merge",
                                    "POST /partnerships/{slug}/rounds/{round_id}/issues/{issue_id}/activity",
                                    "POST /partnerships/{slug}/rounds/{round_id}/issues/{issue_id}/project",
                                    "POST /partnerships/{slug}/rounds/{round_id}/issues/{issue_id}/proposal"],
    "participation:ballot":        ["POST /partnerships/{slug}/rounds/{round_id}/ballots"],
    "participation:paper_ballot":  ["POST /partnerships/{slug}/rounds/{round_id}/paper-ballots"],
    "participation:round_results": ["POST /partnerships/{slug}/rounds/{round_id}/fund"],
    # --- meetings -----------------------------------------------------------------------
    "meetings:meeting_create":         ["POST /partnerships/{slug}/meetings"],
    "meetings:calendar_feed_manage":   ["POST /partnerships/{slug}/calendar-feed",
                                        "POST /partnerships/{slug}/calendar-feed/regenerate",
                                        "DELETE /partnerships/{slug}/calendar-feed"],
    "meetings:meeting_edit":           ["PUT /partnerships/{slug}/meetings/{meeting_id}"],
    "meetings:meeting_attendance":     ["PUT /partnerships/{slug}/meetings/{meeting_id}/attendance"],
    "meetings:meeting_minutes":        ["PUT /partnerships/{slug}/meetings/{meeting_id}/minutes"],
    "meetings:meeting_agenda_add":     ["POST /partnerships/{slug}/meetings/{meeting_id}/agenda"],
    "meetings:meeting_decision":       ["POST /partnerships/{slug}/meetings/{meeting_id}/decisions"],
    "meetings:meeting_action_item":    ["POST /partnerships/{slug}/meetings/{meeting_id}/action-items"],
    "meetings:meeting_travel_support": ["POST /partnerships/{slug}/meetings/{meeting_id}/travel-support"],
    # --- surveys ------------------------------------------------------------------------
    "surveys:wave_create": ["POST /partnerships/{slug}/survey-waves"],
    "surveys:wave_edit":   ["PATCH /partnerships/{slug}/survey-waves/{wave_id}"],
    "surveys:wave_answer": ["POST /partnerships/{slug}/survey-waves/{wave_id}/answers"],
    "surveys:wave_remind": ["POST /partnerships/{slug}/survey-waves/{wave_id}/remind"],
    "surveys:wave_close":  ["POST /partnerships/{slug}/survey-waves/{wave_id}/close"],
    # --- stakeholders -------------------------------------------------------------------
    "stakeholders:map":                ["POST /partnerships/{slug}/stakeholders",
                                        "POST /partnerships/{slug}/stakeholders/{stakeholder_id}/ratings",
                                        "PUT /partnerships/{slug}/stakeholders/{stakeholder_id}/ratings"],
    "stakeholders:stakeholder_remove": ["DELETE /partnerships/{slug}/stakeholders/{stakeholder_id}"],
    "stakeholders:stakeholder_invite": ["POST /partnerships/{slug}/stakeholders/{stakeholder_id}/invitation"],
    # --- expertise ----------------------------------------------------------------------
    "expertise:expertise_map":                 ["POST /partnerships/{slug}/activities/{activity_id}/expertise-needs"],
    "expertise:activity_need_remove":          ["DELETE /partnerships/{slug}/expertise-needs/{need_id}"],
    "expertise:expertise_invite":              ["POST /partnerships/{slug}/expertise/invitations"],
    "expertise:organization_expertise":        ["POST /organizations/{organization_id}/expertise"],
    "expertise:organization_expertise_remove": ["DELETE /organizations/{organization_id}/expertise/{item_id}"],
    # --- balance ------------------------------------------------------------------------
    "balance:dashboard":          ["POST /partnerships/{slug}/balance/power"],
    "balance:dashboard_settings": ["PATCH /partnerships/{slug}/balance/settings"],
}

#: Pages that accept POST and have no API operation, and why.
NO_API_EQUIVALENT: dict[str, str] = {
    "web:digest_unsubscribe": "the emailed one-click link stops a part of the digest for "
                              "someone not signed in, so without a token; with one, "
                              "PUT /me/digest does the same",
    "accounts:login": "signing in opens a browser session; the API authenticates every "
                      "request with a personal access token instead",
    "accounts:logout": "ends a browser session; a script revokes its token "
                       "(POST /tokens/{token_id}/revoke)",
    "accounts:password_reset": "mails a link to set a password to someone who cannot sign "
                               "in, so has no token",
    "accounts:password_reset_confirm": "the emailed link's form: proves the link, not a token",
    "participation:public_join": "confirms the emailed link of a resident without an "
                                 "account into the browser's session; the API serves people "
                                 "with accounts",
    "meetings:meeting_detail": "does not accept POST (answers 403): it mentions "
                               "request.method only to refuse it; its forms post to their "
                               "own addresses, listed above",
}
# fmt: on

#: What, in a function view's source, shows that it handles a POST.
POST_MARKERS = re.compile(r"request\.(POST|FILES|method)\b|form_submit\(")


def url_patterns(
    resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, Callable[..., Any]]]:
    """(route, "namespace:name", view) for every pattern of the site, the API's and the
    admin's excepted (the API is what the pages are compared with; the admin is Django's)."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith(("api/", "admin/")):
                continue
            inner = ":".join(n for n in (namespace, pattern.namespace or "") if n)
            yield from url_patterns(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            yield route, name, pattern.callback


def _declared_methods(view: Callable[..., Any]) -> set[str] | None:
    """The methods a ``require_http_methods`` decorator (or ``require_POST`` …) allows,
    read from its closure anywhere along the chain of wrappers; None if there is none."""
    layer: Any = view
    while layer is not None:
        for cell in getattr(layer, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:  # an empty cell
                continue
            if (
                isinstance(value, list | tuple)
                and value
                and all(isinstance(m, str) and m.isupper() and m.isalpha() for m in value)
            ):
                return set(value)
        layer = getattr(layer, "__wrapped__", None)
    return None


def _source_handles_post(view: Callable[..., Any]) -> bool:
    inner = inspect.unwrap(view)
    functions = [inner]
    # the view's own module's functions that it calls (a page's ``_act`` helper)
    for name in inner.__code__.co_names:
        called = inner.__globals__.get(name)
        if isinstance(called, types.FunctionType) and called.__module__ == inner.__module__:
            functions.append(called)
    return any(POST_MARKERS.search(inspect.getsource(f)) for f in functions)


def accepts_post(view: Callable[..., Any]) -> bool:
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return "post" in view_class.http_method_names and hasattr(view_class, "post")
    declared = _declared_methods(view)
    if declared is not None:
        return "POST" in declared
    return _source_handles_post(view)


def post_views() -> dict[str, str]:
    """Every page accepting POST: URL name → its address."""
    return {name: "/" + route for route, name, view in url_patterns() if accepts_post(view)}


def api_operations() -> set[str]:
    from accord.api import api

    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} {path.removeprefix(API_PREFIX)}"
        for path, operations in schema["paths"].items()
        for method in operations
    }


def test_every_post_view_has_an_api_operation():
    missing = {
        name: address
        for name, address in post_views().items()
        if name not in API_EQUIVALENTS and name not in NO_API_EQUIVALENT
    }
    assert not missing, (
        "These pages accept POST but have no API operation in tests/test_api_parity.py: "
        + "; ".join(f"{name} ({address})" for name, address in sorted(missing.items()))
        + ". Add the operation to the app's api.py and a row to API_EQUIVALENTS, or a row "
        "to NO_API_EQUIVALENT with the reason."
    )


def test_a_post_view_without_a_row_is_named_in_the_failure(monkeypatch):
    without = {k: v for k, v in API_EQUIVALENTS.items() if k != "resources:pledge_list"}
    monkeypatch.setattr(f"{__name__}.API_EQUIVALENTS", without)
    with pytest.raises(AssertionError) as failure:
        test_every_post_view_has_an_api_operation()
    assert "resources:pledge_list (/p/<slug:slug>/resources/pledges/)" in str(failure.value)


def test_every_operation_named_exists_in_the_api():
    operations = api_operations()
    unknown = {
        f"{name}: {operation}"
        for name, wanted in API_EQUIVALENTS.items()
        for operation in wanted
        if operation not in operations
    }
    assert not unknown, f"Operations missing from the OpenAPI document: {sorted(unknown)}"


def test_the_tables_name_only_pages_that_accept_post():
    found = post_views()
    stale = sorted(
        name for name in API_EQUIVALENTS.keys() | NO_API_EQUIVALENT.keys() if name not in found
    )
    assert not stale, f"Rows for pages that are gone or no longer accept POST: {stale}"
    assert not API_EQUIVALENTS.keys() & NO_API_EQUIVALENT.keys()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("notifications:notification_read_all", True),  # require_POST
        ("balance:dashboard", True),  # require_http_methods(["GET", "HEAD", "POST"])
        ("resources:ledger_list", True),  # a form page, no decorator
        ("decisions:proposal_detail", True),  # its actions in a helper (_act)
        ("accounts:login", True),  # a class-based view
        ("resources:resource_summary", False),  # a page that only reads
        ("decisions:decision_log_export", False),  # a download
        ("notifications:notification_list", False),  # a search form, bound to GET
        ("partners:organization_list", False),  # the same
    ],
)
def test_the_detector_tells_post_views_from_read_only_ones(name, expected):
    views = {view_name: view for _, view_name, view in url_patterns()}
    assert accepts_post(views[name]) is expected
