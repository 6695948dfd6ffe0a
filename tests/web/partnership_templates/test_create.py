"""Creating a partnership from a template: the service, the pages and the API, for every role."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from accord.decisions.models import DecisionRule, RuleAssignment
from accord.errors import Invalid
from accord.partnerships.models import CharterVersion, Partnership
from accord.results.models import Indicator
from accord.web.partnership_templates import services
from tests.api.conftest import Api
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db


def create(world, **extra):
    fields = {
        "actor": world.users["coordinator"],
        "template_key": "co_management",
        "name": "Kivu Board",
        "purpose": "Manage the lake together.",
        "lead_organization": world.orgs["county"],
    }
    return services.partnership_create_from_template(**{**fields, **extra})


def test_everything_the_template_presets_is_created(world):
    applied = create(world)
    partnership = applied.partnership
    assert partnership.type == "co_management" and partnership.visibility == "public"
    assert partnership.allows_individuals
    assigned = dict(
        RuleAssignment.objects.filter(partnership=partnership).values_list("kind", "rule__preset")
    )
    assert assigned == {
        "general": "majority_with_community_consent",
        "allocation": "majority_with_community_consent",
        "charter": "two_thirds_majority",
        "admission": "two_thirds_majority",
    }
    draft = CharterVersion.objects.get(partnership=partnership)
    assert draft.published_at is None and "local knowledge" in draft.shared_values.lower()
    assert "Monitoring officer:" in draft.roles_and_responsibilities
    indicators = Indicator.objects.filter(partnership=partnership)
    assert {i.name for i in indicators} == {
        "Catch per unit of effort",
        "Women on the management committee",
    }
    assert {i.responsible_organization_id for i in indicators} == {world.orgs["county"].pk}
    assert (applied.indicators_created, applied.indicators_waiting) == (2, 0)


def test_the_caller_overrides_what_the_template_presets(world):
    partnership = create(world, visibility="members", allows_individuals=False).partnership
    assert partnership.visibility == "members" and not partnership.allows_individuals


def test_texts_are_written_in_the_active_language(world):
    with translation.override("es"):
        partnership = create(world).partnership
    assert DecisionRule.objects.filter(
        partnership=partnership, name="Dos tercios para la carta y los nuevos miembros"
    ).exists()
    assert (
        Indicator.objects.filter(partnership=partnership, name="Prises par unité d'effort").count()
        == 0
    )
    assert Indicator.objects.filter(
        partnership=partnership, name="Captura por unidad de esfuerzo"
    ).exists()


def test_without_a_lead_organization_the_indicators_wait(world):
    applied = create(world, lead_organization=None)
    assert applied.indicators_waiting == 2
    assert not Indicator.objects.filter(partnership=applied.partnership).exists()
    assert RuleAssignment.objects.filter(partnership=applied.partnership).count() == 4


def test_an_unknown_template_changes_nothing(world):
    before = Partnership.objects.count()
    with pytest.raises(Invalid) as caught:
        create(world, template_key="nope")
    assert "template" in caught.value.field_errors
    assert Partnership.objects.count() == before


def test_a_failure_midway_undoes_everything(world):
    """One transaction: a bad currency refused after the template was found leaves nothing."""
    before = (Partnership.objects.count(), DecisionRule.objects.count())
    with pytest.raises(Invalid):
        create(world, reporting_currency="XXZ")
    assert (Partnership.objects.count(), DecisionRule.objects.count()) == before


def test_the_rules_stay_editable_afterwards(world):
    """The template's first draft of the charter is an ordinary draft."""
    from accord.partnerships import services as partnership_services

    partnership = create(world).partnership
    partnership_services.charter_draft_save(
        actor=world.users["coordinator"], partnership=partnership, common_outcome="Changed."
    )
    assert CharterVersion.objects.get(partnership=partnership).common_outcome == "Changed."


# --- pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_templates_page_reads_in_words_for_everyone(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))
    response = client.get(reverse("web:partnership_template_list"))
    assert response.status_code == 200
    page = response.content.decode()
    for name in (
        "Co-management board",
        "Education–business partnership",
        "Public–private partnership",
    ):
        assert name in page
    assert "Majority with community consent" in page and "Admitting a member" in page
    assert "majority_with_community_consent" not in page  # no codes
    assert "half_yearly" not in page


