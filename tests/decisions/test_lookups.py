"""What the decisions API looks up from a payload: a reply's parent on this proposal only,
and a ballot's organization among the members; downloads are attachments."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accord.decisions import services
from accord.decisions.models import Ballot, Comment
from tests.api.conftest import Api
from tests.decisions.conftest import proposal_in_voting


def _comments(voting):
    return f"/partnerships/{voting.partnership.slug}/proposals/{voting.proposal.pk}/comments"


def test_a_reply_names_a_parent_on_the_same_proposal(client, voting):
    other = proposal_in_voting(voting, title="Another")
    elsewhere = services.comment_add(
        actor=voting.users["coordinator"], proposal=other, body="Elsewhere", stance="question"
    )
    here = services.comment_add(
        actor=voting.users["coordinator"], proposal=voting.proposal, body="Here", stance="question"
    )
    api = Api(client, voting)
    refused = api.post(
        "representative", _comments(voting), {"body": "Re", "parent_id": elsewhere.pk}
    )
    assert refused.status_code == 400 and "parent_id" in refused.json()["detail"]
    reply = api.post("representative", _comments(voting), {"body": "Re", "parent_id": here.pk})
    assert reply.status_code == 201 and reply.json()["parent_id"] == here.pk
    assert Comment.objects.filter(parent=here).count() == 1


@pytest.mark.parametrize(("org", "status"), [("foundation", 201), ("school", 403), ("youth", 403)])
def test_a_ballot_is_cast_for_a_member_organization(client, voting, org, status):
    response = Api(client, voting).post(
        "representative",
        f"/partnerships/{voting.partnership.slug}/proposals/{voting.proposal.pk}/ballots",
        {"choice": "yes", "organization_id": voting.orgs[org].pk},
    )
    assert response.status_code == status
    assert Ballot.objects.exists() == (status == 201)


def test_the_decision_log_downloads_as_csv(client, voting):
    client.force_login(voting.users["observer"])
    response = client.get(reverse("decisions:decision_log_export", args=[voting.partnership.slug]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="{voting.partnership.slug}-decisions.csv"'
    )
    assert response.content.decode().startswith("proposal_id,title")


def test_the_ballots_download_as_preflib_from_the_page_and_the_api(client, voting):
    slug, pk = voting.partnership.slug, voting.proposal.pk
    client.force_login(voting.users["coordinator"])
    page = client.get(reverse("decisions:proposal_ballots_export", args=[slug, pk]))
    api = Api(client, voting).get("coordinator", f"/partnerships/{slug}/proposals/{pk}/preflib")
    for response in (page, api):
        assert response.status_code == 200
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert response["Content-Disposition"].startswith('attachment; filename="')
    assert page.content == api.content
