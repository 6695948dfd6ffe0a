"""Issue naming: submitting, supporting by approval or dots, moderation, the bridging rank
beside the plain count, and turning an issue into a proposal, an activity or a project."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accord.errors import Conflict, Forbidden, Invalid
from accord.participation import groups, selectors, services
from accord.participation.models import Issue, IssueSupport, Phase, RoundParticipant
from tests.conftest import make_user
from tests.decisions.conftest import add_member
from tests.participation.conftest import advance_to, budget_round, fund_pool, issues_round


def submit(world, round_, role="community", title="Farm runoff", **extra):
    return services.issue_submit(
        actor=world.users[role], round_=round_, title=title, text="Green water.", **extra
    )


def png(size=(4, 4)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, "PNG")
    return SimpleUploadedFile("lake.png", buffer.getvalue(), content_type="image/png")


def test_participants_name_issues_while_the_round_collects(world, collecting_issues):
    issue = submit(world, collecting_issues, place="North shore", photo=png())
    assert issue.photo_type == "image/png"
    participant = RoundParticipant.objects.get(user=world.users["community"])
    assert participant.group == groups.INDIVIDUALS
    staff_issue = submit(world, collecting_issues, role="staff", title="Landing sanitation")
    assert staff_issue.author.group == "philanthropic"  # the Foundation's sector


@pytest.mark.parametrize("role", ["observer", "stranger", "outsider", "invitee"])
def test_people_outside_the_audience_cannot_take_part(world, collecting_issues, role):
    with pytest.raises(Forbidden):
        submit(world, collecting_issues, role=role)
    assert not Issue.objects.exists() and not RoundParticipant.objects.exists()


def test_a_round_for_community_participants_refuses_staff(world):
    round_ = advance_to(world, issues_round(world, audience="community"), Phase.COLLECT)
    with pytest.raises(Forbidden):
        submit(world, round_, role="staff")
    submit(world, round_, role="community")


def test_photos_are_checked_by_content_and_size(world, collecting_issues):
    fake = SimpleUploadedFile("lake.png", b"not an image at all", content_type="image/png")
    with pytest.raises(Invalid) as bad:
        submit(world, collecting_issues, photo=fake)
    assert "photo" in bad.value.field_errors
    big = SimpleUploadedFile(
        "big.png", b"\x89PNG" + b"0" * (2 * 1024 * 1024), content_type="image/png"
    )
    with pytest.raises(Invalid) as bad:
        submit(world, collecting_issues, photo=big)
    assert "2 MB" in bad.value.message
    assert not Issue.objects.exists()


def test_no_issue_named_outside_the_collect_phase(world, collecting_issues):
    services.round_phase_advance(actor=world.users["coordinator"], round_=collecting_issues)
    with pytest.raises(Conflict):
        submit(world, collecting_issues)


def test_support_only_while_voting_and_once(world, collecting_issues):
    issue = submit(world, collecting_issues)
    with pytest.raises(Conflict):  # a closed phase
        services.issue_support(actor=world.users["staff"], round_=collecting_issues, issue=issue)
    advance_to(world, collecting_issues, Phase.VOTE)
    services.issue_support(actor=world.users["staff"], round_=collecting_issues, issue=issue)
    services.issue_support(actor=world.users["staff"], round_=collecting_issues, issue=issue)
    assert IssueSupport.objects.count() == 1
    with pytest.raises(Invalid):  # no dots under approval
        services.issue_support(
            actor=world.users["staff"], round_=collecting_issues, issue=issue, dots=3
        )
    advance_to(world, collecting_issues, Phase.RESULTS)
    with pytest.raises(Conflict):
        services.issue_unsupport(actor=world.users["staff"], round_=collecting_issues, issue=issue)
    assert IssueSupport.objects.count() == 1


def test_dots_are_limited_per_round(world):
    round_ = advance_to(world, issues_round(world, support_mode="dots", dots=5), Phase.COLLECT)
    a, b = submit(world, round_, title="A"), submit(world, round_, title="B")
    advance_to(world, round_, Phase.VOTE)
    staff = world.users["staff"]
    services.issue_support(actor=staff, round_=round_, issue=a, dots=3)
    with pytest.raises(Invalid) as bad:
        services.issue_support(actor=staff, round_=round_, issue=b, dots=3)
    assert "2 left" in bad.value.message
    services.issue_support(actor=staff, round_=round_, issue=b, dots=2)
    services.issue_support(actor=staff, round_=round_, issue=a, dots=1)  # move dots
    services.issue_support(actor=staff, round_=round_, issue=b, dots=4)
    assert dict(IssueSupport.objects.values_list("issue__title", "dots")) == {"A": 1, "B": 4}


def test_hidden_issues_keep_their_reason_and_hide_their_text(world, collecting_issues):
    issue = submit(world, collecting_issues)
    with pytest.raises(Invalid):
        services.issue_hide(actor=world.users["coordinator"], issue=issue, reason=" ")
    with pytest.raises(Forbidden):
        services.issue_hide(actor=world.users["staff"], issue=issue, reason="Spam")
    services.issue_hide(actor=world.users["coordinator"], issue=issue, reason="Names a person")
    board = selectors.issue_board(actor=world.users["staff"], round_=collecting_issues)
    view = board.views[0]
    assert view.is_hidden and view.title == "" and view.text == ""
    assert view.hidden_reason == "Names a person"
    assert board.bridging == []
    moderator = selectors.issue_board(actor=world.users["coordinator"], round_=collecting_issues)
    assert moderator.views[0].title == "Farm runoff"
    advance_to(world, collecting_issues, Phase.VOTE)
    with pytest.raises(Conflict):
        services.issue_support(actor=world.users["staff"], round_=collecting_issues, issue=issue)


def test_merging_carries_supports_over_and_counts_nobody_twice(world):
    round_ = advance_to(world, issues_round(world, support_mode="dots", dots=10), Phase.COLLECT)
    keep, duplicate = submit(world, round_, title="Runoff"), submit(world, round_, title="Runoff!")
    advance_to(world, round_, Phase.VOTE)
    both, only_dup = world.users["staff"], world.users["community"]
    services.issue_support(actor=both, round_=round_, issue=keep, dots=2)
    services.issue_support(actor=both, round_=round_, issue=duplicate, dots=3)
    services.issue_support(actor=only_dup, round_=round_, issue=duplicate, dots=1)
    services.issue_merge(actor=world.users["coordinator"], duplicate=duplicate, into=keep)
    supports = {s.participant.user: s.dots for s in IssueSupport.objects.filter(issue=keep)}
    assert supports == {both: 5, only_dup: 1}
    assert not IssueSupport.objects.filter(issue=duplicate).exists()
    with pytest.raises(Conflict):
        services.issue_merge(actor=world.users["coordinator"], duplicate=duplicate, into=keep)
    with pytest.raises(Invalid):
        services.issue_merge(actor=world.users["coordinator"], duplicate=keep, into=keep)
    board = selectors.issue_board(actor=both, round_=round_)
    assert [v.pk for v in board.bridging] == [keep.pk]
    assert board.bridging[0].supporters == 2 and board.bridging[0].dots == 6


def test_the_bridging_rank_prefers_support_across_groups(world):
    """Six public-sector staff back one issue; one person in each of three groups back
    another. The plain count puts the first on top, the bridging rank the second."""
    for name in ("Water Authority", "Fisheries Ministry"):
        add_member(world, name, "public")
    round_ = advance_to(world, issues_round(world), Phase.COLLECT)
    largest = submit(world, round_, title="Largest group only")
    bridging = submit(world, round_, title="Across groups")
    advance_to(world, round_, Phase.VOTE)
    county = world.orgs["county"]
    from accord.partners import services as partner_services

    public_staff = []
    for k in range(6):
        person = make_user(f"clerk{k}@county.test")
        partner_services.affiliation_add(
            actor=world.users["coordinator"], organization=county, email=person.email
        )
        public_staff.append(person)
    for person in public_staff:
        services.issue_support(actor=person, round_=round_, issue=largest)
    for role in ("staff", "community", "small_representative"):
        services.issue_support(actor=world.users[role], round_=round_, issue=bridging)
    board = selectors.issue_board(actor=world.users["staff"], round_=round_)
    assert [v.title for v in board.plain] == ["Largest group only", "Across groups"]
    assert [v.title for v in board.bridging] == ["Across groups", "Largest group only"]
    assert board.orders_differ
    assert (
        "<svg" in board.bridging[0].chart_svg
        and "Community participants" in board.bridging[0].chart_svg
    )
    assert {g for g, _, _ in board.groups} == {
        "public",
        "philanthropic",
        "community",
        "individuals",
    }


def test_an_issue_becomes_a_proposal_an_activity_and_a_project(world, collecting_issues):
    issue = submit(world, collecting_issues)
    coordinator = world.users["coordinator"]
    with pytest.raises(Forbidden):
        services.issue_to_proposal(actor=world.users["community"], issue=issue)
    proposal = services.issue_to_proposal(actor=coordinator, issue=issue)
    assert proposal.title == "Farm runoff" and Issue.objects.get().proposal == proposal
    with pytest.raises(Conflict):
        services.issue_to_proposal(actor=coordinator, issue=issue)
    activity = services.issue_to_activity(
        actor=coordinator, issue=issue, lead_organization=world.orgs["coop"]
    )
    assert Issue.objects.get().activity == activity
    fund_pool(world)
    budget = advance_to(world, budget_round(world), Phase.COLLECT)
    project = services.issue_to_project(
        actor=coordinator, issue=issue, round_=budget, cost="120000", owner=world.orgs["coop"]
    )
    assert project.issue == issue and project.round == budget
    with pytest.raises(Conflict):
        services.issue_to_project(
            actor=coordinator, issue=issue, round_=budget, cost="1", owner=world.orgs["coop"]
        )