def test_the_templates_page_in_french(client, world):
    with translation.override("fr"):
        response = client.get(reverse("web:partnership_template_list"), HTTP_ACCEPT_LANGUAGE="fr")
    assert "Conseil de cogestion" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_creating_from_a_template_page(client, world, role):
    url = reverse("web:partnership_create_from_template", args=["co_management"])
    if role != "anonymous":
        client.force_login(world.user(role))
    response = client.post(
        url,
        {
            "name": f"Board of {role}",
            "purpose": "Together.",
            "type": "co_management",
            "modality": "government_initiated",
            "visibility": "members",
            "reporting_currency": "USD",
        },
    )
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login" in response["Location"]
        assert not Partnership.objects.filter(name__startswith="Board of").exists()
        return
    assert response.status_code == 302
    partnership = Partnership.objects.get(name=f"Board of {role}")
    assert response["Location"] == partnership.get_absolute_url()
    assert RuleAssignment.objects.filter(partnership=partnership).count() == 4


def test_the_create_page_shows_the_form_and_what_the_template_presets(client, world):
    client.force_login(world.users["coordinator"])
    response = client.get(reverse("web:partnership_create_from_template", args=["place_based"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="place_based" selected' in page.replace("\n", "")
    assert "Members and residents in two chambers" in page


def test_a_bad_form_shows_the_error_beside_its_field_and_changes_nothing(client, world):
    client.force_login(world.users["coordinator"])
    before = Partnership.objects.count()
    response = client.post(
        reverse("web:partnership_create_from_template", args=["co_management"]),
        {
            "name": "",
            "purpose": "x",
            "type": "co_management",
            "modality": "government_initiated",
            "visibility": "members",
            "reporting_currency": "USD",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert Partnership.objects.count() == before


def test_an_unknown_template_page_is_404(client, world):
    client.force_login(world.users["coordinator"])
    response = client.get(reverse("web:partnership_create_from_template", args=["nope"]))
    assert response.status_code == 404


# --- API -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_api_lists_templates_in_words(client, world, role):
    response = Api(client, world).get(role, "/partnership-templates")
    assert response.status_code == 200
    templates = response.json()
    assert [t["key"] for t in templates][:1] == ["co_management"]
    rule = templates[0]["rules"][0]
    assert rule["kinds"] == ["General", "Allocating pooled money"]
    assert templates[0]["charter"][0]["section"] == "Common outcome"


@pytest.mark.parametrize("role", ROLES)
def test_api_creates_from_a_template(client, world, role):
    body = {"name": f"Study {role}", "purpose": "Research."}
    path = "/partnership-templates/healthcare_research/partnerships"
    response = Api(client, world).post(role, path, body)
    if role == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["partnership"]["type"] == "healthcare"
    assert (data["rules_created"], data["indicators_waiting"]) == (2, 2)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"template": "nope", "name": "A", "purpose": "B"}, 400),
        ({"template": "co_management", "name": "", "purpose": "B"}, 422),
        (
            {"template": "co_management", "name": "A", "purpose": "B", "lead_organization_id": 0},
            422,
        ),
        ({"template": "co_management", "name": "A", "purpose": "B", "type": "club"}, 422),
        (
            {"template": "co_management", "name": "A", "purpose": "B", "reporting_currency": "XXZ"},
            400,
        ),
    ],
)
def test_api_refuses_bad_input_and_changes_nothing(client, world, body, status):
    before = Partnership.objects.count()
    path = f"/partnership-templates/{body.pop('template')}/partnerships"
    response = Api(client, world).post("coordinator", path, body)
    assert response.status_code == status
    assert Partnership.objects.count() == before


def test_api_lead_organization_must_be_the_callers(client, world):
    body = {"name": "A", "purpose": "B", "lead_organization_id": world.orgs["foundation"].pk}
    path = "/partnership-templates/co_management/partnerships"
    response = Api(client, world).post("coordinator", path, body)
    assert response.status_code == 403
    assert not Partnership.objects.filter(name="A").exists()
