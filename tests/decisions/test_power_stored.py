"""Power analyses are computed by the task worker and served stored (issue 14 item 2, issue
15 item 1): reading computes and writes nothing; the services that change a rule or the
membership queue exactly the computations needed; the task stores them; the page and the
API say when they are not ready; every query is bounded."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accord.decisions import selectors, services
from accord.decisions.models import PowerComputation
from accord.decisions.tasks import power_analysis_compute
from accord.partners.models import Organization
from accord.partnerships import services as partnership_services
from tests.api.conftest import Api
from tests.conftest import ROLES
from tests.decisions.conftest import add_member, power_computed, rule
from tests.resources.conftest import funded  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

INSIDERS = {
    "coordinator",
    "representative",
    "small_representative",
    "staff",
    "community",
    "observer",
    "invitee",
    "admin",
}
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
ENGINE = (
    "banzhaf_index",
    "shapley_shubik_index",
    "composite_banzhaf_index",
    "composite_shapley_shubik_index",
    "dictators",
    "veto_players",
    "dummy_players",
)
REFRESH = '<meta http-equiv="refresh" content="3">'


def page(world, *rules, ids=None) -> str:
    path = reverse("decisions:power_analysis", args=[world.partnership.slug])
    ids = [r.pk for r in rules] if ids is None else ids
    return path + (f"?{urlencode([('rules', i) for i in ids])}" if ids else "")


def api_path(world, *rules, ids=None) -> str:
    ids = [r.pk for r in rules] if ids is None else ids
    query = f"?{urlencode([('rules', i) for i in ids])}" if ids else ""
    return f"/partnerships/{world.partnership.slug}/decision-rules/power{query}"


def login(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))
    return client


@pytest.fixture
def three(world):
    """``world`` with a general rule (simple majority), consensus, and a rule weighted 60/25/15
    under which the foundation alone can block; their analyses queued, not computed."""
    coordinator = world.users["coordinator"]
    majority = rule(world, "Majority", preset="simple_majority")
    consensus = services.rule_create(
        actor=coordinator, partnership=world.partnership, name="Consensus", preset="consensus"
    )
    weighted = services.rule_create(
        actor=coordinator,
        partnership=world.partnership,
        name="Funded",
        spec={"method": {"rule": "weighted_majority"}},
        weights_mode="custom",
        weights={
            world.orgs["foundation"].pk: 60,
            world.orgs["county"].pk: 25,
            world.orgs["coop"].pk: 15,
        },
    )
    world.rules = [majority, consensus, weighted]
    return world


def refuse_the_engine(monkeypatch) -> list:
    """Make every engine function the power analysis uses fail the test if called."""
    calls: list = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise AssertionError("the power engine ran in a request")

    for name in ENGINE:
        monkeypatch.setattr(f"accord.decisions.selectors.power.{name}", refuse)
    return calls


def writes_of(queries) -> list[str]:
    # An API token's own bookkeeping (created on first use, last use noted) is the one
    # write a read may make.
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(WRITES) and "accesstoken" not in q["sql"]
    ]


# --- reading computes nothing and writes nothing -------------------------------------------------


def test_reading_runs_no_engine_and_writes_nothing(client, three, monkeypatch):
    """Before and after the worker's part, every read of the page and the API: the engine
    is never called and nothing is written."""
    api = Api(client, three)
    api.get("observer", api_path(three))  # the token's first use is a write of its own
    login(client, three, "observer")
    calls = refuse_the_engine(monkeypatch)
    with CaptureQueriesContext(connection) as queries:
        pending = client.get(page(three, *three.rules))
        assert pending.status_code == 200 and REFRESH in pending.content.decode()
        assert "Being computed" in pending.content.decode()
        assert api.get("observer", api_path(three, *three.rules)).status_code == 202
    assert writes_of(queries) == [] and calls == []
    assert set(PowerComputation.objects.values_list("status", flat=True)) == {"queued"}

    monkeypatch.undo()  # the worker runs the engine
    power_computed()
    rows = PowerComputation.objects.filter(rule__in=three.rules)
    assert sorted(r.status for r in rows) == ["ready"] * 3
    calls = refuse_the_engine(monkeypatch)
    with CaptureQueriesContext(connection) as queries:
        for path in (page(three), page(three, *three.rules)):
            ready = client.get(path)
            assert ready.status_code == 200 and REFRESH not in ready.content.decode()
        answer = api.get("observer", api_path(three, *three.rules))
        assert answer.status_code == 200 and len(answer.json()) == 3
    assert writes_of(queries) == [] and calls == []
    assert "Under this rule Foundation alone decides every question." in ready.content.decode()


def test_the_stored_analysis_is_the_one_computed_now(three):
    power_computed()
    snapshots = [selectors.rule_snapshot(r) for r in three.rules]
    stored = selectors.power_outcomes(partnership=three.partnership, snapshots=snapshots)
    assert [o.status for o in stored] == ["ready"] * 3
    fresh = selectors.power_compare(partnership=three.partnership, snapshots=snapshots)
    assert [a for o in stored for a in o.analyses] == fresh


# --- what queues a computation -------------------------------------------------------------------


@pytest.fixture
def queue(settings):
    """Tasks go to Django's dummy backend, where the test can count them."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    from django.tasks import default_task_backend

    def queued() -> list[int]:
        names = [r.task.name for r in default_task_backend.results]
        assert set(names) <= {"power_analysis_compute"}
        ids = [r.args[0] for r in default_task_backend.results]
        default_task_backend.clear()
        return ids

    return queued


