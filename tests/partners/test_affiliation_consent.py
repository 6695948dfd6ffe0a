"""Adding a person to an organization asks for their consent (issue 15, item 4): an
account created by someone else stays inactive until its owner confirms by email, and a
person who has an account is asked, not attached, and not named before they accept."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from accord.accounts.models import User
from accord.errors import Conflict, NotFound
from accord.notifications.models import Notification
from accord.partners import selectors, services
from accord.partners.models import Affiliation, AffiliationRequest
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def org_and_rep():
    rep = make_user("rep@org.test", "Rita Rep")
    org = services.organization_create(actor=rep, name="Org", sector="academic", capacity="medium")
    return org, rep


@pytest.fixture
def api_client(client):
    """A client that calls the API with a fresh token of ``user``."""
    from accord.accounts.services import access_token_create

    class Api:
        def __init__(self, user):
            _, self.secret = access_token_create(actor=user, name="test")

        def _headers(self):
            return {"Authorization": f"Bearer {self.secret}"}

        def get(self, url):
            return client.get(url, headers=self._headers())

        def post(self, url, data):
            return client.post(url, data, content_type="application/json", headers=self._headers())

    return Api


def _add(client, org, **data):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("partners:organization_detail", args=[org.pk]), data)


def test_an_existing_account_is_asked_not_attached_and_not_named(client, org_and_rep):
    org, rep = org_and_rep
    make_user("known@else.test", "Known Person")
    client.force_login(rep)
    response = _add(client, org, email="known@else.test", name="")
    assert response.status_code == 302
    assert not Affiliation.objects.filter(organization=org, user__email="known@else.test").exists()
    page = client.get(reverse("partners:organization_detail", args=[org.pk])).content.decode()
    assert "known@else.test" in page and "Known Person" not in page
    request = AffiliationRequest.objects.get(organization=org)
    assert request.answered_at is None and request.invited_by == rep
    assert Notification.objects.filter(
        user__email="known@else.test", verb="partners.affiliation_requested"
    ).exists()


def test_the_answer_does_not_tell_who_has_an_account(client, org_and_rep):
    org, rep = org_and_rep
    make_user("known@else.test", "Known Person")
    client.force_login(rep)
    messages = []
    for email in ("known@else.test", "unknown@else.test"):
        response = _add(client, org, email=email, name="Someone")
        page = client.get(response["Location"]).content.decode()
        messages.append(page.replace(email, "EMAIL"))
    status = [re.search(r'role="status"[^>]*>(.*?)<', m, re.S) for m in messages]
    assert status[0] and status[1] and status[0].group(1) == status[1].group(1)
    pending = selectors.affiliation_pending(organization=org)
    assert [p["email"] for p in pending] == ["known@else.test", "unknown@else.test"]


def test_the_api_answers_alike_for_known_and_unknown(client, org_and_rep, api_client):
    org, rep = org_and_rep
    make_user("known@else.test")
    api = api_client(rep)
    url = f"/api/v1/organizations/{org.pk}/people"
    known = api.post(url, {"email": "known@else.test"})
    unknown = api.post(url, {"email": "unknown@else.test"})
    assert known.status_code == unknown.status_code == 202
    assert known.json()["detail"] == unknown.json()["detail"]


def test_a_new_account_stays_inactive_until_its_owner_sets_a_password(client, org_and_rep):
    org, rep = org_and_rep
    client.force_login(rep)
    _add(client, org, email="new@org.test", name="New Person")
    user = User.objects.get(email="new@org.test")
    assert not user.is_active
    assert not client.login(username="new@org.test", password="anything")
    client.logout()
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[-1].body).group(1)
    response = client.get(link, follow=True)
    client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "a-Long-new-pass-42", "new_password2": "a-Long-new-pass-42"},
    )
    user.refresh_from_db()
    assert user.is_active
    assert client.login(username="new@org.test", password="a-Long-new-pass-42")
    assert selectors.affiliation_pending(organization=org) == []
    assert user in [a.user for a in selectors.affiliation_list(organization=org)]


def test_a_deactivated_account_is_not_reactivated_by_a_reset(client):
    from django.utils import timezone

    from accord.accounts import services as account_services

    user = make_user("gone@org.test")
    user.last_login = timezone.now()
    user.is_active = False
    user.save()
    assert account_services.account_confirm_pending(user=user) is False
    assert account_services.password_reset_email_send(email="gone@org.test") == 0


def test_the_invited_person_accepts_and_joins(client, org_and_rep):
    org, rep = org_and_rep
    known = make_user("known@else.test", "Known Person")
    client.force_login(rep)
    _add(client, org, email="known@else.test", is_representative="on")
    request = AffiliationRequest.objects.get(organization=org)
    client.force_login(known)
    url = reverse("partners:affiliation_request", args=[request.pk])
    assert "Org" in client.get(url).content.decode()
    response = client.post(url, {"answer": "accept"})
    assert response.status_code == 302
    affiliation = Affiliation.objects.get(organization=org, user=known)
    assert affiliation.is_representative
    assert Notification.objects.get(user=known, verb="partners.affiliation_requested").resolved_at
    assert Notification.objects.filter(user=rep, verb="partners.affiliation_answered").exists()
    # the answer is final
    with pytest.raises(Conflict):
        services.affiliation_request_answer(actor=known, request_id=request.pk, accept=False)


def test_the_invited_person_declines(client, org_and_rep):
    org, rep = org_and_rep
    known = make_user("known@else.test")
    services.affiliation_invite(actor=rep, organization=org, email="known@else.test")
    request = AffiliationRequest.objects.get(organization=org)
    services.affiliation_request_answer(actor=known, request_id=request.pk, accept=False)
    assert not Affiliation.objects.filter(organization=org, user=known).exists()
    assert selectors.affiliation_pending(organization=org) == []


@pytest.mark.parametrize("who", ["rep", "other", "anonymous"])
def test_only_the_invited_person_sees_and_answers_the_request(client, org_and_rep, who):
    org, rep = org_and_rep
    make_user("known@else.test")
    services.affiliation_invite(actor=rep, organization=org, email="known@else.test")
    request = AffiliationRequest.objects.get(organization=org)
    url = reverse("partners:affiliation_request", args=[request.pk])
    if who == "rep":
        client.force_login(rep)
    elif who == "other":
        client.force_login(make_user("other@x.test"))
    response = client.post(url, {"answer": "accept"})
    if who == "anonymous":
        assert response.status_code == 302 and "login" in response["Location"]
    else:
        assert response.status_code == 404
    assert not Affiliation.objects.filter(organization=org, user__email="known@else.test").exists()
    with pytest.raises(NotFound):
        services.affiliation_request_answer(actor=rep, request_id=request.pk, accept=True)


def test_asking_twice_is_a_conflict_and_changes_nothing(org_and_rep):
    org, rep = org_and_rep
    make_user("known@else.test")
    services.affiliation_invite(actor=rep, organization=org, email="known@else.test")
    with pytest.raises(Conflict):
        services.affiliation_invite(actor=rep, organization=org, email="known@else.test")
    assert AffiliationRequest.objects.filter(organization=org).count() == 1


def test_api_lists_and_answers_ones_own_requests(org_and_rep, api_client):
    org, rep = org_and_rep
    known = make_user("known@else.test")
    services.affiliation_invite(actor=rep, organization=org, email="known@else.test")
    api = api_client(known)
    listed = api.get("/api/v1/me/affiliation-requests").json()
    assert [r["organization"] for r in listed] == ["Org"]
    other = api_client(rep).post(
        f"/api/v1/affiliation-requests/{listed[0]['id']}/answer", {"accept": True}
    )
    assert other.status_code == 404
    answered = api.post(f"/api/v1/affiliation-requests/{listed[0]['id']}/answer", {"accept": True})
    assert answered.status_code == 200 and answered.json()["accepted"] is True
    assert Affiliation.objects.filter(organization=org, user=known).exists()
