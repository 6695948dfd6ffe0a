"""Forms that help (issue 14, item 8): SDG targets grouped by goal in a plain select,
the currency from a list, the only possible choice preselected."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accord.partnerships.models import Partnership
from accord.reference.models import SdgTarget

pytestmark = pytest.mark.django_db


def test_the_partnership_form_groups_targets_lists_currencies_and_preselects(client, world):
    client.force_login(world.users["coordinator"])  # represents the County only
    page = client.get(reverse("partnerships:partnership_create"))
    html = page.content.decode()
    assert '<optgroup label="6. ' in html and '<option value="6.5"' in html
    assert '<select name="reporting_currency"' in html
    assert '<option value="KES">KES — ' in html
    assert '<option value="USD" selected>' in html
    form = page.context["form"]
    assert form.initial["lead_organization"] == world.orgs["county"].pk
    assert f'<option value="{world.orgs["county"].pk}" selected>' in html


def test_an_unknown_currency_or_target_is_refused_beside_its_field(client, world):
    client.force_login(world.users["coordinator"])
    data = {
        "name": "Refused",
        "purpose": "p",
        "type": "co_management",
        "modality": "government_initiated",
        "visibility": "members",
        "reporting_currency": "XXQ",
        "sdg_targets": ["6.5", "99.9"],
    }
    response = client.post(reverse("partnerships:partnership_create"), data)
    assert response.status_code in (200, 400)
    errors = response.context["form"].errors
    assert "reporting_currency" in errors and "sdg_targets" in errors
    assert not Partnership.objects.filter(name="Refused").exists()
    data |= {"reporting_currency": "KES", "sdg_targets": ["6.5", "14.4"]}
    assert client.post(reverse("partnerships:partnership_create"), data).status_code == 302
    made = Partnership.objects.get(name="Refused")
    assert made.reporting_currency == "KES"
    assert sorted(t.code for t in made.sdg_targets.all()) == ["14.4", "6.5"]


def test_editing_keeps_the_chosen_targets_selected(client, world):
    client.force_login(world.users["coordinator"])
    world.partnership.sdg_targets.set(SdgTarget.objects.filter(code="6.5"))
    html = client.get(
        reverse("partnerships:partnership_edit", args=[world.partnership.slug])
    ).content.decode()
    assert '<option value="6.5" selected>' in html
