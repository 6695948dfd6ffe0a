"""Creating waves and answering them: every refusal is a clear error that changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from accord.audit.models import Event
from accord.errors import Conflict, Forbidden, Invalid
from accord.surveys import services
from accord.surveys.models import Answer, Respondent, Submission, Wave
from tests.surveys.conftest import add_member, answer, factor_values, open_wave

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Wave.objects.count(),
        Respondent.objects.count(),
        Submission.objects.count(),
        Answer.objects.count(),
    )


# --- waves -------------------------------------------------------------------------------------


def test_coordinator_creates_a_wave_with_the_instrument_default_and_an_event(world):
    wave = open_wave(world)
    assert wave.anonymous is True and wave.threshold == 3 and wave.state == "open"
    network = open_wave(world, "partner-network")
    assert network.anonymous is False
    assert Event.objects.filter(verb="surveys.wave_created").count() == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"threshold": 1}, "threshold"),
        ({"threshold": 51}, "threshold"),
        ({"threshold": True}, "threshold"),
        ({"title": "  "}, "title"),
        ({"closes_at": timezone.now() - timedelta(days=2)}, "closes_at"),
    ],
)
def test_wave_create_refuses_bad_input_and_creates_nothing(world, overrides, field):
    with pytest.raises(Invalid) as caught:
        open_wave(world, **overrides)
    assert field in caught.value.field_errors
    assert Wave.objects.count() == 0


def test_wave_closing_when_it_opens_is_refused(world):
    moment = timezone.now()
    with pytest.raises(Invalid) as caught:
        open_wave(world, opens_at=moment, closes_at=moment)
    assert "closes_at" in caught.value.field_errors


def test_unknown_instrument_and_anonymous_network_are_refused(world):
    with pytest.raises(Invalid):
        open_wave(world, "psat")
    with pytest.raises(Invalid) as caught:
        open_wave(world, "partner-network", anonymous=True)
    assert "anonymous" in caught.value.field_errors
    assert Wave.objects.count() == 0


@pytest.mark.parametrize("role", ["representative", "staff", "observer", "community", "outsider"])
def test_only_coordinators_create_waves(world, role):
    now = timezone.now()
    with pytest.raises(Forbidden):
        services.wave_create(
            actor=world.users[role],
            partnership=world.partnership,
            instrument_code="expectations",
            title="X",
            opens_at=now,
            closes_at=now + timedelta(days=1),
        )
    assert Wave.objects.count() == 0


def test_threshold_in_range_is_kept_by_the_database_too(world):
    wave = open_wave(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Wave.objects.filter(pk=wave.pk).update(threshold=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Wave.objects.filter(pk=wave.pk).update(closes_at=wave.opens_at)


def test_update_changes_threshold_any_time_but_anonymity_only_before_answers(world, cf_wave):
    coordinator = world.users["coordinator"]
    services.wave_update(actor=coordinator, wave=cf_wave, threshold=5, title="Renamed")
    cf_wave.refresh_from_db()
    assert (cf_wave.threshold, cf_wave.title) == (5, "Renamed")
    answer(world, cf_wave, "coop", factor_values(3))
    with pytest.raises(Invalid) as caught:
        services.wave_update(actor=coordinator, wave=cf_wave, anonymous=False)
    assert "anonymous" in caught.value.field_errors
    with pytest.raises(Invalid):
        services.wave_update(actor=coordinator, wave=cf_wave, threshold=60)
    with pytest.raises(Invalid):
        services.wave_update(
            actor=coordinator, wave=cf_wave, closes_at=cf_wave.opens_at - timedelta(hours=1)
        )
    cf_wave.refresh_from_db()
    assert (cf_wave.anonymous, cf_wave.threshold) == (True, 5)


def test_close_now_closes_an_open_wave_once(world, cf_wave):
    services.wave_close(actor=world.users["coordinator"], wave=cf_wave)
    cf_wave.refresh_from_db()
    assert cf_wave.state == "closed"
    with pytest.raises(Conflict):
        services.wave_close(actor=world.users["coordinator"], wave=cf_wave)


# --- answers -----------------------------------------------------------------------------------


def test_a_representative_answers_once_and_the_anonymous_answers_carry_no_name(world, cf_wave):
    respondent = answer(world, cf_wave, "coop", factor_values(4, **{"cf-01-1": 2}))
    assert respondent.organization == world.orgs["coop"]
    assert respondent.answered_on == timezone.localdate()
    submission = Submission.objects.get()
    assert submission.organization_id is None and submission.sector == ""
    assert Answer.objects.filter(submission=submission).count() == 40
    assert Answer.objects.get(item="cf-01-1").number == 2
    before = _counts()
    with pytest.raises(Conflict):
        answer(world, cf_wave, "coop", factor_values(4))
    assert _counts() == before


@pytest.mark.parametrize("bad", [0, 6, 3.5, "five", True, None])
def test_an_answer_outside_the_scale_is_refused_beside_its_item(world, cf_wave, bad):
    with pytest.raises(Invalid) as caught:
        answer(world, cf_wave, "coop", factor_values(4, **{"cf-02-1": bad}))
    assert "cf-02-1" in caught.value.field_errors
    assert _counts()[1:] == (0, 0, 0)


def test_unknown_items_and_comments_where_none_is_taken_are_refused(world, cf_wave):
    with pytest.raises(Invalid) as caught:
        answer(
            world,
            cf_wave,
            "coop",
            factor_values(4, **{"cf-99": 3}),
            comments={"cf-01-1": "no comments here"},
        )
    assert {"cf-99", "cf-01-1-comment"} <= set(caught.value.field_errors)
    assert Respondent.objects.count() == 0


def test_answers_before_the_open_or_after_the_close_are_refused(world):
    now = timezone.now()
    later = open_wave(world, opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=3))
    with pytest.raises(Conflict, match="not open yet"):
        answer(world, later, "coop", factor_values(4))
    past = open_wave(world, opens_at=now - timedelta(days=5), closes_at=now - timedelta(days=1))
    with pytest.raises(Conflict, match="closed"):
        answer(world, past, "coop", factor_values(4))
    assert _counts()[1:] == (0, 0, 0)


@pytest.mark.parametrize("role", ["staff", "observer", "community", "outsider", "invitee"])
def test_only_member_representatives_answer(world, role):
    wave = open_wave(world, "gao-practices")  # answered per organization
    with pytest.raises(Forbidden):
        services.answer_submit(
            actor=world.users[role],
            wave=wave,
            organization=world.orgs["foundation"],
            values=factor_values(4),
        )
    assert Respondent.objects.count() == 0


def test_a_representative_answers_only_for_their_own_organization(world, cf_wave):
    with pytest.raises(Forbidden):
        services.answer_submit(
            actor=world.users["representative"],
            wave=cf_wave,
            organization=world.orgs["coop"],
            values=factor_values(4),
        )
    assert Respondent.objects.count() == 0


def test_the_database_keeps_one_answer_per_organization(world):
    cf_wave = open_wave(world, per_person=False)
    answer(world, cf_wave, "coop", factor_values(4))
    with pytest.raises(IntegrityError), transaction.atomic():
        Respondent.objects.create(
            wave=cf_wave, organization=world.orgs["coop"], answered_on=timezone.localdate()
        )


def _network_cell(level: str, score: int = 3) -> dict:
    cell = {"level": level}
    if level != "0":
        cell |= {
            d: score
            for d in ("power", "involvement", "resources", "reliability", "mission", "openness")
        }
    return cell


NETWORK_VALUES = {
    "net-contributions": ["funding"],
    "net-main": "funding",
    "net-years": 2,
    "net-success": 4,
}


def test_network_answers_rate_each_other_member_and_refuse_non_members(world):
    wave = open_wave(world, "partner-network")
    foundation, county, coop = (world.orgs[k] for k in ("foundation", "county", "coop"))
    school = world.orgs["school"]  # a member of the other partnership only
    with pytest.raises(Invalid) as caught:
        answer(
            world,
            wave,
            "foundation",
            NETWORK_VALUES,
            ratings={
                county.pk: _network_cell("2"),
                coop.pk: _network_cell("0"),
                school.pk: _network_cell("3"),
            },
        )
    assert f"m-{school.pk}-level" in caught.value.field_errors
    with pytest.raises(Invalid) as caught:
        answer(
            world,
            wave,
            "foundation",
            NETWORK_VALUES,
            ratings={county.pk: _network_cell("2"), foundation.pk: _network_cell("3")},
        )
    assert f"m-{foundation.pk}-level" in caught.value.field_errors  # oneself
    assert f"m-{coop.pk}-level" in caught.value.field_errors  # missing
    with pytest.raises(Invalid) as caught:
        answer(
            world,
            wave,
            "foundation",
            NETWORK_VALUES,
            ratings={county.pk: _network_cell("2", score=5), coop.pk: _network_cell("0")},
        )
    assert f"m-{county.pk}-trust" not in caught.value.field_errors
    assert f"m-{county.pk}-reliability" in caught.value.field_errors
    assert Respondent.objects.count() == 0
    answer(
        world,
        wave,
        "foundation",
        NETWORK_VALUES,
        ratings={county.pk: _network_cell("2"), coop.pk: _network_cell("0")},
    )
    submission = Submission.objects.get()
    assert submission.organization == foundation and submission.sector == "philanthropic"
    # the coop is not worked with: only its level is stored
    assert list(Answer.objects.filter(rated_organization=coop).values_list("item", flat=True)) == [
        "level"
    ]
    assert Answer.objects.filter(rated_organization=county).count() == 7


def test_a_gao_rating_keeps_its_comment(world):
    wave = open_wave(world, "gao-practices")
    values = {f"gao06-{i}": 3 for i in range(1, 9)} | {f"gao23-{i}": 4 for i in range(1, 9)}
    answer(world, wave, "coop", values, comments={"gao06-6": "  We report monthly. "})
    row = Answer.objects.get(item="gao06-6")
    assert (row.number, row.text) == (3, "We report monthly.")
    submission = row.submission
    assert submission.organization == world.orgs["coop"]


def test_a_required_item_left_blank_is_named(world, cf_wave):
    values = factor_values(4)
    del values["cf-20-2"]
    with pytest.raises(Invalid) as caught:
        answer(world, cf_wave, "coop", values)
    assert list(caught.value.field_errors) == ["cf-20-2"]


def test_a_new_member_answers_too(world, cf_wave):
    add_member(world, "school2", "academic")
    answer(world, cf_wave, "school2", factor_values(5))
    assert Respondent.objects.filter(organization=world.orgs["school2"]).exists()
