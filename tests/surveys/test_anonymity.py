"""Anonymous answers cannot be joined back to who gave them through the database.

What the database holds about an anonymous wave: the ``Respondent`` table (organization,
person, day) and, apart, ``Submission``/``Answer`` rows with random UUID keys, no
timestamp, no organization, person or sector. These tests look at the tables themselves,
as someone with a database console would.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accord.surveys.models import Answer, Respondent, Submission
from tests.surveys.conftest import add_member, answer, factor_values, open_wave

pytestmark = pytest.mark.django_db


def _columns(model):
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, model._meta.db_table)
    return {column.name for column in description}


def test_the_answer_tables_have_no_column_that_names_or_times_a_respondent():
    # per_person is the wave's way of answering (the same on every row of a wave)
    assert _columns(Submission) == {"id", "wave_id", "organization_id", "sector", "per_person"}
    assert _columns(Answer) == {
        "id",
        "submission_id",
        "item",
        "rated_organization_id",
        "number",
        "text",
        "choices",
    }
    for model in (Submission, Answer):
        for field in model._meta.get_fields():
            assert not getattr(field, "auto_now", False) and not getattr(
                field, "auto_now_add", False
            )
            assert field.get_internal_type() not in (
                "DateTimeField",
                "DateField",
                "AutoField",
                "BigAutoField",
            )


def test_anonymous_answers_cannot_be_joined_back_to_respondents(world):
    for key in ("d1", "d2", "d3", "d4", "d5"):
        add_member(world, key, "community")
    wave = open_wave(world)
    order = ["county", "foundation", "coop", "d1", "d2", "d3", "d4", "d5"]
    # each organization's answers carry its position in the answering order, as a marker
    for position, key in enumerate(order):
        answer(
            world,
            wave,
            key,
            factor_values(3, **{"cf-01-1": 1 + position % 5, "cf-01-2": 1 + position // 5}),
        )

    submissions = list(Submission.objects.filter(wave=wave))
    assert len(submissions) == len(order) == Respondent.objects.filter(wave=wave).count()
    # nothing on a submission names its organization or sector
    assert all(s.organization_id is None and s.sector == "" for s in submissions)
    # the answers keep only the submission's random key: no user, no organization, no time
    rows = Answer.objects.filter(submission__wave=wave, rated_organization__isnull=True)
    assert rows.count() == 40 * len(order)
    # keys are random (UUID version 4), so sorting by key does not give the answering order
    assert all(s.id.version == 4 for s in submissions)
    markers_by_key = [
        (m1, m2)
        for m1, m2 in (
            (
                Answer.objects.get(submission=s, item="cf-01-1").number,
                Answer.objects.get(submission=s, item="cf-01-2").number,
            )
            for s in sorted(submissions, key=lambda s: s.id)
        )
    ]
    answering_order = [(1 + p % 5, 1 + p // 5) for p in range(len(order))]
    assert sorted(markers_by_key) == sorted(answering_order)
    # 8! orders: the chance that random keys happen to sort in answering order is 1/40320
    assert markers_by_key != answering_order
    # the respondents' table holds the day only, the same for everyone who answered that day
    assert {r.answered_on for r in Respondent.objects.filter(wave=wave)} == {timezone.localdate()}


def test_a_join_through_sql_finds_nothing_to_join_on(world):
    wave = open_wave(world)
    answer(world, wave, "county", factor_values(5))
    answer(world, wave, "coop", factor_values(1))
    respondent_table = Respondent._meta.db_table
    submission_table = Submission._meta.db_table
    shared = (_columns(Respondent) & _columns(Submission)) - {"id"}
    # the tables share the wave, and the organization column that stays empty when anonymous
    assert shared == {"wave_id", "organization_id"}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {respondent_table} r JOIN {submission_table} s "  # noqa: S608
            "ON s.organization_id = r.organization_id WHERE r.wave_id = %s",
            [wave.pk],
        )
        assert cursor.fetchone()[0] == 0


def test_named_waves_do_say_who_answered_what(world):
    wave = open_wave(world, "gao-practices")
    answer(
        world,
        wave,
        "coop",
        {f"gao06-{i}": 3 for i in range(1, 9)} | {f"gao23-{i}": 3 for i in range(1, 9)},
    )
    submission = Submission.objects.get(wave=wave)
    assert submission.organization == world.orgs["coop"] and submission.sector == "community"


def test_a_late_answer_keeps_only_its_day(world):
    now = timezone.now()
    wave = open_wave(world, opens_at=now - timedelta(days=10))
    answer(world, wave, "coop", factor_values(2))
    respondent = Respondent.objects.get(wave=wave)
    assert not hasattr(respondent, "answered_at")
    assert respondent.answered_on == timezone.localdate(now)
