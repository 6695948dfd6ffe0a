"""The network page on the demo's Lake Kivuli: the survey wave and the records both draw,
and every member's name appears whole in the picture."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.urls import reverse

from accord.balance.selectors import network as network_selectors
from accord.demo.loader import LAKE_SLUG
from accord.partnerships import selectors as partnership_selectors
from accord.partnerships.models import Partnership

pytestmark = pytest.mark.django_db

NS = {"svg": "http://www.w3.org/2000/svg"}


def test_demo_network(client):
    call_command("demo")
    lake = Partnership.objects.get(slug=LAKE_SLUG)
    coordinator = lake.participants.filter(role="coordinator").first().user
    client.force_login(coordinator)
    names = {o.name for o in partnership_selectors.member_organizations(partnership=lake)}
    for source in ("survey", "records"):
        response = client.get(reverse("balance:network", args=[lake.slug]), {"source": source})
        assert response.status_code == 200
        page = network_selectors.network_page(actor=coordinator, partnership=lake, source=source)
        assert page.overall is not None and page.overall.members == len(names)
        assert page.overall.ties > 0, source
        root = ET.fromstring(page.svg)  # noqa: S314 (our own output)
        labels = {
            " ".join(span.text or "" for span in text.findall("svg:tspan", NS))
            for text in root.iterfind(".//svg:text", NS)
        }
        assert names <= labels, source
    survey = network_selectors.network_page(actor=coordinator, partnership=lake)
    assert survey.source == "survey" and survey.overall.trust is not None
