"""What the workplan, ledger and exports look up for a request: people and ids only within
the partnership, unknown optional ids as 404, files as attachments."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accord.resources import services
from accord.resources.models import Responsibility
from tests.api.conftest import Api


@pytest.fixture
def activity(funded):
    return services.activity_create(
        actor=funded.users["coordinator"],
        partnership=funded.partnership,
        title="Nets",
        lead_organization=funded.orgs["county"],
    )


@pytest.mark.parametrize(
    ("email", "recorded"),
    [("STAFF@foundation.test", True), ("rep@school.test", False), ("no@one.test", False)],
)
def test_workplan_names_a_person_of_a_member_by_email(client, funded, activity, email, recorded):
    client.force_login(funded.users["coordinator"])
    prefix = f"raci-{activity.pk}"
    response = client.post(
        reverse("resources:workplan", args=[funded.partnership.slug]),
        {
            "action": "raci",
            "activity_id": activity.pk,
            f"{prefix}-organization": funded.orgs["foundation"].pk,
            f"{prefix}-raci": "R",
            f"{prefix}-person_email": email,
        },
    )
    people = list(Responsibility.objects.values_list("person__email", flat=True))
    if recorded:
        assert response.status_code == 302 and people == ["staff@foundation.test"]
    else:
        assert response.status_code == 200 and people == []
        assert "works for a member organization" in response.content.decode()


@pytest.mark.parametrize(
    ("email", "status"), [("staff@foundation.test", 201), ("rep@school.test", 400)]
)
def test_api_names_a_person_of_a_member_by_email(client, funded, activity, email, status):
    response = Api(client, funded).post(
        "coordinator",
        f"/partnerships/{funded.partnership.slug}/activities/{activity.pk}/responsibilities",
        {"organization_id": funded.orgs["foundation"].pk, "raci": "R", "person_email": email},
    )
    assert response.status_code == status
    assert Responsibility.objects.filter(person__email=email).exists() == (status == 201)


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("activity_id", "No such activity."),
        ("pledge_id", "No such pledge."),
        ("receiver_id", "No such organization."),
    ],
)
def test_api_unknown_optional_ids_are_404(client, funded, activity, field, message):
    body = {
        "type": "3",
        "value": "5",
        "currency": "KES",
        "value_date": "2025-05-01",
        "provider_id": funded.orgs["foundation"].pk,
        "receiver_id": funded.orgs["coop"].pk,
        field: 999999,
    }
    response = Api(client, funded).post(
        "representative", f"/partnerships/{funded.partnership.slug}/ledger", body
    )
    assert response.status_code == 404 and response.json()["detail"] == message


def test_api_optional_ids_of_the_partnership_are_used(client, funded, activity):
    response = Api(client, funded).post(
        "representative",
        f"/partnerships/{funded.partnership.slug}/ledger",
        {
            "type": "3",
            "value": "5",
            "currency": "KES",
            "value_date": "2025-05-01",
            "provider_id": funded.orgs["foundation"].pk,
            "activity_id": activity.pk,
            "pledge_id": funded.pledge.pk,
        },
    )
    assert response.status_code == 201
    assert response.json()["activity_id"] == activity.pk
    assert response.json()["pledge_id"] == funded.pledge.pk


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("csv", "text/csv; charset=utf-8"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_exports_are_attachments(client, funded, fmt, content_type):
    client.force_login(funded.users["observer"])
    response = client.get(reverse("resources:resource_export", args=[funded.partnership.slug, fmt]))
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="{funded.partnership.slug}-resources-'
    )
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
