"""Issue 15, item 5: each partnership's append-only records are chained by hash, and
``accord verify`` names the first record that no longer matches (also with the triggers
dropped and a row rewritten by raw SQL)."""

from __future__ import annotations

import io
import itertools

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from accord.audit import chain
from accord.audit.chain_backfill import chain_backfill
from accord.audit.models import ChainLink, Event
from accord.audit.selectors import chain_head
from accord.audit.verification import chain_verify
from accord.decisions import services
from accord.decisions.models import Ballot, Decision, Participation
from accord.resources.models import LedgerEntry
from tests.hardening.test_append_only import decided

__all__ = ["decided"]

pytestmark = pytest.mark.django_db


def _verify(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("verify", *args, stdout=out, stderr=io.StringIO())
    except SystemExit as exit_:
        return int(exit_.code), out.getvalue()
    return 0, out.getvalue()


def test_every_record_has_one_link_in_a_gapless_chain(decided):
    p = decided.partnership
    links = list(ChainLink.objects.filter(partnership=p).order_by("seq"))
    assert [link.seq for link in links] == list(range(1, len(links) + 1))
    linked = {(link.record_type, link.record_id) for link in links}
    expected = {
        ("audit.event", str(pk))
        for pk in Event.objects.filter(partnership=p).values_list("pk", flat=True)
    }
    expected |= {
        ("resources.ledgerentry", str(pk))
        for pk in LedgerEntry.objects.filter(partnership=p).values_list("pk", flat=True)
    }
    expected |= {
        ("decisions.ballot", str(pk)) for pk in Ballot.objects.values_list("pk", flat=True)
    }
    expected |= {
        ("decisions.participation", str(pk))
        for pk in Participation.objects.values_list("pk", flat=True)
    }
    expected |= {("decisions.decision", str(decided.decision.pk))}
    assert expected <= linked
    assert len(links) == len(linked)
    # each link follows the previous one, from the genesis
    assert links[0].previous_hash == chain.GENESIS
    assert all(b.previous_hash == a.link_hash for a, b in itertools.pairwise(links))
    assert chain_head(partnership_id=p.pk).link_hash == links[-1].link_hash
    report = chain_verify(p.pk)
    assert report.ok and report.links == len(links) and report.head == links[-1].link_hash


def test_secret_ballots_are_linked_with_the_decision_in_random_id_order(decided):
    links = list(ChainLink.objects.filter(partnership=decided.partnership).order_by("seq"))
    types = [link.record_type for link in links]
    decision_at = types.index("decisions.decision")
    ballots = links[decision_at - 9 : decision_at]
    assert [link.record_type for link in ballots] == ["decisions.ballot"] * 9
    assert [int(link.record_id) for link in ballots] == sorted(int(b.record_id) for b in ballots)
    # no ballot link sits beside a participation's
    for i, link in enumerate(links):
        if link.record_type == "decisions.participation":
            assert types[i + 1] != "decisions.ballot"


def test_a_secret_ballot_is_not_linked_while_voting(nine):
    from tests.decisions.conftest import proposal_in_voting, rule

    rule(nine, "Secret majority", preset="simple_majority", secrecy="secret")
    proposal = proposal_in_voting(nine)
    organization, representative = next(iter(nine.voters.items()))
    services.ballot_cast(
        actor=representative, proposal=proposal, organization=organization, choice="yes"
    )
    ballot = Ballot.objects.get(proposal=proposal)
    assert not ChainLink.objects.filter(
        record_type="decisions.ballot", record_id=str(ballot.pk)
    ).exists()
    assert ChainLink.objects.filter(record_type="decisions.participation").count() == 1


def _drop_guards_and_run(table: str, sql: str, params: list) -> None:
    """What an attacker with the tables' owner role can do: drop the triggers, rewrite."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # the test's transaction holds deferred foreign-key checks: run them first
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table]
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER "{name}"')
        cursor.execute(sql, params)


def test_verify_names_a_decision_rewritten_by_raw_sql(decided):
    code, out = _verify(decided.partnership.slug)
    assert code == 0 and "links, head" in out
    decision = decided.decision
    link = ChainLink.objects.get(record_type="decisions.decision", record_id=str(decision.pk))
    flipped = "rejected" if decision.outcome == "adopted" else "adopted"
    _drop_guards_and_run(
        "decisions_decision",
        "UPDATE decisions_decision SET outcome = %s WHERE id = %s",
        [flipped, decision.pk],
    )
    assert Decision.objects.get(pk=decision.pk).outcome == flipped
    code, out = _verify(decided.partnership.slug)
    assert code == 1
    assert (
        f"BROKEN at link {link.seq} (decisions.decision {decision.pk}): the record was changed"
        in out
    )
    # the other partnership's chain is untouched
    code, out = _verify(decided.other_partnership.slug)
    assert code == 0


def test_verify_names_a_deleted_ledger_entry_and_a_rewritten_link(decided):
    entry_link = (
        ChainLink.objects.filter(
            partnership=decided.partnership, record_type="resources.ledgerentry"
        )
        .order_by("seq")
        .first()
    )
    _drop_guards_and_run(
        "resources_ledgerentry",
        "DELETE FROM resources_ledgerentry WHERE id = %s",
        [int(entry_link.record_id)],
    )
    report = chain_verify(decided.partnership.pk)
    assert (report.broken_seq, report.reason) == (entry_link.seq, "the record is gone")
    assert report.links == entry_link.seq - 1


def test_verify_names_a_link_recomputed_to_hide_a_change(decided):
    """Rewriting a record and its own link's hashes still breaks the next link."""
    event_link = (
        ChainLink.objects.filter(partnership=decided.partnership, record_type="audit.event")
        .order_by("seq")
        .first()
    )
    event = Event.objects.get(pk=int(event_link.record_id))
    _drop_guards_and_run(
        "audit_event", "UPDATE audit_event SET summary = 'nothing' WHERE id = %s", [event.pk]
    )
    values = Event.objects.filter(pk=event.pk).values(*chain.stored_fields(Event)).get()
    content = chain.content_hash(values)
    forged = chain.link_hash(
        event_link.previous_hash, content, "audit.event", event_link.record_id, event_link.seq
    )
    _drop_guards_and_run(
        "audit_chainlink",
        "UPDATE audit_chainlink SET content_hash = %s, link_hash = %s WHERE id = %s",
        [content, forged, event_link.pk],
    )
    report = chain_verify(decided.partnership.pk)
    assert report.broken_seq == event_link.seq + 1
    assert report.reason == "it does not follow the previous link"


def test_verify_of_an_unknown_slug_is_an_error(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no partnership"):
        call_command("verify", "no-such-partnership", stdout=io.StringIO())


def test_backfill_links_records_written_without_a_signal_in_creation_order(world):
    from datetime import timedelta

    from django.utils import timezone

    p = world.partnership
    before = ChainLink.objects.filter(partnership=p).count()
    now = timezone.now() + timedelta(days=1)
    written = Event.objects.bulk_create(
        [
            Event(
                partnership=p,
                verb="x.y",
                object_type="x",
                summary=f"late {i}",
                created_at=now - timedelta(minutes=i),
            )
            for i in range(3)
        ]
    )
    assert ChainLink.objects.filter(partnership=p).count() == before  # bulk_create: no signal
    assert chain_backfill(apps) == 3
    tail = list(ChainLink.objects.filter(partnership=p).order_by("seq"))[before:]
    # written in reverse time order, linked oldest first
    assert [link.record_id for link in tail] == [str(e.pk) for e in reversed(written)]
    assert chain_verify(p.pk).ok
    assert chain_backfill(apps) == 0


def test_the_head_is_on_the_overview_and_atop_the_iati_file(decided, client):
    from django.urls import reverse

    head = chain_head(partnership_id=decided.partnership.pk)
    client.force_login(decided.users["observer"])
    page = client.get(reverse("web:partnership_home", args=[decided.partnership.slug]))
    assert page.status_code == 200
    assert head.link_hash in page.content.decode()
    out = io.StringIO()
    call_command("export_iati", decided.partnership.slug, stdout=out)
    text = out.getvalue()
    assert text.startswith("<?xml")
    assert f"<!-- Accord record chain: {head.seq} records, head {head.link_hash} -->" in text
    # the other partnership's page shows its own head, not this one's
    client.force_login(decided.users["outsider"])
    other = client.get(reverse("web:partnership_home", args=[decided.other_partnership.slug]))
    assert head.link_hash not in other.content.decode()
    assert (
        chain_head(partnership_id=decided.other_partnership.pk).link_hash in other.content.decode()
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
def test_concurrent_appends_keep_the_chain_gapless():
    import threading

    from tests.conftest import build_world

    w = build_world()
    before = ChainLink.objects.filter(partnership=w.partnership).count()
    barrier = threading.Barrier(6)
    errors: list[Exception] = []

    def append(i: int) -> None:
        try:
            barrier.wait()
            for j in range(5):
                Event.objects.create(
                    partnership=w.partnership, verb="x.y", object_type="x", summary=f"{i}.{j}"
                )
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=append, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    seqs = list(
        ChainLink.objects.filter(partnership=w.partnership)
        .order_by("seq")
        .values_list("seq", flat=True)
    )
    assert seqs == list(range(1, before + 31))
    assert chain_verify(w.partnership.pk).ok
