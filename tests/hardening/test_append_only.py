"""Issue 15, item 5: the database itself refuses UPDATE and DELETE of append-only rows,
on SQLite and PostgreSQL (accord.core.append_only), and ``flush`` still empties it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from accord.audit.models import ChainLink, Event
from accord.decisions import services
from accord.decisions.models import Decision
from accord.partnerships import services as partnership_services
from tests.decisions.conftest import proposal_in_voting, rule

APPEND_ONLY_TABLES = [
    "audit_event",
    "audit_chainlink",
    "resources_ledgerentry",
    "partnerships_chartersignature",
    "decisions_ballot",
    "decisions_participation",
    "decisions_decision",
    "results_benefit",
    "surveys_respondent",
    "surveys_submission",
    "surveys_answer",
]


def _triggers(table: str) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [table],
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table]
            )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
@pytest.mark.parametrize("table", APPEND_ONLY_TABLES)
def test_every_append_only_table_has_its_triggers(table):
    names = _triggers(table)
    if table == "results_benefit":  # results' own migration guards benefits
        assert names
    elif connection.vendor == "postgresql":
        assert f"{table}_append_only" in names
    else:
        assert {f"{table}_append_only_update", f"{table}_append_only_delete"} <= names


@pytest.fixture
def decided(nine: Any, funded: Any) -> Any:
    """Nine members vote by secret ballot; the proposal is decided; a charter is signed."""
    coordinator = nine.users["coordinator"]
    draft = partnership_services.charter_draft_save(
        actor=coordinator, partnership=nine.partnership, common_outcome="A living lake."
    )
    version = partnership_services.charter_publish(actor=coordinator, version=draft)
    partnership_services.charter_sign(actor=nine.users["representative"], version=version)
    rule(nine, "Secret majority", preset="simple_majority", secrecy="secret")
    nine.proposal = proposal_in_voting(nine)
    for i, (organization, representative) in enumerate(nine.voters.items()):
        services.ballot_cast(
            actor=representative,
            proposal=nine.proposal,
            organization=organization,
            choice="yes" if i % 3 else "no",
        )
    nine.decision = services.proposal_close(actor=nine.users["coordinator"], proposal=nine.proposal)
    return nine


def _one_id(table: str) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT id FROM "{table}" ORDER BY id LIMIT 1')  # noqa: S608
        row = cursor.fetchone()
    assert row is not None, f"the fixture wrote no row in {table}"
    return row[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("table", "change"),
    [
        ("audit_event", "summary = 'rewritten'"),
        ("audit_chainlink", "content_hash = 'x'"),
        ("resources_ledgerentry", "note = 'rewritten'"),
        ("partnerships_chartersignature", "signed_at = signed_at"),
        ("decisions_ballot", "choice = 'yes'"),
        ("decisions_participation", "voted_at = voted_at"),
        ("decisions_decision", "outcome = 'adopted'"),
    ],
)
def test_raw_sql_can_neither_update_nor_delete(decided, table, change):
    row_id = _one_id(table)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'UPDATE "{table}" SET {change} WHERE id = %s', [row_id])  # noqa: S608
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{table}" WHERE id = %s', [row_id])  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{table}" WHERE id = %s', [row_id])  # noqa: S608
        assert cursor.fetchone()[0] == 1


@pytest.mark.django_db
def test_a_decision_rationale_is_written_once_and_nothing_else_changes(decided):
    decision = decided.decision
    assert decision.rationale == ""
    services.decision_rationale_add(
        actor=decided.users["coordinator"], decision=decision, rationale="The lake first."
    )
    assert Decision.objects.get(pk=decision.pk).rationale == "The lake first."
    for change in ["rationale = 'Another'", "outcome = 'rejected'"]:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"UPDATE decisions_decision SET {change} WHERE id = %s", [decision.pk])  # noqa: S608
    assert Decision.objects.get(pk=decision.pk).rationale == "The lake first."


@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_the_append_only_tables(decided):
    assert Event.objects.exists() and ChainLink.objects.exists()
    call_command("flush", interactive=False, verbosity=0)
    assert not Event.objects.exists()
    assert not ChainLink.objects.exists()
    assert not Decision.objects.exists()
