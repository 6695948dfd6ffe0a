"""Sign-in and reset throttling (issue 15, item 7): slow attackers, never lock owners out."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.accounts import throttling
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _request(remote: str, forwarded: str | None = None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_client_address_ignores_forwarded_for_without_trusted_proxies(settings):
    settings.TRUSTED_PROXIES = 0
    assert throttling.client_address(_request("10.0.0.1", "203.0.113.9")) == "10.0.0.1"


def test_client_address_behind_one_proxy_is_what_the_proxy_saw(settings):
    settings.TRUSTED_PROXIES = 1
    # The client forged a first entry; nginx appended the address it saw.
    request = _request("10.0.0.1", "198.51.100.66, 203.0.113.9")
    assert throttling.client_address(request) == "203.0.113.9"


def test_client_address_behind_two_proxies(settings):
    settings.TRUSTED_PROXIES = 2
    request = _request("10.0.0.2", "198.51.100.66, 203.0.113.9, 10.0.0.1")
    assert throttling.client_address(request) == "203.0.113.9"


def test_client_address_falls_back_on_garbage(settings):
    settings.TRUSTED_PROXIES = 1
    assert throttling.client_address(_request("10.0.0.1", "not-an-address")) == "10.0.0.1"


def test_delays_grow_and_are_capped_never_a_lockout(settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 100
    settings.LOGIN_MAX_DELAY_SECONDS = 60
    now = 1_000_000.0
    waits = []
    for _ in range(12):
        throttling.signin_failure_record(email="a@x.test", address="203.0.113.9", now=now)
        waits.append(throttling.signin_wait(email="a@x.test", address="203.0.113.9", now=now))
    assert waits[:2] == [0, 0]
    assert waits[2:9] == [1, 2, 4, 8, 16, 32, 60]
    assert set(waits[9:]) == {60}
    # Once the delay has passed, the owner may try again.
    assert throttling.signin_wait(email="a@x.test", address="198.51.100.1", now=now + 60) == 0


def test_a_locked_account_from_one_address_does_not_slow_others_at_that_address(settings):
    """Behind a proxy every client used to share the proxy's address: five wrong passwords
    locked a person out for everyone. Now the account is slowed, not the colleagues."""
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 10
    for _ in range(5):
        throttling.signin_failure_record(email="a@x.test", address="203.0.113.9")
    assert throttling.signin_wait(email="a@x.test", address="203.0.113.9") > 0
    assert throttling.signin_wait(email="b@x.test", address="203.0.113.9") == 0


def test_spraying_many_accounts_from_one_address_is_slowed(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 10
    emails = [f"person{i}@x.test" for i in range(5)]
    for email in emails:
        make_user(email)
    refused = 0
    for attempt in range(20):
        email = emails[attempt % 5]
        response = client.post(reverse("accounts:login"), {"username": email, "password": "no"})
        refused += b"Too many failed sign-ins" in response.content
    # Each account saw 4 failures (under its own limit); the address's count slowed it.
    assert refused >= 9


def test_success_clears_the_account_but_not_the_address(settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 2
    now = 1_000_000.0
    for _ in range(3):
        throttling.signin_failure_record(email="a@x.test", address="203.0.113.9", now=now)
    throttling.signin_success(email="a@x.test")
    assert throttling.signin_wait(email="a@x.test", address="198.51.100.1", now=now) == 0
    assert throttling.signin_wait(email="c@x.test", address="203.0.113.9", now=now) > 0


def test_reset_answers_alike_and_touches_no_account_in_the_request(client):
    """The request enqueues the same task for a known and an unknown email, and reads no
    account: its time cannot tell whether the email has one."""
    make_user("amina@county.test")
    statements = {}
    for email in ("amina@county.test", "nobody@county.test"):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(reverse("accounts:password_reset"), {"email": email})
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:password_reset_done")
        sql = [q["sql"] for q in queries.captured_queries]
        assert not any("accounts_user" in s for s in sql)
        statements[email] = len(sql)
    assert statements["amina@county.test"] == statements["nobody@county.test"]
    assert mail.outbox == []  # sent by the worker, not in the request


def test_reset_emails_are_limited_per_account(settings):
    settings.RESET_EMAILS_PER_ACCOUNT = 2
    from accord.accounts.tasks import password_reset_send

    make_user("amina@county.test")
    sent = [password_reset_send.call("AMINA@county.test") for _ in range(4)]
    assert sent == [1, 1, 0, 0]
    assert len(mail.outbox) == 2
    assert password_reset_send.call("nobody@county.test") == 0


def test_reset_requests_are_limited_per_address(client, settings):
    settings.RESET_EMAILS_PER_ADDRESS = 3
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.RESET_EMAILS_PER_ACCOUNT = 100
    make_user("amina@county.test")
    for _ in range(5):
        response = client.post(reverse("accounts:password_reset"), {"email": "amina@county.test"})
        assert response.status_code == 302  # the same answer when over the limit
    assert len(mail.outbox) == 3
