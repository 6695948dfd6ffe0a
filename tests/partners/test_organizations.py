from __future__ import annotations

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from accord.errors import Conflict, Forbidden, Invalid
from accord.partners import services
from accord.partners.models import Affiliation
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_create_organization_maps_sector_to_iati_type_and_makes_creator_representative():
    user = make_user("a@b.test")
    org = services.organization_create(
        actor=user,
        name="Maji Women",
        sector="community",
        capacity="small",
        country="KE",
        expertise_offered="Tree nursery\n\nMobilisation\n",
    )
    assert org.iati_type == "24"
    assert org.expertise_offered_list == ["Tree nursery", "Mobilisation"]
    assert Affiliation.objects.get(organization=org, user=user).is_representative


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"name": "X", "sector": "mafia", "capacity": "small"}, Invalid),
        ({"name": "X", "sector": "public", "capacity": "huge"}, Invalid),
        ({"name": "X", "sector": "public", "capacity": "small", "country": "XX1"}, Invalid),
        ({"name": "", "sector": "public", "capacity": "small"}, Invalid),
    ],
)
def test_bad_organization_input(fields, error):
    with pytest.raises(error):
        services.organization_create(actor=make_user("a@b.test"), **fields)


def test_duplicate_name_is_a_conflict():
    user = make_user("a@b.test")
    services.organization_create(actor=user, name="County", sector="public", capacity="large")
    with pytest.raises(Conflict):
        services.organization_create(actor=user, name="county", sector="public", capacity="large")


def test_representative_affiliates_people_new_person_gets_set_password_mail(client):
    rep = make_user("rep@org.test")
    org = services.organization_create(actor=rep, name="Org", sector="academic", capacity="medium")
    client.force_login(rep)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("partners:organization_detail", args=[org.pk]),
            {"email": "new@org.test", "name": "New Person", "is_representative": "on"},
        )
    assert response.status_code == 302
    affiliation = Affiliation.objects.get(organization=org, user__email="new@org.test")
    assert affiliation.is_representative and not affiliation.user.is_active
    assert len(mail.outbox) == 1 and "new@org.test" in mail.outbox[0].to


def test_only_representatives_affiliate_people(client):
    rep, other = make_user("rep@org.test"), make_user("x@y.test")
    org = services.organization_create(actor=rep, name="Org", sector="academic", capacity="medium")
    with pytest.raises(Forbidden):
        services.affiliation_add(actor=other, organization=org, email="z@z.test", name="Z")
    client.force_login(other)
    assert (
        client.post(
            reverse("partners:organization_detail", args=[org.pk]), {"email": "z@z.test"}
        ).status_code
        == 403
    )
    assert client.get(reverse("partners:organization_edit", args=[org.pk])).status_code == 403


@pytest.mark.parametrize("role", ["anonymous", "stranger", "representative"])
def test_directory_and_detail_are_public_but_emails_are_not(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))
    html = client.get(
        reverse("partners:organization_detail", args=[world.orgs["foundation"].pk])
    ).content.decode()
    assert "Rita Representative" in html
    assert ("rep@foundation.test" in html) == (role == "representative")
    assert client.get(reverse("partners:organization_list")).status_code == 200


def test_the_directory_counts_admitted_memberships_by_the_partnerships_value():
    from accord.partners.selectors import ADMITTED
    from accord.partnerships.models import MembershipStatus

    assert MembershipStatus.ADMITTED == ADMITTED
