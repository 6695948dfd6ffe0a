"""Every survey page for every role (docs/surveys.md, "Who does what"), the answer form
without JavaScript, and bounded queries.

Each test goes through all roles on one ``world`` (building it is the slow part), and says
which role failed."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.notifications.models import Notification
from accord.surveys.models import Respondent, Wave
from tests.conftest import ROLES
from tests.surveys.conftest import add_member, answer, factor_values, gao_values, open_wave

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
ANSWERERS = {"coordinator", "representative", "small_representative"}  # County, Foundation, Coop
# The platform admin reads as an insider and acts only where a predicate says so.
MANAGERS = {"coordinator"}


def as_role(client, world, role):
    client.logout()
    if role != "anonymous":
        client.force_login(world.user(role))
    return client


def url(name, world, *args):
    return reverse(f"surveys:{name}", args=[world.partnership.slug, *args])


def test_read_pages_for_every_role(client, world):
    wave = open_wave(world)
    pages = [
        url("wave_list", world),
        url("wave_detail", world, wave.pk),
        url("wave_results", world, wave.pk),
        url("wave_export", world, wave.pk) + "?format=csv",
    ]
    for role in ROLES:
        for page in pages:
            response = as_role(client, world, role).get(page)
            expected = 200 if role in INSIDERS else 404
            assert response.status_code == expected, (role, page)
            if expected == 404:
                assert b"Lake Partnership" not in response.content, (role, page)


def test_public_partnership_surveys_stay_inside(client, public_world):
    world = public_world
    wave = open_wave(world)
    for role in ("anonymous", "stranger", "outsider"):
        for page in (url("wave_list", world), url("wave_results", world, wave.pk)):
            assert as_role(client, world, role).get(page).status_code == 404, (role, page)
    assert as_role(client, world, "observer").get(url("wave_list", world)).status_code == 200


def test_another_partnerships_wave_is_not_found(client, world):
    wave = open_wave(world)
    other = world.other_partnership.slug
    client.force_login(world.users["outsider"])  # the other partnership's coordinator
    for name in ("wave_detail", "wave_results", "wave_answer", "wave_edit"):
        response = client.get(reverse(f"surveys:{name}", args=[other, wave.pk]))
        assert response.status_code == 404, name


def test_manage_pages_for_every_role(client, world):
    wave = open_wave(world)
    for role in ROLES:
        for page in (url("wave_create", world), url("wave_edit", world, wave.pk)):
            response = as_role(client, world, role).get(page)
            if role in MANAGERS:
                expected = 200
            elif role == "anonymous":
                expected = 302
            elif role in INSIDERS:
                expected = 403
            else:
                expected = 404
            assert response.status_code == expected, (role, page)


def test_answer_page_for_every_role(client, world):
    wave = open_wave(world, per_person=False)
    for role in ROLES:
        response = as_role(client, world, role).get(url("wave_answer", world, wave.pk))
        if role in ANSWERERS:
            expected = 200
        elif role == "anonymous":
            expected = 302
        elif role in INSIDERS:
            expected = 403
        else:
            expected = 404
        assert response.status_code == expected, role


def test_remind_and_close_for_every_role(client, world):
    wave = open_wave(world, per_person=False)
    for role in ROLES:
        if role in MANAGERS:
            continue
        for name in ("wave_remind", "wave_close"):
            response = as_role(client, world, role).post(url(name, world, wave.pk))
            expected = 302 if role == "anonymous" else 403 if role in INSIDERS else 404
            assert response.status_code == expected, (role, name)
            if role == "anonymous":
                assert "/login" in response["Location"] or "accounts" in response["Location"]
    wave.refresh_from_db()
    assert wave.reminded_at is None and wave.state == "open"
    client.force_login(world.users["coordinator"])
    assert client.post(url("wave_remind", world, wave.pk)).status_code == 302
    # Rita and Sam represent members that have not answered; Cora (county) too
    assert Notification.objects.filter(verb="surveys.wave_reminder").count() == 3
    client.post(url("wave_remind", world, wave.pk))  # too soon: a message, nothing sent
    assert Notification.objects.filter(verb="surveys.wave_reminder").count() == 3
    assert client.post(url("wave_close", world, wave.pk)).status_code == 302
    wave.refresh_from_db()
    assert wave.state == "closed"


def test_coordinator_creates_a_wave_in_the_browser_and_errors_show_beside_fields(client, world):
    client.force_login(world.users["coordinator"])
    form = {
        "instrument": "gao-practices",
        "title": "Self-assessment",
        "opens_at": "2030-01-10T09:00",
        "closes_at": "2030-01-05T09:00",
        "anonymity": "default",
        "threshold": "3",
    }
    response = client.post(url("wave_create", world), form)
    assert response.status_code == 200
    assert "closes_at" in response.context["form"].errors
    assert Wave.objects.count() == 0
    response = client.post(
        url("wave_create", world), form | {"threshold": "1", "closes_at": "2030-01-20T09:00"}
    )
    assert "threshold" in response.context["form"].errors
    response = client.post(url("wave_create", world), form | {"closes_at": "2030-01-20T09:00"})
    wave = Wave.objects.get()
    assert response.status_code == 302 and response["Location"] == wave.get_absolute_url()
    assert (wave.instrument, wave.anonymous, wave.threshold) == ("gao-practices", False, 3)
    response = client.post(
        url("wave_edit", world, wave.pk),
        {
            "title": "Renamed",
            "opens_at": "2030-01-10T09:00",
            "closes_at": "2030-01-20T09:00",
            "anonymity": "anonymous",
            "threshold": "4",
        },
    )
    wave.refresh_from_db()
    assert (wave.title, wave.anonymous, wave.threshold) == ("Renamed", True, 4)


def _form_data(values, organization):
    data = {"organization": str(organization.pk)}
    data.update({code: str(value) for code, value in values.items()})
    return data


def test_answer_in_the_browser_with_errors_beside_the_fields(client, world, cf_wave):
    coop = world.orgs["coop"]
    client.force_login(world.users["small_representative"])
    page = client.get(url("wave_answer", world, cf_wave.pk))
    html = page.content.decode()
    assert 'type="radio"' in html and "<script" not in html.split("<main")[-1]
    assert 'name="cf-01-1"' in html and "Strongly agree" in html
    bad = _form_data(factor_values(4), coop) | {"cf-03-2": "9"}
    del bad["cf-05-1"]
    response = client.post(url("wave_answer", world, cf_wave.pk), bad)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "cf-03-2" in errors  # not a choice
    assert Respondent.objects.count() == 0
    missing = _form_data(factor_values(4), coop)
    del missing["cf-05-1"]
    response = client.post(url("wave_answer", world, cf_wave.pk), missing)
    assert response.status_code == 400
    assert "cf-05-1" in response.context["form"].errors  # the service's error, beside it
    response = client.post(
        url("wave_answer", world, cf_wave.pk), _form_data(factor_values(4), coop)
    )
    assert response.status_code == 302
    assert Respondent.objects.filter(organization=coop).count() == 1
    again = client.get(url("wave_answer", world, cf_wave.pk))
    assert "You have already answered this wave." in again.content.decode()
    response = client.post(
        url("wave_answer", world, cf_wave.pk), _form_data(factor_values(4), coop)
    )
    assert response.status_code == 400 and Respondent.objects.count() == 1
    # answering for someone else's organization
    other = _form_data(factor_values(4), world.orgs["foundation"])
    assert client.post(url("wave_answer", world, cf_wave.pk), other).status_code == 403


def test_network_form_asks_about_each_other_member(client, world):
    wave = open_wave(world, "partner-network")
    client.force_login(world.users["representative"])  # the foundation
    html = client.get(url("wave_answer", world, wave.pk)).content.decode()
    county, coop, foundation = (world.orgs[k] for k in ("county", "coop", "foundation"))
    assert f'name="m-{county.pk}-level"' in html and f'name="m-{coop.pk}-trust"' not in html
    assert f'name="m-{coop.pk}-reliability"' in html
    assert f'name="m-{foundation.pk}-level"' not in html  # not oneself
    data = {
        "organization": str(foundation.pk),
        "net-contributions": ["funding", "data"],
        "net-main": "funding",
        "net-years": "2",
        "net-success": "4",
        f"m-{county.pk}-level": "2",
        f"m-{coop.pk}-level": "0",
    }
    response = client.post(url("wave_answer", world, wave.pk), data)
    assert response.status_code == 400
    assert f"m-{county.pk}-power" in response.context["form"].errors
    for d in ("power", "involvement", "resources", "reliability", "mission", "openness"):
        data[f"m-{county.pk}-{d}"] = "3"
    response = client.post(url("wave_answer", world, wave.pk), data)
    assert response.status_code == 302


def _csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_scores_appear_on_page_and_export_only_from_the_threshold(client, world, cf_wave):
    client.force_login(world.users["observer"])
    answer(world, cf_wave, "county", factor_values(5))
    answer(world, cf_wave, "foundation", factor_values(4))
    page = client.get(url("wave_results", world, cf_wave.pk)).content.decode()
    assert 'id="suppressed"' in page and "4.5" not in page
    rows = _csv_rows(client.get(url("wave_export", world, cf_wave.pk) + "?format=csv"))
    assert rows and all(row["Mean"] == "" for row in rows)
    answer(world, cf_wave, "coop", factor_values(3))
    page = client.get(url("wave_results", world, cf_wave.pk)).content.decode()
    assert 'id="suppressed"' not in page
    assert re.search(r'id="factor-f01">.*?<td>4\.0</td>', page, re.S)
    assert "Strength" in page
    rows = _csv_rows(client.get(url("wave_export", world, cf_wave.pk) + "?format=csv"))
    factor_rows = [r for r in rows if r["Section"] == "Factor"]
    assert len(factor_rows) == 20 and factor_rows[0]["Mean"] == "4.0"
    assert factor_rows[0]["Level"] == "Strength"
    assert client.get(url("wave_export", world, cf_wave.pk) + "?format=pdf").status_code == 302


def test_gao_results_show_small_sectors_as_too_few(client, world):
    add_member(world, "c2", "community")
    add_member(world, "c3", "community")
    wave = open_wave(world, "gao-practices")
    for key, score in (("county", 4), ("foundation", 5), ("coop", 2), ("c2", 2), ("c3", 3)):
        answer(world, wave, key, gao_values(score), comments={"gao06-6": f"from {key}"})
    client.force_login(world.users["observer"])
    page = client.get(url("wave_results", world, wave.pk)).content.decode()
    assert "Community: 2.3" in page and "Public: —" in page and "from c2" in page
    assert "civil_society" not in page and "philanthropic:" not in page


def test_pages_take_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    client.force_login(world.users["small_representative"])
    now = timezone.now()

    def grow(count):
        for i in range(count):
            open_wave(world, "expectations", title=f"W{i}", opens_at=now - timedelta(days=i + 1))

    grow(3)
    with django_assert_max_num_queries(14):
        assert client.get(url("wave_list", world)).status_code == 200
    grow(27)
    with django_assert_max_num_queries(14):
        assert client.get(url("wave_list", world)).status_code == 200
    wave = open_wave(world)
    answer(world, wave, "county", factor_values(4))
    for name in ("wave_results", "wave_detail", "wave_answer"):
        with django_assert_max_num_queries(16):
            client.get(url(name, world, wave.pk))
    answer(world, wave, "foundation", factor_values(3))
    answer(world, wave, "coop", factor_values(2))
    for name in ("wave_results", "wave_detail", "wave_export"):
        with django_assert_max_num_queries(16):
            client.get(url(name, world, wave.pk))


def test_editing_an_answered_wave_changes_only_what_changed(client, world, cf_wave):
    answer(world, cf_wave, "coop", factor_values(4))
    client.force_login(world.users["coordinator"])
    page = client.get(url("wave_edit", world, cf_wave.pk))
    initial = page.context["form"].initial
    response = client.post(url("wave_edit", world, cf_wave.pk), initial | {"threshold": "5"})
    assert response.status_code == 302, response.context["form"].errors
    cf_wave.refresh_from_db()
    assert cf_wave.threshold == 5 and cf_wave.anonymous
    response = client.post(url("wave_edit", world, cf_wave.pk), initial | {"anonymity": "named"})
    assert (
        "anonymity" in response.context["form"].errors
        or response.context["form"].non_field_errors()
    )
    cf_wave.refresh_from_db()
    assert cf_wave.anonymous
