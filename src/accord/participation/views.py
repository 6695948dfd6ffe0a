"""HTML views for participation rounds. Thin: parse, call one service or selector, render.

Every page works without JavaScript. A POST names its action (the submit button's
``action``); a refused action answers with its 4xx status and the page saying why, and
changes nothing. The public without an account takes part through the round's session
once their email is confirmed (``services/public.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from accord.core.http import add_error_to_form, download, handles_domain_errors
from accord.decisions import selectors as decision_selectors
from accord.errors import AccordError, Forbidden, NotFound
from accord.participation import forms, selectors, services
from accord.participation.groups import GROUP_LABELS
from accord.participation.models import (
    Audience,
    BallotKind,
    Phase,
    RoundKind,
)
from accord.partnerships import selectors as partnership_selectors
from accord.partnerships.selectors import member_organizations

SESSION_KEY = "participation_public_{round_id}"


def _partnership(request: HttpRequest, slug: str) -> Any:
    return partnership_selectors.partnership_get_for(
        actor=request.user,
        slug=slug,
        perm="participation.view_rounds",
        message=_("Participation rounds are visible to the partnership's people."),
    )


def _round(request: HttpRequest, slug: str, round_id: int) -> tuple[Any, Any]:
    partnership = _partnership(request, slug)
    return partnership, selectors.round_get(
        actor=request.user, partnership=partnership, round_id=round_id
    )


def _public(request: HttpRequest, round_: Any) -> Any:
    """The member of the public this browser confirmed, in a round open to the public."""
    if request.user.is_authenticated or round_.audience != Audience.PUBLIC:
        return None
    participant_id = request.session.get(SESSION_KEY.format(round_id=round_.pk))
    return selectors.participant_for(
        actor=request.user, round_=round_, public_participant_id=participant_id
    )


def _participant(request: HttpRequest, round_: Any) -> Any:
    public = _public(request, round_)
    return public or selectors.participant_for(actor=request.user, round_=round_)


def _dots(request: HttpRequest) -> int:
    """The dots of a support form (1 under approval, where the form sends none)."""
    value = request.POST.get("dots", "1")
    return int(value) if value.isdigit() else 0


def _context(request: HttpRequest, partnership: Any, **extra: Any) -> dict[str, Any]:
    return {
        "partnership": partnership,
        "tab": "participation",
        "is_insider": partnership_selectors.is_insider(actor=request.user, partnership=partnership),
        **extra,
    }


def _round_page(round_: Any, name: str = "round_detail") -> str:
    return reverse(
        f"participation:{name}", kwargs={"slug": round_.partnership.slug, "round_id": round_.pk}
    )


def _run(
    request: HttpRequest,
    form: Any,
    action: Callable[[dict[str, Any]], Any],
    success: str,
    then: str | Callable[[Any], str],
) -> tuple[HttpResponse | None, int]:
    """Validate ``form`` (None: a button without fields), call the service, answer.

    Returns a redirect on success; otherwise None and the status to render the page with
    (400 for invalid input, the error's own 4xx for a refused action). Not found and
    forbidden propagate, to be answered as such.
    """
    if form is not None and not form.is_valid():
        return None, 400
    try:
        result = action(form.cleaned_data if form is not None else {})
    except (NotFound, Forbidden):
        raise
    except AccordError as exc:
        if form is not None:
            add_error_to_form(form, exc)
        else:
            messages.error(request, exc.message)
        return None, exc.status_code
    messages.success(request, success)
    return redirect(then(result) if callable(then) else then), 200


# --- the list of rounds ------------------------------------------------------------------


@handles_domain_errors
def round_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    can_manage = request.user.has_perm("participation.manage_rounds", partnership)
    action = request.POST.get("action") if request.method == "POST" else None
    if action and not can_manage:
        raise Forbidden()
    members = member_organizations(partnership=partnership)
    round_form = (
        forms.RoundForm(request.POST if action == "create" else None, members=members)
        if can_manage
        else None
    )
    import_form = (
        forms.ImportForm(request.POST if action == "import" else None, request.FILES or None)
        if can_manage
        else None
    )
    status = 200
    if action == "create":
        done, status = _run(
            request,
            round_form,
            lambda d: services.round_create(actor=request.user, partnership=partnership, **d),
            _("Round drafted: set its dates to open it."),
            _round_page,
        )
        if done:
            return done
    elif action == "import":
        done, status = _run(
            request,
            import_form,
            lambda d: services.round_import_pabulib(
                actor=request.user,
                partnership=partnership,
                content=d["file"].read(),
                title=d["title"],
                rule=d["rule"] or None,
            ),
            _("The file is imported."),
            lambda round_: _round_page(round_, "round_results"),
        )
        if done:
            return done
    rounds = selectors.round_list(actor=request.user, partnership=partnership)
    return TemplateResponse(
        request,
        "participation/round_list.html",
        _context(
            request,
            partnership,
            rounds=rounds,
            round_form=round_form,
            import_form=import_form,
        ),
        status=status,
    )


# --- a round -----------------------------------------------------------------------------


def _round_forms(request: HttpRequest, round_: Any, action: str | None) -> dict[str, Any]:
    """The forms of the round page the actor may use, bound to the POST that names them."""
    user = request.user
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None

    def bound(name: str) -> Any:
        return data if action == name else None

    result: dict[str, Any] = {}
    may_manage = user.has_perm("participation.manage_round", round_)
    if may_manage and round_.phase == Phase.DRAFT:
        opening = data if action in ("open", "propose_open") else None
        result["open_form"] = forms.OpenForm(opening, round_=round_)
        # Under the partnership's rule, the opening may be put to the vote instead.
        result["opening_rule"] = decision_selectors.governing_rule(
            partnership=round_.partnership, kind=services.rounds.round_opening_kind(round_)
        )
    if may_manage:
        result["facilitator_form"] = forms.FacilitatorForm(bound("facilitator"))
    takes_part = user.has_perm("participation.take_part", round_) or _public(request, round_)
    if round_.kind == RoundKind.ISSUES and takes_part and round_.phase == Phase.COLLECT:
        result["issue_form"] = forms.IssueForm(
            bound("issue"),
            files if action == "issue" else None,
            targets=partnership_selectors.sdg_target_list(),
        )
    if round_.kind == RoundKind.OPINIONS and takes_part and round_.phase == Phase.COLLECT:
        result["statement_form"] = forms.StatementForm(bound("statement"))
    if (
        round_.kind == RoundKind.BUDGET
        and (takes_part or may_manage)
        and round_.phase == Phase.COLLECT
        and not round_.is_imported
    ):
        result["project_form"] = forms.ProjectForm(
            bound("project"), members=member_organizations(partnership=round_.partnership)
        )
    if (
        not user.is_authenticated
        and round_.audience == Audience.PUBLIC
        and round_.is_open
        and not _public(request, round_)
    ):
        result["join_form"] = forms.PublicJoinForm(bound("join"))
    return result


def _round_action(
    request: HttpRequest, round_: Any, action: str, page_forms: dict[str, Any]
) -> tuple[HttpResponse | None, int]:
    """Run one POST action of the round page."""
    user = request.user
    public = _public(request, round_)
    here = _round_page(round_)

    def form(name: str) -> Any:
        found = page_forms.get(name)
        if found is None:
            raise Forbidden()
        return found

    def post_int(name: str) -> int:
        try:
            return int(request.POST.get(name, ""))
        except ValueError:
            raise NotFound(_("Not found.")) from None

    if action == "open":
        return _run(
            request,
            form("open_form"),
            lambda d: services.round_open(actor=user, round_=round_, **d),
            _("The round is open."),
            here,
        )
    if action == "propose_open":
        return _run(
            request,
            form("open_form"),
            lambda d: services.round_open_propose(actor=user, round_=round_, **d),
            _("The opening of the round is put to the vote."),
            lambda proposal: reverse(
                "decisions:proposal_detail", args=[round_.partnership.slug, proposal.pk]
            ),
        )
    if action == "advance":
        return _run(
            request,
            None,
            lambda d: services.round_phase_advance(actor=user, round_=round_),
            _("The round moved on."),
            here,
        )
    if action == "facilitator":
        return _run(
            request,
            form("facilitator_form"),
            lambda d: services.facilitator_add(
                actor=user,
                round_=round_,
                user=selectors.facilitator_candidate(round_=round_, email=d["email"]),
            ),
            _("Facilitator added."),
            here,
        )
    if action == "issue":
        return _run(
            request,
            form("issue_form"),
            lambda d: services.issue_submit(actor=user, round_=round_, public=public, **d),
            _("Thank you: your issue is listed."),
            here,
        )
    if action in ("support", "unsupport"):
        issue = selectors.issue_get(round_=round_, issue_id=post_int("issue"))
        if action == "unsupport":
            return _run(
                request,
                None,
                lambda d: services.issue_unsupport(
                    actor=user, round_=round_, issue=issue, public=public
                ),
                _("Support withdrawn."),
                here,
            )
        return _run(
            request,
            None,
            lambda d: services.issue_support(
                actor=user, round_=round_, issue=issue, dots=_dots(request), public=public
            ),
            _("Your support is counted."),
            here,
        )
    if action == "statement":
        return _run(
            request,
            form("statement_form"),
            lambda d: services.statement_add(actor=user, round_=round_, public=public, **d),
            _("Your statement is added."),
            here,
        )
    if action == "statement_vote":
        vote_form = forms.StatementVoteForm(request.POST)
        if not vote_form.is_valid():
            return None, 400
        statement = selectors.statement_get(
            round_=round_, statement_id=vote_form.cleaned_data["statement"]
        )
        return _run(
            request,
            None,
            lambda d: services.statement_vote(
                actor=user,
                round_=round_,
                statement=statement,
                choice=vote_form.cleaned_data["choice"],
                public=public,
            ),
            _("Vote recorded."),
            here + "#vote",
        )
    if action == "hide_statement":
        statement = selectors.statement_get(round_=round_, statement_id=post_int("statement"))
        hide_form = forms.HideForm(request.POST)
        return _run(
            request,
            hide_form,
            lambda d: services.statement_hide(actor=user, statement=statement, reason=d["reason"]),
            _("Statement hidden."),
            here,
        )
    if action == "project":
        return _run(
            request,
            form("project_form"),
            lambda d: services.project_propose(actor=user, round_=round_, public=public, **d),
            _("Project proposed."),
            here,
        )
    if action in ("accept", "reject"):
        project = selectors.project_get(round_=round_, project_id=post_int("project"))
        review_form = forms.ReviewForm(request.POST)
        return _run(
            request,
            review_form,
            lambda d: services.project_review(
                actor=user, project=project, feasible=action == "accept", reason=d["reason"]
            ),
            _("Review recorded."),
            here,
        )
    if action == "join":
        return _run(
            request,
            form("join_form"),
            lambda d: services.public_join_request(round_=round_, email=d["email"]),
            _("We sent you a link: follow it to confirm your email and take part."),
            here,
        )
    raise NotFound(_("Unknown action."))


@handles_domain_errors
def round_detail(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    partnership, round_ = _round(request, slug, round_id)
    action = request.POST.get("action", "") if request.method == "POST" else None
    page_forms = _round_forms(request, round_, action)
    status = 200
    if action:
        done, status = _round_action(request, round_, action, page_forms)
        if done:
            return done
    participant = _participant(request, round_)
    user = request.user
    context = _context(
        request,
        partnership,
        round=round_,
        participant=participant,
        may_manage=user.has_perm("participation.manage_round", round_),
        may_moderate=user.has_perm("participation.moderate_round", round_),
        may_facilitate=user.has_perm("participation.enter_paper_ballot", round_),
        takes_part=bool(participant) or user.has_perm("participation.take_part", round_),
        counts=selectors.participant_counts(round_=round_),
        group_labels=GROUP_LABELS,
        facilitators=list(selectors.facilitator_list(round_=round_)),
        **page_forms,
    )
    if round_.kind == RoundKind.ISSUES:
        context["board"] = selectors.issue_board(actor=user, round_=round_, participant=participant)
    elif round_.kind == RoundKind.OPINIONS:
        context["statements"] = list(selectors.statement_list(round_=round_))
        context["next_statement"] = (
            selectors.statement_next(round_=round_, participant=participant)
            if round_.phase in (Phase.COLLECT, Phase.VOTE)
            else None
        )
        context["statements_left"] = selectors.statements_left(
            round_=round_, participant=participant
        )
        context["my_votes"] = selectors.my_votes(participant=participant)
        context["summary"] = selectors.opinion_summary(round_=round_)
        # A large round's map comes from the task worker; the page reads what is ready.
        state = services.opinion_map_for_page(round_=round_, votes=context["summary"]["votes"])
        context["opinion_map"], context["map_state"] = state.map, state
    else:
        context["projects"] = list(selectors.project_list(round_=round_))
        context["ballots"] = selectors.ballot_counts(round_=round_)
        context["my_ballot"] = selectors.ballot_for(round_=round_, participant=participant)
        if round_.fund_holder_id and not round_.is_imported:
            context["pool"] = selectors.pool_figures(
                partnership=partnership, holder=round_.fund_holder, exclude_round=round_
            )
    return TemplateResponse(request, "participation/round_detail.html", context, status=status)


# --- issues ------------------------------------------------------------------------------


@handles_domain_errors
def issue_detail(request: HttpRequest, slug: str, round_id: int, issue_id: int) -> HttpResponse:
    partnership, round_ = _round(request, slug, round_id)
    if round_.kind != RoundKind.ISSUES:
        raise NotFound(_("No such issue."))
    issue = selectors.issue_get(round_=round_, issue_id=issue_id)
    user = request.user
    may_moderate = user.has_perm("participation.moderate_round", round_)
    may_manage = user.has_perm("participation.manage_round", round_)
    members = member_organizations(partnership=partnership)
    action = request.POST.get("action", "") if request.method == "POST" else None
    data = request.POST if action else None
    hide_form = forms.HideForm(data if action == "hide" else None) if may_moderate else None
    merge_form = (
        forms.MergeForm(
            data if action == "merge" else None,
            targets=selectors.merge_targets(round_=round_, issue=issue),
        )
        if may_moderate
        else None
    )
    activity_form = (
        forms.ActivityForm(data if action == "to_activity" else None, members=members)
        if may_manage
        else None
    )
    project_form = (
        forms.IssueProjectForm(
            data if action == "to_project" else None,
            members=members,
            rounds=selectors.budget_rounds_collecting(actor=user, partnership=partnership),
        )
        if may_manage
        else None
    )
    status = 200
    here = reverse(
        "participation:issue_detail",
        kwargs={"slug": slug, "round_id": round_.pk, "issue_id": issue.pk},
    )
    if action:
        public = _public(request, round_)
        actions: dict[str, tuple[Any, Callable[[dict[str, Any]], Any], str]] = {
            "support": (
                None,
                lambda d: services.issue_support(
                    actor=user, round_=round_, issue=issue, dots=_dots(request), public=public
                ),
                _("Your support is counted."),
            ),
            "unsupport": (
                None,
                lambda d: services.issue_unsupport(
                    actor=user, round_=round_, issue=issue, public=public
                ),
                _("Support withdrawn."),
            ),
            "hide": (
                hide_form,
                lambda d: services.issue_hide(actor=user, issue=issue, reason=d["reason"]),
                _("The issue is hidden; its reason stays visible."),
            ),
            "merge": (
                merge_form,
                lambda d: services.issue_merge(actor=user, duplicate=issue, into=d["into"]),
                _("Merged: its supports carried over."),
            ),
            "to_proposal": (
                None,
                lambda d: services.issue_to_proposal(actor=user, issue=issue),
                _("The issue is a draft proposal now."),
            ),
            "to_activity": (
                activity_form,
                lambda d: services.issue_to_activity(
                    actor=user, issue=issue, lead_organization=d["lead_organization"]
                ),
                _("The issue is in the workplan now."),
            ),
            "to_project": (
                project_form,
                lambda d: services.issue_to_project(
                    actor=user,
                    issue=issue,
                    round_=d["budget_round"],
                    cost=d["cost"],
                    owner=d["owner"],
                ),
                _("The issue is a budget project now."),
            ),
        }
        if action not in actions:
            raise NotFound(_("Unknown action."))
        form, run, success = actions[action]
        if form is None and action in ("hide", "merge", "to_activity", "to_project"):
            raise Forbidden()
        done, status = _run(request, form, run, success, here)
        if done:
            return done
        issue = selectors.issue_get(round_=round_, issue_id=issue_id)
    participant = _participant(request, round_)
    board = selectors.issue_board(actor=user, round_=round_, participant=participant)
    view = next(v for v in board.views if v.pk == issue.pk)
    return TemplateResponse(
        request,
        "participation/issue_detail.html",
        _context(
            request,
            partnership,
            round=round_,
            view=view,
            board=board,
            participant=participant,
            may_moderate=may_moderate,
            may_manage=may_manage,
            takes_part=bool(participant) or user.has_perm("participation.take_part", round_),
            hide_form=hide_form,
            merge_form=merge_form,
            activity_form=activity_form,
            project_form=project_form,
            has_merge_targets=merge_form is not None
            and merge_form.fields["into"].queryset.exists(),  # type: ignore[attr-defined]
            has_budget_rounds=project_form is not None
            and project_form.fields["budget_round"].queryset.exists(),  # type: ignore[attr-defined]
        ),
        status=status,
    )


@handles_domain_errors
def issue_photo(request: HttpRequest, slug: str, round_id: int, issue_id: int) -> HttpResponse:
    """An issue's photo, for those who may see the round; never a hidden issue's (except
    to its moderators), never served as a public file."""
    _, round_ = _round(request, slug, round_id)
    issue = selectors.issue_get(round_=round_, issue_id=issue_id)
    view = selectors.issue_view(actor=request.user, round_=round_, issue=issue)
    if not issue.photo or (view.is_hidden and not view.title):
        raise NotFound(_("No photo."))
    response = FileResponse(issue.photo.open("rb"), content_type=issue.photo_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


# --- budget rounds -----------------------------------------------------------------------


def _budget_round(request: HttpRequest, slug: str, round_id: int) -> tuple[Any, Any]:
    partnership, round_ = _round(request, slug, round_id)
    if round_.kind != RoundKind.BUDGET:
        raise NotFound(_("No such round."))
    return partnership, round_


@handles_domain_errors
def ballot(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    """The online ballot of a budget round."""
    partnership, round_ = _budget_round(request, slug, round_id)
    projects = selectors.ballot_projects(round_=round_)
    participant = _participant(request, round_)
    public = _public(request, round_)
    form = forms.BallotForm(
        request.POST if request.method == "POST" else None, round_=round_, projects=projects
    )
    status = 200
    if request.method == "POST":

        def cast(data: dict[str, Any]) -> Any:
            return services.ballot_cast(
                actor=request.user, round_=round_, selections=form.selections(), public=public
            )

        done, status = _run(
            request,
            form,
            cast,
            _("Your ballot is recorded. Thank you for voting."),
            _round_page(round_),
        )
        if done:
            return done
    return TemplateResponse(
        request,
        "participation/ballot.html",
        _context(
            request,
            partnership,
            round=round_,
            form=form,
            projects=projects,
            my_ballot=selectors.ballot_for(round_=round_, participant=participant),
            takes_part=bool(participant)
            or request.user.has_perm("participation.take_part", round_),
            is_cumulative=round_.ballot_kind == BallotKind.CUMULATIVE,
            is_ranking=round_.ballot_kind == BallotKind.ORDINAL,
        ),
        status=status,
    )


@handles_domain_errors
def ballot_print(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    """A printable paper ballot (print stylesheet, no JavaScript)."""
    partnership, round_ = _budget_round(request, slug, round_id)
    return TemplateResponse(
        request,
        "participation/ballot_print.html",
        _context(
            request,
            partnership,
            round=round_,
            projects=selectors.ballot_projects(round_=round_),
            is_cumulative=round_.ballot_kind == BallotKind.CUMULATIVE,
            is_ranking=round_.ballot_kind == BallotKind.ORDINAL,
        ),
    )


@handles_domain_errors
def paper_ballot(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    """A facilitator enters the paper ballots of named participants."""
    partnership, round_ = _budget_round(request, slug, round_id)
    if not request.user.has_perm("participation.enter_paper_ballot", round_):
        raise Forbidden(_("Only the round's facilitators and coordinators enter paper ballots."))
    projects = selectors.ballot_projects(round_=round_)
    form = forms.PaperBallotForm(
        request.POST if request.method == "POST" else None,
        round_=round_,
        projects=projects,
        people=selectors.eligible_people(round_=round_),
    )
    status = 200
    if request.method == "POST":

        def enter(data: dict[str, Any]) -> Any:
            return services.paper_ballot_enter(
                actor=request.user,
                round_=round_,
                selections=form.selections(),
                person=data.get("person"),
                name=data.get("name", ""),
                group=data.get("group", ""),
            )

        done, status = _run(
            request,
            form,
            enter,
            _("Paper ballot entered."),
            _round_page(round_, "paper_ballot"),
        )
        if done:
            return done
    return TemplateResponse(
        request,
        "participation/paper_ballot.html",
        _context(
            request,
            partnership,
            round=round_,
            form=form,
            projects=projects,
            entered=list(selectors.paper_ballot_list(round_=round_)[:200]),
            counts=selectors.ballot_counts(round_=round_),
        ),
        status=status,
    )


@handles_domain_errors
def round_results(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    """What the budget round decided, why, and how much each group's voters decided."""
    partnership, round_ = _budget_round(request, slug, round_id)
    status = 200
    if request.method == "POST":
        done, status = _run(
            request,
            None,
            lambda d: services.round_winners_fund(actor=request.user, round_=round_),
            _("The winning projects are in the workplan, with their pledges from the pool."),
            _round_page(round_, "round_results"),
        )
        if done:
            return done
    return TemplateResponse(
        request,
        "participation/round_results.html",
        _context(
            request,
            partnership,
            round=round_,
            results=selectors.budget_results(round_=round_),
            may_manage=request.user.has_perm("participation.manage_round", round_),
        ),
        status=status,
    )


@handles_domain_errors
def round_export(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    """The round as a pabulib .pb file."""
    _, round_ = _budget_round(request, slug, round_id)
    filename, text = selectors.pabulib_export(round_=round_)
    return download(text, filename=filename, content_type="text/plain")


# --- the public's email ------------------------------------------------------------------


@handles_domain_errors
def public_join(request: HttpRequest, slug: str, round_id: int, token: str) -> HttpResponse:
    """The link of the confirmation email: a button to confirm (a GET changes nothing)."""
    partnership, round_ = _round(request, slug, round_id)
    status = 200
    if request.method == "POST":
        try:
            participant = services.public_join_confirm(round_=round_, token=token)
        except (NotFound, Forbidden):
            raise
        except AccordError as exc:
            messages.error(request, exc.message)
            status = exc.status_code
        else:
            request.session[SESSION_KEY.format(round_id=round_.pk)] = participant.pk
            messages.success(request, _("Your email is confirmed: you take part in this round."))
            return redirect(_round_page(round_))
    return TemplateResponse(
        request,
        "participation/public_join.html",
        _context(request, partnership, round=round_),
        status=status,
    )


__all__ = [
    "ballot",
    "ballot_print",
    "issue_detail",
    "issue_photo",
    "paper_ballot",
    "public_join",
    "round_detail",
    "round_export",
    "round_list",
    "round_results",
]
