"""404 and 500 under /api/ answer JSON, as the API documents; pages keep their HTML."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from accord.web import error_pages

pytestmark = pytest.mark.django_db


def test_an_api_address_no_operation_matches_answers_json(client):
    response = client.get("/api/v1/partnerships/lake/benefits/-42")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Not found."}


def test_a_page_address_that_does_not_exist_answers_html(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_server_error_under_api_is_json():
    response = error_pages.server_error(RequestFactory().get("/api/v1/anything"))
    assert response.status_code == 500 and response["Content-Type"] == "application/json"
    page = error_pages.server_error(RequestFactory().get("/p/x/"))
    assert page.status_code == 500 and "text/html" in page["Content-Type"]
