"""Waves answered per person (docs/surveys.md, "Who answers"): the collaboration factors
and the expectations are answered by every person of a member organization, once each;
the network survey stays one answer per organization. The threshold counts persons."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accord.errors import Conflict, Forbidden, Invalid
from accord.partners import services as partner_services
from accord.surveys import services
from accord.surveys.models import Answer, Respondent, Submission, Wave
from accord.surveys.selectors import results as result_selectors
from accord.surveys.selectors import scores as score_selectors
from accord.surveys.selectors import waves as wave_selectors
from tests.api.conftest import Api
from tests.conftest import ROLES
from tests.surveys.conftest import expectation_values, factor_values, gao_values, open_wave

pytestmark = pytest.mark.django_db

#: Who may answer a wave answered per person in ``world``: the three representatives
#: (County, Foundation, Coop) and the Foundation's staff member.
PERSONS = {"coordinator", "representative", "small_representative", "staff"}
INSIDERS = {"admin", "community", "observer", "invitee"}


def _submit(world, role, wave, org_key, values):
    return services.answer_submit(
        actor=world.user(role), wave=wave, organization=world.orgs[org_key], values=values
    )


def _counts():
    return Respondent.objects.count(), Submission.objects.count(), Answer.objects.count()


def _second_foundation_staff(world):
    affiliation = partner_services.affiliation_add(
        actor=world.users["representative"],
        organization=world.orgs["foundation"],
        email="second@foundation.test",
        name="Sol Second",
    )
    return affiliation.user


def test_the_instruments_say_who_answers_and_waves_follow(world):
    assert open_wave(world).per_person is True
    assert open_wave(world, "expectations").per_person is True
    assert open_wave(world, "partner-network").per_person is False
    assert open_wave(world, "gao-practices").per_person is False
    assert open_wave(world, "gao-practices", per_person=True).per_person is True
    assert open_wave(world, per_person=False).per_person is False


def test_the_network_survey_cannot_be_answered_per_person(world):
    with pytest.raises(Invalid) as error:
        open_wave(world, "partner-network", per_person=True)
    assert "per_person" in error.value.field_errors


def test_two_staff_of_one_organization_both_answer(world):
    wave = open_wave(world)
    second = _second_foundation_staff(world)
    _submit(world, "representative", wave, "foundation", factor_values(4))
    _submit(world, "staff", wave, "foundation", factor_values(2))
    services.answer_submit(
        actor=second, wave=wave, organization=world.orgs["foundation"], values=factor_values(3)
    )
    rows = Respondent.objects.filter(wave=wave, organization=world.orgs["foundation"])
    assert rows.count() == 3
    assert set(rows.values_list("person__email", flat=True)) == {
        "rep@foundation.test",
        "staff@foundation.test",
        "second@foundation.test",
    }
    # anonymous: three submissions with no organization, sector or person
    assert Submission.objects.filter(wave=wave).count() == 3
    assert not Submission.objects.filter(wave=wave, organization__isnull=False).exists()
    scores = score_selectors.item_scores(world.partnership.pk, "collaboration-factors")
    assert scores.respondents == 3 and not scores.suppressed
    assert scores.items["cf-01-1"].mean == pytest.approx(3.0)


def test_a_second_answer_by_the_same_person_is_refused_and_changes_nothing(world):
    wave = open_wave(world)
    _submit(world, "staff", wave, "foundation", factor_values(4))
    before = _counts()
    with pytest.raises(Conflict, match="already answered"):
        _submit(world, "staff", wave, "foundation", factor_values(2))
    assert _counts() == before
    # the database refuses it too, whatever the organization
    with pytest.raises(IntegrityError), transaction.atomic():
        Respondent.objects.create(
            wave=wave,
            organization=world.orgs["foundation"],
            user=world.user("staff"),
            person=world.user("staff"),
            answered_on=timezone.localdate(),
        )
    assert _counts() == before


def test_a_second_answer_through_the_api_is_a_409_and_changes_nothing(client, world):
    wave = open_wave(world)
    api = Api(client, world)
    path = f"/partnerships/{world.partnership.slug}/survey-waves/{wave.pk}/answers"
    assert api.post("staff", path, {"values": factor_values(4)}).status_code == 201
    before = _counts()
    again = api.post("staff", path, {"values": factor_values(1)})
    assert again.status_code == 409 and "already answered" in again.json()["detail"]
    assert _counts() == before
    # the Foundation's representative still answers, as a person of her own
    assert api.post("representative", path, {"values": factor_values(4)}).status_code == 201


def test_the_threshold_counts_persons(world):
    wave = open_wave(world, "expectations")  # named, per person, threshold 3
    _submit(world, "representative", wave, "foundation", expectation_values(2))
    _submit(world, "staff", wave, "foundation", expectation_values(4))
    scores = score_selectors.item_scores(world.partnership.pk, "expectations")
    # two persons of one organization: below the threshold, nothing shown
    assert scores.respondents == 2 and scores.suppressed
    assert all(i.mean is None and not i.by_sector for i in scores.items.values())
    _submit(world, "small_representative", wave, "coop", expectation_values(6))
    scores = score_selectors.item_scores(world.partnership.pk, "expectations")
    item = scores.items["exp-1"]
    assert scores.respondents == 3 and item.mean == pytest.approx(4.0)
    # two Foundation persons and one Coop person: each group is below 3
    assert item.by_sector == {"community": None, "philanthropic": None}
    assert item.by_organization == {
        world.orgs["foundation"].pk: None,
        world.orgs["coop"].pk: None,
    }
    second = _second_foundation_staff(world)
    services.answer_submit(
        actor=second,
        wave=wave,
        organization=world.orgs["foundation"],
        values=expectation_values(3),
    )
    item = score_selectors.item_scores(world.partnership.pk, "expectations").items["exp-1"]
    assert item.by_sector == {"community": None, "philanthropic": pytest.approx(3.0)}
    assert item.by_organization[world.orgs["foundation"].pk] == pytest.approx(3.0)
    assert item.by_organization[world.orgs["coop"].pk] is None
    results = result_selectors.wave_results(wave=wave, named_answers=True)
    # one row per organization, for those with at least three persons
    assert [(m.organization, m.emphasis) for m in results.expectations.members] == [
        ("Foundation", pytest.approx(3.0))
    ]


def test_the_network_survey_stays_one_answer_per_organization(world):
    wave = open_wave(world, "partner-network")
    with pytest.raises(Forbidden):
        services.answer_submit(
            actor=world.user("staff"),
            wave=wave,
            organization=world.orgs["foundation"],
            values={},
        )
    assert _counts() == (0, 0, 0)


def test_reminders_of_a_per_person_wave_go_to_each_person_who_has_not_answered(world):
    wave = open_wave(world)
    _submit(world, "staff", wave, "foundation", factor_values(4))
    pending = {u.email for u in wave_selectors.pending_representatives(wave=wave)}
    assert pending == {"coord@county.test", "rep@foundation.test", "rep@coop.test"}


def test_answer_page_of_a_per_person_wave_for_every_role(client, world):
    wave = open_wave(world)
    path = reverse("surveys:wave_answer", args=[world.partnership.slug, wave.pk])
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world.user(role))
        response = client.get(path)
        if role in PERSONS:
            expected = 200
        elif role == "anonymous":
            expected = 302
        elif role in INSIDERS:
            expected = 403
        else:
            expected = 404
        assert response.status_code == expected, role
    client.force_login(world.user("staff"))
    body = {"organization": world.orgs["foundation"].pk} | {
        k: str(v) for k, v in factor_values(4).items()
    }
    assert client.post(path, body).status_code == 302
    assert Respondent.objects.filter(person=world.user("staff")).count() == 1
    assert "You have already answered this wave." in client.get(path).content.decode()
    detail = client.get(reverse("surveys:wave_detail", args=[world.partnership.slug, wave.pk]))
    assert "You have answered (for Foundation)." in detail.content.decode()
    results = client.get(reverse("surveys:wave_results", args=[world.partnership.slug, wave.pk]))
    html = results.content.decode()
    assert "1 person answered" in html and "at least 3 people have answered" in html
    listing = client.get(reverse("surveys:wave_list", args=[world.partnership.slug]))
    assert "each person of a member organization answers once" in listing.content.decode()


def test_answering_a_per_person_wave_through_the_api_for_every_role(client, world):
    wave = open_wave(world)
    api = Api(client, world)
    path = f"/partnerships/{world.partnership.slug}/survey-waves/{wave.pk}/answers"
    for role in ROLES:
        response = api.post(role, path, {"values": factor_values(4)})
        if role in PERSONS:
            expected = 201
        elif role == "anonymous":
            expected = 401
        elif role in INSIDERS:
            expected = 403
        else:
            expected = 404
        assert response.status_code == expected, role
    assert Respondent.objects.filter(wave=wave).count() == len(PERSONS)


def test_a_closed_per_person_wave_takes_no_answer(world):
    now = timezone.now()
    wave = open_wave(world, opens_at=now - timedelta(days=5), closes_at=now - timedelta(days=1))
    with pytest.raises(Conflict, match="closed"):
        _submit(world, "staff", wave, "foundation", factor_values(4))
    assert _counts() == (0, 0, 0)


def test_the_coordinator_says_who_answers_when_creating_a_wave_in_the_browser(client, world):
    client.force_login(world.user("coordinator"))
    create = reverse("surveys:wave_create", args=[world.partnership.slug])
    form = {
        "title": "Factors",
        "opens_at": "2030-01-10T09:00",
        "closes_at": "2030-01-20T09:00",
        "anonymity": "default",
        "threshold": "3",
    }
    page = client.get(create).content.decode()
    assert "Who answers" in page and 'value="person"' in page
    bad = client.post(create, form | {"instrument": "partner-network", "answered_by": "person"})
    assert bad.status_code == 200 and bad.context["form"].errors
    assert Wave.objects.count() == 0
    client.post(
        create, form | {"instrument": "collaboration-factors", "answered_by": "organization"}
    )
    client.post(create, form | {"instrument": "gao-practices", "answered_by": "person"})
    client.post(create, form | {"instrument": "expectations", "answered_by": "default"})
    assert dict(Wave.objects.values_list("instrument", "per_person")) == {
        "collaboration-factors": False,
        "gao-practices": True,
        "expectations": True,
    }


def test_the_gao_self_assessment_counts_persons_when_answered_per_person(world):
    from accord.balance.selectors.gao import gao_page

    wave = open_wave(world, "gao-practices", per_person=True)
    _submit(world, "representative", wave, "foundation", gao_values(5))
    _submit(world, "staff", wave, "foundation", gao_values(3))
    page = gao_page(actor=world.user("coordinator"), partnership=world.partnership)
    assert page.wave.respondents == 2 and page.wave.suppressed and page.wave.per_person
    _submit(world, "small_representative", wave, "coop", gao_values(1))
    page = gao_page(actor=world.user("coordinator"), partnership=world.partnership)
    assert page.wave.respondents == 3 and not page.wave.suppressed
    row = page.gao06[0]
    assert row.self_assessment.mean == pytest.approx(3.0)
    # two Foundation persons and one Coop person: no sector reaches three persons
    assert all(s.score is None for s in row.self_assessment.by_sector)
