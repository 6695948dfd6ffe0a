"""The surveys API for every role, its validation (4xx, nothing changed) and its figures."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accord.surveys.models import Respondent, Wave
from tests.api.conftest import Api
from tests.conftest import ROLES
from tests.surveys.conftest import answer, factor_values, open_wave

pytestmark = pytest.mark.django_db

INSIDERS = {
    "admin",
    "coordinator",
    "representative",
    "small_representative",
    "staff",
    "community",
    "observer",
    "invitee",
}
NAMED_READERS = {"coordinator", "representative", "small_representative", "staff"}


def _base(world):
    return f"/partnerships/{world.partnership.slug}"


def test_reads_for_every_role(client, world):
    api = Api(client, world)
    wave = open_wave(world, "partner-network")
    base = _base(world)
    for role in ROLES:
        for path in (
            "/survey-instruments",
            "/survey-waves",
            f"/survey-waves/{wave.pk}",
            f"/survey-waves/{wave.pk}/scores",
            f"/survey-waves/{wave.pk}/export?format=csv",
        ):
            response = api.get(role, base + path)
            assert response.status_code == (200 if role in INSIDERS else 404), (role, path)
        ratings = api.get(role, f"{base}/survey-waves/{wave.pk}/ratings")
        expected = 200 if role in NAMED_READERS else 403 if role in INSIDERS else 404
        assert ratings.status_code == expected, role
    other = f"/partnerships/{world.other_partnership.slug}/survey-waves/{wave.pk}"
    assert api.get("outsider", other).status_code == 404


def test_instruments_describe_their_questions(client, world):
    api = Api(client, world)
    instruments = {
        i["code"]: i for i in api.get("observer", _base(world) + "/survey-instruments").json()
    }
    assert set(instruments) == {
        "collaboration-factors",
        "expectations",
        "partner-network",
        "gao-practices",
    }
    gao = instruments["gao-practices"]["questions"]
    assert [q["code"] for q in gao] == [f"gao06-{i}" for i in range(1, 9)] + [
        f"gao23-{i}" for i in range(1, 9)
    ]
    assert gao[0]["scale"] == [1, 5] and gao[0]["comment"] is True
    matrix = next(
        q for q in instruments["partner-network"]["questions"] if q["kind"] == "member_matrix"
    )
    assert [c["code"] for c in matrix["columns"]][:3] == ["level", "kind", "power"]


def test_create_and_change_waves_for_every_role(client, world):
    api = Api(client, world)
    now = timezone.now()
    body = {
        "instrument": "expectations",
        "title": "Returns",
        "opens_at": (now - timedelta(hours=1)).isoformat(),
        "closes_at": (now + timedelta(days=3)).isoformat(),
    }
    for role in ROLES:
        if role == "coordinator":
            continue
        response = api.post(role, _base(world) + "/survey-waves", body)
        expected = 401 if role == "anonymous" else 403 if role in INSIDERS else 404
        assert response.status_code == expected, role
    assert Wave.objects.count() == 0
    response = api.post("coordinator", _base(world) + "/survey-waves", body)
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["anonymous"], created["threshold"], created["state"]) == (False, 3, "open")
    wave_path = f"{_base(world)}/survey-waves/{created['id']}"
    assert api.send("patch", "representative", wave_path, {"threshold": 4}).status_code == 403
    response = api.send("patch", "coordinator", wave_path, {"threshold": 4})
    assert response.status_code == 200 and response.json()["threshold"] == 4


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"threshold": 1}, 400),
        ({"threshold": 51}, 400),
        ({"instrument": "unknown"}, 400),
        ({"anonymous": True, "instrument": "partner-network"}, 400),
        ({"closes_at": "2020-01-01T00:00:00+00:00"}, 400),
        ({"opens_at": "not a date"}, 422),
        ({"threshold": "three"}, 422),
    ],
)
def test_bad_waves_get_a_clear_4xx(client, world, change, status):
    api = Api(client, world)
    now = timezone.now()
    body = {
        "instrument": "collaboration-factors",
        "title": "Factors",
        "opens_at": now.isoformat(),
        "closes_at": (now + timedelta(days=3)).isoformat(),
    } | change
    response = api.post("coordinator", _base(world) + "/survey-waves", body)
    assert response.status_code == status
    assert response.json()["detail"]
    assert Wave.objects.count() == 0


def test_answering_through_the_api(client, world, cf_wave):
    api = Api(client, world)
    path = f"{_base(world)}/survey-waves/{cf_wave.pk}/answers"
    good = {"values": factor_values(4)}
    # staff answer waves answered per person, like this one (tests/surveys/test_per_person.py)
    for role in ("observer", "community", "invitee"):
        assert api.post(role, path, good).status_code == 403, role
    assert api.post("outsider", path, good).status_code == 404
    assert api.post("anonymous", path, good).status_code == 401
    out_of_scale = api.post(
        "small_representative", path, {"values": factor_values(4) | {"cf-01-1": 6}}
    )
    assert out_of_scale.status_code == 400 and "cf-01-1" in out_of_scale.json()["errors"]
    foreign = api.post(
        "small_representative", path, good | {"organization_id": world.orgs["foundation"].pk}
    )
    assert foreign.status_code == 403
    assert Respondent.objects.count() == 0
    response = api.post("small_representative", path, good)
    assert response.status_code == 201
    assert response.json()["organization_id"] == world.orgs["coop"].pk
    second = api.post("small_representative", path, good)
    assert second.status_code == 409 and "already answered" in second.json()["detail"]
    assert Respondent.objects.count() == 1


def test_answers_outside_the_dates_are_conflicts(client, world):
    api = Api(client, world)
    now = timezone.now()
    closed = open_wave(world, opens_at=now - timedelta(days=3), closes_at=now - timedelta(days=1))
    scheduled = open_wave(
        world, opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=3)
    )
    for wave in (closed, scheduled):
        response = api.post(
            "small_representative",
            f"{_base(world)}/survey-waves/{wave.pk}/answers",
            {"values": factor_values(4)},
        )
        assert response.status_code == 409
    assert Respondent.objects.count() == 0


def test_network_rating_of_a_non_member_is_refused(client, world):
    api = Api(client, world)
    wave = open_wave(world, "partner-network")
    county, school = world.orgs["county"], world.orgs["school"]
    cell = {
        "level": "1",
        "power": 2,
        "involvement": 2,
        "resources": 2,
        "reliability": 2,
        "mission": 2,
        "openness": 2,
    }
    response = api.post(
        "small_representative",
        f"{_base(world)}/survey-waves/{wave.pk}/answers",
        {
            "values": {
                "net-contributions": ["data"],
                "net-main": "data",
                "net-years": 1,
                "net-success": 3,
            },
            "ratings": {
                str(county.pk): cell,
                str(world.orgs["foundation"].pk): {"level": "0"},
                str(school.pk): cell,
            },
        },
    )
    assert response.status_code == 400
    assert f"m-{school.pk}-level" in response.json()["errors"]
    assert Respondent.objects.count() == 0


def test_scores_hide_everything_below_the_threshold(client, world, cf_wave):
    api = Api(client, world)
    answer(world, cf_wave, "county", factor_values(5) | {"cf-improve": "More meetings"})
    answer(world, cf_wave, "coop", factor_values(4))
    path = f"{_base(world)}/survey-waves/{cf_wave.pk}/scores"
    body = api.get("observer", path).json()
    assert body["suppressed"] is True and body["respondents"] == 2
    assert all(item["mean"] is None and item["comments"] == [] for item in body["items"])
    assert all(f["spread"]["mean"] is None for c in body["categories"] for f in c["factors"])
    answer(world, cf_wave, "foundation", factor_values(3))
    body = api.get("observer", path).json()
    assert body["suppressed"] is False
    item = next(i for i in body["items"] if i["item"] == "cf-01-1")
    assert item["mean"] == pytest.approx(4.0) and item["by_sector"] == {}
    improve = next(i for i in body["items"] if i["item"] == "cf-improve")
    assert improve["comments"] == ["More meetings"]
    factor = body["categories"][0]["factors"][0]
    assert factor["level"] == "strength" and factor["level_label"] == "Strength"


def test_remind_and_close_through_the_api(client, world, cf_wave):
    api = Api(client, world)
    base = f"{_base(world)}/survey-waves/{cf_wave.pk}"
    assert api.post("representative", base + "/remind").status_code == 403
    response = api.post("coordinator", base + "/remind")
    # answered per person: the three representatives and the Foundation's staff member
    assert response.status_code == 200 and response.json() == {"told": 4}
    assert api.post("coordinator", base + "/remind").status_code == 409
    assert api.post("coordinator", base + "/close").json()["state"] == "closed"
    assert api.post("coordinator", base + "/close").status_code == 409