def test_each_change_queues_exactly_the_computations_it_needs(
    world, queue, django_capture_on_commit_callbacks
):
    coordinator = world.users["coordinator"]
    with django_capture_on_commit_callbacks(execute=True):
        created = services.rule_create(
            actor=coordinator, partnership=world.partnership, name="R", preset="consensus"
        )
    (task_id,) = queue()
    row = PowerComputation.objects.get(pk=task_id)
    assert (row.rule, row.status, row.partnership) == (created, "queued", world.partnership)
    assert row.key == selectors.power_key(row.inputs) and len(row.key) == 64

    with django_capture_on_commit_callbacks(execute=True):  # nothing to compute for a choice
        services.rule_create(
            actor=coordinator, partnership=world.partnership, name="Pick", preset="ranked_schulze"
        )
    assert queue() == []

    with django_capture_on_commit_callbacks(execute=True):  # a new member: new keys
        add_member(world, "Lake University", "academic")
    admitted = PowerComputation.objects.filter(pk__in=queue())
    # The rule's, and the default rule's (no general rule is assigned yet).
    assert {r.rule for r in admitted} == {created, None}
    assert all(len(r.inputs["organizations"]) == 4 for r in admitted)

    membership = world.partnership.memberships.get(organization__name="Lake University")
    with django_capture_on_commit_callbacks(execute=True):  # back to stored keys
        partnership_services.membership_withdraw(
            actor=world.users["rep:lakeuniversity"], membership=membership
        )
    assert queue() == []

    with django_capture_on_commit_callbacks(execute=True):  # its analysis is on its way
        services.rule_assign(
            actor=coordinator, partnership=world.partnership, kind="general", rule=created
        )
    assert queue() == []
    assert PowerComputation.objects.filter(rule=created).count() == 2


def test_without_a_general_rule_the_default_rule_is_queued_on_admission(
    world, queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_member(world, "Lake University", "academic")
    (task_id,) = queue()
    row = PowerComputation.objects.get(pk=task_id)
    assert row.rule is None and row.inputs["rule"]["id"] is None


def test_a_failing_queue_never_undoes_the_change(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    class Down:
        def enqueue(self, *args):
            raise ConnectionError("the queue is down")

    monkeypatch.setattr("accord.decisions.services.power.power_analysis_compute", Down())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        created = services.rule_create(
            actor=world.users["coordinator"],
            partnership=world.partnership,
            name="R",
            preset="consensus",
        )
    assert len(callbacks) == 1  # it was called, and failed, after the commit
    assert PowerComputation.objects.get(rule=created).status == "queued"


# --- the worker ----------------------------------------------------------------------------------


def test_the_task_computes_stores_and_is_harmless_twice(world):
    created = rule(world, "Consensus", preset="consensus")
    row = PowerComputation.objects.get(rule=created)
    assert power_analysis_compute.call(row.pk) == "ready"
    row.refresh_from_db()
    assert row.status == "ready" and row.started_at and row.finished_at >= row.started_at
    (analysis,) = row.result["analyses"]
    assert analysis["method"] == "exact" and len(analysis["voters"]) == 3
    assert all(v["veto"] for v in analysis["voters"])
    assert {w["code"] for w in analysis["warnings"]} == {"everyone_veto"}
    finished = row.finished_at
    assert power_analysis_compute.call(row.pk) == "ready"  # again: nothing changes
    row.refresh_from_db()
    assert row.finished_at == finished
    assert power_analysis_compute.call(10**9) == "gone"


def test_a_failed_computation_says_why_and_is_queued_again_from_the_page(
    client, world, monkeypatch
):
    created = rule(world, "Consensus", preset="consensus")

    def broken(inputs):
        raise ValueError("the engine gave up")

    monkeypatch.setattr(selectors, "power_compute", broken)
    assert power_computed() == 0
    row = PowerComputation.objects.get(rule=created)
    assert (row.status, row.reason) == ("failed", "the engine gave up")
    c = login(client, world, "observer")
    html = c.get(page(world)).content.decode()
    assert "The computation failed: the engine gave up" in html and "Compute now" in html
    assert REFRESH not in html
    monkeypatch.undo()
    response = c.post(page(world, created), {"rules": [created.pk]})
    assert response.status_code == 302 and response["Location"] == page(world, created)
    row.refresh_from_db()
    assert (row.status, row.reason) == ("queued", "")
    assert REFRESH in c.get(page(world, created)).content.decode()
    assert power_computed() == 1
    assert "every member alone can block" in c.get(page(world, created)).content.decode()


def test_a_computation_lost_on_the_way_can_be_queued_again(
    client, world, settings, django_capture_on_commit_callbacks
):
    created = rule(world, "Consensus", preset="consensus")
    old = timezone.now() - selectors.POWER_STALE_AFTER - timedelta(minutes=1)
    PowerComputation.objects.filter(rule=created).update(queued_at=old)
    c = login(client, world, "community")
    html = c.get(page(world)).content.decode()
    assert "still not computed" in html and "Compute now" in html and REFRESH not in html
    with django_capture_on_commit_callbacks() as queued:
        assert c.post(page(world), {}).status_code == 302
    assert len(queued) == 1
    assert PowerComputation.objects.get(rule=created).queued_at > old


# --- the page --------------------------------------------------------------------------------------


def test_the_page_compares_rules_in_one_table_and_one_chart(client, three):
    power_computed()
    html = login(client, three, "representative").get(page(three, *three.rules)).content.decode()
    assert html.count("<table") == 1 and html.count("<svg") == 1
    assert html.count('scope="colgroup"') == 3  # one column group per rule
    assert 'class="table-scroll"' in html
    assert "Banzhaf power</strong>: how often" in html
    assert "Shapley–Shubik power</strong>: how often" in html
    assert "33.3%" in html and "0.333" not in html  # percentages, not fractions
    assert "can block alone" in html and "decides alone" in html
    assert "Power against seats and contributions, per member" in html
    assert "A decision needs more than 1/2 of the weight." in html


def test_a_change_no_service_hears_of_offers_to_compute(client, world):
    """A sector changed in the directory: the key changes, nothing is on its way, and any
    reader may queue it."""
    created = rule(world, "Majority", preset="concurrent_majority_by_sector")
    power_computed()
    Organization.objects.filter(pk=world.orgs["coop"].pk).update(sector="private")
    c = login(client, world, "observer")
    html = c.get(page(world)).content.decode()
    assert "Not computed yet for the current members." in html and "Compute now" in html
    assert c.post(page(world)).status_code == 302
    assert PowerComputation.objects.filter(rule=created).count() == 2
    assert power_computed() == 1
    assert "Not computed yet" not in c.get(page(world)).content.decode()


def test_a_delivery_under_delivered_weights_is_computed_on_request(client, funded):  # noqa: F811
    from accord.resources import services as resource_services

    created = rule(
        funded,
        "Delivered",
        spec={"method": {"rule": "weighted_majority"}},
        weights_mode="delivered",
    )
    power_computed()
    resource_services.ledger_entry_post(
        actor=funded.users["coordinator"],
        partnership=funded.partnership,
        type="3",
        value="2100000",
        currency_code="KES",
        value_date=date(2025, 6, 1),
        provider=funded.orgs["county"],
        receiver=funded.orgs["coop"],
    )
    c = login(client, funded, "coordinator")
    assert "Compute now" in c.get(page(funded, created)).content.decode()
    c.post(page(funded, created), {"rules": [created.pk]})
    power_computed()
    html = c.get(page(funded, created)).content.decode()
    assert "Under this rule County alone decides every question." in html


# --- the API ---------------------------------------------------------------------------------------


def test_the_api_answers_202_until_the_worker_is_done_then_200(client, world):
    created = rule(world, "Consensus", preset="consensus")
    api = Api(client, world)
    pending = api.get("staff", api_path(world, created))
    assert pending.status_code == 202 and pending["Retry-After"] == "3"
    body = pending.json()
    assert body["retry_after"] == 3 and "being computed" in body["detail"]
    assert [(r["rule_id"], r["name"], r["status"]) for r in body["rules"]] == [
        (created.pk, "Consensus", "queued")
    ]
    power_computed()
    ready = api.get("staff", api_path(world, created))
    assert ready.status_code == 200
    (analysis,) = ready.json()
    assert analysis["name"] == "Consensus" and all(m["is_veto"] for m in analysis["members"])

    Organization.objects.filter(pk=world.orgs["coop"].pk).update(sector="private")
    missing = api.get("staff", api_path(world, created)).json()
    assert missing["rules"][0]["status"] == "not_computed" and "POST" in missing["detail"]
    asked = api.post("observer", api_path(world), {"rules": [created.pk]})
    assert asked.status_code == 202 and asked.json()["rules"][0]["status"] == "queued"
    power_computed()
    assert api.get("staff", api_path(world, created)).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_asking_for_a_computation_for_every_role(client, world, role):
    rule(world, "Consensus", preset="consensus")
    PowerComputation.objects.all().delete()
    api = Api(client, world)
    answer = api.post(role, api_path(world), {})
    expected = 202 if role in INSIDERS else 401 if role == "anonymous" else 404
    assert answer.status_code == expected
    assert PowerComputation.objects.exists() == (role in INSIDERS)
    PowerComputation.objects.all().delete()
    response = login(client, world, role).post(page(world))
    assert response.status_code == (302 if role in INSIDERS else 404)
    assert PowerComputation.objects.exists() == (role in INSIDERS)


@pytest.mark.parametrize("role", ROLES)
def test_reading_a_pending_analysis_for_every_role(client, world, role):
    rule(world, "Consensus", preset="consensus")
    response = login(client, world, role).get(page(world))
    assert response.status_code == (200 if role in INSIDERS else 404)
    assert (REFRESH in response.content.decode()) == (role in INSIDERS)
    answer = Api(client, world).get(role, api_path(world))
    assert answer.status_code == (202 if role in INSIDERS else 404)


# --- bounded requests ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        (lambda w: [w.rules[0].pk, w.rules[0].pk], "chosen twice"),
        (lambda w: [w.rules[0].pk] * 100, "chosen twice"),
        (lambda w: [r.pk for r in w.rules] + [w.foreign.pk], "at most 3 rules"),
        (lambda w: [2**63], "is not a rule"),
        (lambda w: [-1], "is not a rule"),
        (lambda w: ["²"], "is not a rule"),
        (lambda w: ["9" * 5000], "is not a rule"),
    ],
)
def test_duplicate_too_many_or_impossible_rules_are_refused(client, three, ids, message):
    three.foreign = services.rule_create(
        actor=three.users["outsider"],
        partnership=three.other_partnership,
        name="Elsewhere",
        preset="consensus",
    )
    chosen = ids(three)
    response = login(client, three, "observer").get(page(three, ids=chosen))
    assert response.status_code == 400 and message in response.content.decode()
    assert 'role="status"' not in response.content.decode()  # no analysis, no refresh
    # Not even a number: the API's own validation refuses it first (422).
    status = 422 if any(isinstance(i, str) for i in chosen) else 400
    answer = Api(client, three).get("observer", api_path(three, ids=chosen))
    assert answer.status_code == status
    if status == 400:
        assert message in answer.json()["detail"]
    asked = Api(client, three).post("observer", api_path(three), {"rules": chosen})
    assert asked.status_code == status
    assert login(client, three, "observer").post(page(three), {"rules": chosen}).status_code == 400


def test_another_partnerships_rule_is_not_found(client, three):
    other = services.rule_create(
        actor=three.users["outsider"],
        partnership=three.other_partnership,
        name="Elsewhere",
        preset="consensus",
    )
    assert Api(client, three).get("observer", api_path(three, other)).status_code == 404
    response = login(client, three, "observer").get(page(three, other))
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    assert Api(client, three).get("observer", api_path(three, ids=["x"])).status_code == 422


@pytest.mark.parametrize("n", [3, 30])
def test_bounded_queries(client, world, django_assert_max_num_queries, n):
    """The same query limit with 3 and with 30 members, under every kind of rule."""
    for i in range(n - 3):
        add_member(world, f"Member {i}", ["public", "community", "private"][i % 3])
    rules = [
        rule(world, "Majority", preset="simple_majority"),
        rule(world, "Sectors", preset="concurrent_majority_by_sector"),
        rule(world, "Chambers", preset="simple_majority", voters="chambers"),
        rule(world, "Ranked", preset="ranked_schulze"),
    ]
    power_computed()
    c = login(client, world, "representative")
    api = Api(client, world)
    api.get("representative", api_path(world))
    with django_assert_max_num_queries(24):
        assert c.get(page(world, *rules)).status_code == 200
    with django_assert_max_num_queries(10):
        assert api.get("representative", api_path(world, *rules)).status_code == 200


# --- the computation -------------------------------------------------------------------------------


def test_weights_with_a_common_factor_give_the_same_game(world):
    """Amounts in shillings are divided by their common factor before the engine sees them
    (the demo's delivered-weights rule took 16 s before): the indices do not change."""
    orgs = [world.orgs[k] for k in ("county", "foundation", "coop")]

    def banzhaf(weights):
        created = services.rule_create(
            actor=world.users["coordinator"],
            partnership=world.partnership,
            name=f"W {weights}",
            spec={"method": {"rule": "weighted_majority"}},
            weights_mode="custom",
            weights=dict(zip([o.pk for o in orgs], weights, strict=True)),
        )
        analysis = selectors.power_analysis(
            partnership=world.partnership, snapshot=created.snapshot()
        )
        return {m.organization.pk: round(m.banzhaf, 12) for m in analysis.members}

    assert banzhaf([1_600_000, 6_375_000, 2_810_000]) == banzhaf([320, 1275, 562])
    assert banzhaf([40, 35, 25]) == banzhaf([8, 7, 5])
