"""HTML views for joint decisions. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accord.core.http import add_error_to_form, download, form_submit, handles_domain_errors
from accord.core.spreadsheets import Sheet, spreadsheet
from accord.decisions import choice_rules, forms, selectors, services
from accord.decisions.models import Chamber, Secrecy
from accord.decisions.preset_texts import shown_presets
from accord.errors import AccordError, Forbidden, Invalid, NotFound
from accord.partnerships import selectors as partnership_selectors
from accord.partnerships.roles import represented_organization_ids
from accord.partnerships.selectors import member_organizations


def _partnership(request: HttpRequest, slug: str) -> Any:
    """The partnership if the actor may see its decisions: 404 outside, 403 for the public."""
    return partnership_selectors.partnership_get_for(
        actor=request.user,
        slug=slug,
        perm="decisions.view_decisions",
        message=_("Decisions are visible to the partnership's members."),
    )


def _proposal_page(slug: str, proposal: Any) -> str:
    return reverse("decisions:proposal_detail", kwargs={"slug": slug, "proposal_id": proposal.pk})


def _context(request: HttpRequest, partnership: Any, **extra: Any) -> dict[str, Any]:
    return {
        "partnership": partnership,
        "tab": "decisions",
        "roles": partnership_selectors.actor_roles(actor=request.user, partnership=partnership),
        "is_insider": True,
        **extra,
    }


@handles_domain_errors
def proposal_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    can_add = request.user.has_perm("decisions.add_proposal", partnership)
    form = (
        forms.ProposalForm(
            request.POST or None,
            groups=partnership_selectors.group_labels(partnership=partnership),
        )
        if can_add
        else None
    )
    done = form_submit(
        request,
        form,
        lambda data: services.proposal_create(actor=request.user, partnership=partnership, **data),
        success=_("Proposal drafted."),
        then=lambda proposal: _proposal_page(slug, proposal),
    )
    if done:
        return done
    finder = forms.ProposalFindForm(request.GET or None, auto_id="find_%s")
    found = finder.cleaned_data if finder.is_bound and finder.is_valid() else {}
    page = Paginator(selectors.proposal_find(partnership=partnership, **found), 50).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(
        request,
        "decisions/proposal_list.html",
        _context(
            request,
            partnership,
            proposals=list(page),
            page=page,
            finder=finder,
            is_filtered=any(found.values()),
            query=query.urlencode(),
            form=form,
        ),
    )


def _ballot_form(proposal: Any, voters: Any, data: Any = None, chamber: str = "") -> Any:
    """The yes/no ballot form (for ``chamber``), or the ranked / approval / score one."""
    if choice_rules.is_alternatives_proposal(proposal):
        individuals = proposal.chambers == (Chamber.INDIVIDUALS,)
        return forms.PreferenceBallotForm(
            data,
            organizations=voters,
            proposal=proposal,
            chamber=Chamber.INDIVIDUALS if individuals else "",
        )
    if proposal.chambers == (Chamber.INDIVIDUALS,):
        chamber = Chamber.INDIVIDUALS  # everyone votes as themselves: no organization field
    elif len(proposal.chambers) == 1:
        chamber = ""  # organizations only, as before: the form need not say
    elif chamber not in Chamber.values:
        chamber = Chamber.ORGANIZATIONS
    return forms.BallotForm(data, organizations=voters, chamber=chamber)


def _ballot_slots(
    request: HttpRequest, proposal: Any, voters: Any, with_errors: Any, can_vote: bool
) -> list[dict[str, Any]]:
    """One form per chamber the actor votes in, the one that failed with its errors
    (shown even when voting has just closed, so that the refusal is explained)."""
    panels = (
        selectors.ballot_panels(actor=request.user, proposal=proposal, organizations=list(voters))
        if can_vote
        else []
    )
    slots = []
    for panel in panels:
        form = _ballot_form(proposal, voters, chamber=panel.chamber)
        if with_errors is not None and getattr(with_errors, "chamber", "") in ("", panel.chamber):
            form, with_errors = with_errors, None
        slots.append({"panel": panel, "form": form})
    if with_errors is not None:
        heading = {"chamber": getattr(with_errors, "chamber", ""), "heading": _("Your ballot")}
        slots.append({"panel": heading, "form": with_errors})
    return slots


def _alternatives_act(request: HttpRequest, proposal: Any, action: str) -> tuple[str, Any]:
    """Add, remove or move up one alternative of a draft (``services.alternatives_set``)."""
    current = selectors.alternative_list(proposal=proposal)
    names = [a.name for a in current]
    if action == "alternative_add":
        form = forms.AlternativeForm(request.POST)
        if not form.is_valid():
            return "", form
        names.append(form.cleaned_data["name"])
        message = _("Alternative added.")
    else:
        chosen = request.POST.get("alternative", "")
        index = next((k for k, a in enumerate(current) if str(a.pk) == chosen), None)
        if index is None:
            raise Invalid(_("No such alternative."))
        if action == "alternative_remove":
            del names[index]
            message = _("Alternative removed.")
        else:
            if index > 0:
                names[index - 1], names[index] = names[index], names[index - 1]
            message = _("Alternative moved up.")
    services.alternatives_set(actor=request.user, proposal=proposal, names=names)
    return message, None


def _act(request: HttpRequest, proposal: Any, action: str, voters: Any) -> tuple[str, Any]:
    """Run one POST action of the proposal page; returns (message, form with errors or None)."""
    user = request.user
    if action == "comment":
        form = forms.CommentForm(request.POST)
        if not form.is_valid():
            return "", form
        data = form.cleaned_data
        parent_id = request.POST.get("parent", "")
        parent = (
            selectors.comment_find(proposal=proposal, comment_id=int(parent_id))
            if parent_id.isdigit()
            else None
        )
        services.comment_add(
            actor=user, proposal=proposal, body=data["body"], stance=data["stance"], parent=parent
        )
        return _("Comment added."), None
    if action in ("alternative_add", "alternative_remove", "alternative_up"):
        return _alternatives_act(request, proposal, action)
    if action == "vote":
        form = _ballot_form(proposal, voters, request.POST, request.POST.get("chamber", ""))
        if not form.is_valid():
            if "organization" not in form.errors:
                return "", form
            raise Forbidden() if not voters else Invalid(_("Choose yes, no, abstain or object."))
        services.ballot_cast(actor=user, proposal=proposal, **form.cleaned_data)
        return _("Your ballot is recorded; you can change it until voting closes."), None
    if action == "advance":
        form = forms.AdvanceForm(request.POST)
        if not form.is_valid():
            return "", form
        services.proposal_advance(
            actor=user, proposal=proposal, closes_at=form.cleaned_data["closes_at"]
        )
        return _("Proposal moved on."), None
    if action == "close":
        form = forms.CloseDecideForm(request.POST)
        if not form.is_valid():
            if not user.has_perm("decisions.close_proposal", proposal.partnership):
                raise Forbidden()
            return "", form
        services.proposal_close(
            actor=user, proposal=proposal, rationale=form.cleaned_data.get("rationale", "")
        )
        return _("Voting closed; the decision is recorded."), None
    if action == "withdraw":
        services.proposal_withdraw(actor=user, proposal=proposal)
        return _("Proposal withdrawn."), None
    if action == "rationale":
        form = forms.CloseForm(request.POST)
        form.is_valid()
        decision = selectors.decision_for(proposal=proposal)
        if decision is None:
            raise Invalid(_("The proposal is not decided yet."))
        services.decision_rationale_add(
            actor=user, decision=decision, rationale=form.cleaned_data.get("rationale", "")
        )
        return _("Rationale recorded."), None
    if action == "implement":
        services.proposal_mark_implemented(actor=user, proposal=proposal)
        return _("Marked implemented."), None
    raise Invalid(_("Unknown action."))


@handles_domain_errors
def proposal_detail(request: HttpRequest, slug: str, proposal_id: int) -> HttpResponse:
    partnership = _partnership(request, slug)
    proposal = selectors.proposal_get(partnership=partnership, proposal_id=proposal_id)
    voters = member_organizations(partnership=partnership).filter(
        pk__in=represented_organization_ids(request.user)
    )
    forms_with_errors: dict[str, Any] = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            message, form = _act(request, proposal, action, voters)
        except AccordError as exc:
            if exc.status_code in (403, 404) or action not in (
                "comment",
                "vote",
                "alternative_add",
            ):
                raise
            if action == "alternative_add":
                form = forms.AlternativeForm(request.POST)
            else:
                form = (
                    _ballot_form(proposal, voters, request.POST, request.POST.get("chamber", ""))
                    if action == "vote"
                    else forms.CommentForm(request.POST)
                )
            form.is_valid()
            add_error_to_form(form, exc)
        if form is None:
            messages.success(request, message)
            return redirect("decisions:proposal_detail", slug=slug, proposal_id=proposal.pk)
        forms_with_errors[action] = form
    user = request.user
    can_vote = proposal.status == "voting" and user.has_perm("decisions.vote_proposal", partnership)
    ballot_slots = _ballot_slots(request, proposal, voters, forms_with_errors.get("vote"), can_vote)
    participations = list(selectors.participation_list(proposal=proposal))
    decision = selectors.decision_for(proposal=proposal)
    ballots = selectors.open_ballot_list(proposal=proposal)
    is_choice = choice_rules.is_alternatives_proposal(proposal)
    alternative_list = selectors.alternative_list(proposal=proposal)
    can_edit_alternatives = user.has_perm("decisions.edit_alternatives", proposal)
    context = _context(
        request,
        partnership,
        proposal=proposal,
        decision=decision,
        group_labels=partnership_selectors.group_labels(partnership=partnership)
        if proposal.affected_groups
        else {},
        thread=selectors.comment_thread(proposal=proposal),
        ballots=ballots,
        participations=participations,
        participation_counts=selectors.participation_counts(participations=participations),
        chambers=proposal.chambers,
        has_chambers=len(proposal.chambers) > 1,
        is_open_vote=proposal.secrecy == Secrecy.OPEN,
        is_secret_vote=proposal.secrecy == Secrecy.SECRET,
        ballot_slots=ballot_slots,
        is_choice=is_choice,
        choice_rows=selectors.ballot_rows(proposal=proposal, ballots=ballots) if is_choice else [],
        alternative_list=alternative_list,
        alternative_form=forms_with_errors.get("alternative_add")
        or (forms.AlternativeForm() if can_edit_alternatives else None),
        can_edit_alternatives=can_edit_alternatives,
        can_export=proposal.is_closed
        or user.has_perm("decisions.export_open_ballots", partnership),
        comment_form=forms_with_errors.get("comment")
        or (
            forms.CommentForm()
            if user.has_perm("decisions.comment_proposal", partnership)
            and proposal.status in ("draft", "deliberation", "voting")
            else None
        ),
        advance_form=forms_with_errors.get("advance")
        or (
            forms.AdvanceForm()
            if user.has_perm("decisions.advance_proposal", partnership)
            and proposal.status in ("draft", "deliberation")
            else None
        ),
        can_close=proposal.status == "voting"
        and user.has_perm("decisions.close_proposal", partnership),
        close_form=forms_with_errors.get("close") or forms.CloseDecideForm(),
        can_withdraw=proposal.status in ("draft", "deliberation", "voting")
        and (
            user.has_perm("decisions.withdraw_proposal", partnership)
            or (user.is_authenticated and proposal.author_id == user.pk)
        ),
        can_implement=proposal.status == "accepted"
        and user.has_perm("decisions.close_proposal", partnership),
        can_add_rationale=decision is not None
        and not decision.rationale
        and user.has_perm("decisions.close_proposal", partnership),
    )
    status = 400 if forms_with_errors else 200
    return TemplateResponse(request, "decisions/proposal_detail.html", context, status=status)


@handles_domain_errors
def rule_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    rules = selectors.rule_list(partnership=partnership)
    can_manage = request.user.has_perm("decisions.manage_rules", partnership)
    action = request.POST.get("action") if request.method == "POST" else None
    group_labels = partnership_selectors.group_labels(partnership=partnership)
    rule_form = (
        forms.RuleForm(
            request.POST if action == "create" else None,
            groups=group_labels,
            members=list(member_organizations(partnership=partnership)),
        )
        if can_manage
        else None
    )
    assign_form = (
        forms.AssignForm(request.POST if action == "assign" else None, rules=rules)
        if can_manage
        else None
    )

    def save(data: dict[str, Any]) -> tuple[str, str]:
        """Create a rule, or assign one to a kind of decision; returns what to tell and
        where to go next. Changing a rule in force is itself a decision under it: that
        opens a proposal instead."""
        if action == "create":
            services.rule_create(actor=request.user, partnership=partnership, **data)
        elif selectors.governing_rule(partnership=partnership, kind=data["kind"]):
            proposal = services.rule_adoption_propose(
                actor=request.user, partnership=partnership, **data
            )
            return (
                _("Changing a rule in force is a decision: the proposal is open."),
                _proposal_page(slug, proposal),
            )
        else:
            services.rule_assign(actor=request.user, partnership=partnership, **data)
        return _("Saved."), reverse("decisions:rule_list", kwargs={"slug": slug})

    done = form_submit(
        request,
        rule_form if action == "create" else assign_form,
        save,
        success=lambda outcome: outcome[0],
        then=lambda outcome: outcome[1],
    )
    if done:
        return done
    context = _context(
        request,
        partnership,
        rules=list(rules),
        assignments=list(selectors.assignment_list(partnership=partnership)),
        rule_proposals=list(
            selectors.open_subject_proposals(partnership=partnership).by_rule_kind.values()
        ),
        presets=[*shown_presets(), *choice_rules.PRESETS],
        group_labels=group_labels,
        rule_form=rule_form,
        assign_form=assign_form,
    )
    return TemplateResponse(request, "decisions/rule_list.html", context)


@login_required
@require_POST
@handles_domain_errors
def subject_propose(request: HttpRequest, slug: str) -> HttpResponse:
    """Put an admission or a charter version to the vote (buttons on the members and
    charter pages); the services check who may."""
    partnership = _partnership(request, slug)
    action = request.POST.get("action")
    if action == "admission":
        membership = partnership_selectors.membership_get(
            actor=request.user, membership_id=_int(request.POST.get("membership"))
        )
        if membership.partnership_id != partnership.pk:
            raise NotFound(_("No such membership."))
        proposal = services.admission_propose(actor=request.user, membership=membership)
    elif action == "charter":
        version = partnership_selectors.charter_draft(partnership=partnership)
        if version is None or version.pk != _int(request.POST.get("version")):
            raise NotFound(_("No such charter draft."))
        proposal = services.charter_publication_propose(actor=request.user, version=version)
    else:
        raise Invalid(_("Say what to propose."))
    messages.success(
        request, _("“%(title)s” is open for deliberation.") % {"title": proposal.title}
    )
    return redirect("decisions:proposal_detail", slug=slug, proposal_id=proposal.pk)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFound(_("Not found.")) from None


@handles_domain_errors
@require_http_methods(["GET", "HEAD", "POST"])
def power_analysis(request: HttpRequest, slug: str) -> HttpResponse:
    """The stored power analyses of the rules chosen (the general rule's by default), side
    by side. Nothing is computed here: a result not ready yet is shown as being computed
    (the page refreshes) or, if nothing is on its way, with a button that queues it (POST)."""
    partnership = _partnership(request, slug)
    posted = request.method == "POST"
    form = forms.CompareForm(
        (request.POST if posted else request.GET) or None,
        rules=selectors.rule_list(partnership=partnership),
    )
    if form.is_bound and not form.is_valid():
        context = _context(request, partnership, form=form, comparison=None)
        return TemplateResponse(request, "decisions/power_analysis.html", context, status=400)
    chosen = list(form.cleaned_data["rules"]) if form.is_bound else []
    snapshots = selectors.power_snapshots(partnership=partnership, rules=chosen)
    if posted:
        services.power_request(actor=request.user, partnership=partnership, snapshots=snapshots)
        messages.success(
            request, _("The power analysis is being computed; this page shows it when it is ready.")
        )
        query = urlencode([("rules", rule.pk) for rule in chosen])
        return redirect(
            reverse("decisions:power_analysis", args=[slug]) + (f"?{query}" if query else "")
        )
    comparison = selectors.power_comparison(partnership=partnership, snapshots=snapshots)
    return TemplateResponse(
        request,
        "decisions/power_analysis.html",
        _context(
            request,
            partnership,
            form=form,
            comparison=comparison,
            rule_ids=[rule.pk for rule in chosen],
            refresh_seconds=REFRESH_SECONDS if comparison.waiting else None,
        ),
    )


#: How often the power page reloads itself while an analysis is being computed.
REFRESH_SECONDS = 3


def _log_partnership(request: HttpRequest, slug: str) -> Any:
    """The partnership if the actor may read its decision log: insiders, and anyone for a
    public partnership (404 outside a members-only one)."""
    return partnership_selectors.partnership_get_for(
        actor=request.user,
        slug=slug,
        perm="decisions.view_decision_log",
        message=_("Decisions are visible to the partnership's members."),
    )


@handles_domain_errors
def decision_log(request: HttpRequest, slug: str) -> HttpResponse:
    """The decisions taken, with who voted how where the ballots were open; public for a
    public partnership."""
    partnership = _log_partnership(request, slug)
    decisions = list(selectors.decision_log(partnership=partnership))
    votes = selectors.decision_log_votes(decisions=decisions)
    context = _context(
        request,
        partnership,
        decisions=[(d, votes.get(d.proposal_id, [])) for d in decisions],
        is_insider=partnership_selectors.is_insider(actor=request.user, partnership=partnership),
    )
    return TemplateResponse(request, "decisions/decision_log.html", context)


LOG_COLUMNS = [
    "proposal_id",
    "title",
    "kind",
    "decided_at",
    "rule",
    "outcome",
    "yes",
    "no",
    "abstain",
    "object",
    "absent",
    "reason",
    "rationale",
    "chosen",
    "chambers",
]


@handles_domain_errors
def decision_log_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The decision log as CSV, through the formula-safe writer (core.spreadsheets)."""
    partnership = _log_partnership(request, slug)
    rows = []
    for d in selectors.decision_log(partnership=partnership):
        totals = d.counts.get("totals", {})
        rows.append(
            [
                d.proposal_id,
                d.proposal.title,
                d.proposal.kind,
                d.decided_at,
                d.rule.get("name", ""),
                d.outcome,
                *(totals.get(k, "") for k in ("yes", "no", "abstain", "object", "absent")),
                d.reason,
                d.rationale,
                (d.counts.get("winner") or {}).get("name", ""),
                "; ".join(
                    f"{c['chamber']}: {c['outcome']} ({c['totals']['yes']} yes, "
                    f"{c['totals']['no']} no)"
                    for c in d.counts.get("chambers", [])
                ),
            ]
        )
    content, content_type = spreadsheet(
        Sheet(title="Decisions", header=LOG_COLUMNS, rows=rows), format="csv"
    )
    return download(
        content, filename=f"{partnership.slug}-decisions.csv", content_type=content_type
    )


@handles_domain_errors
def proposal_ballots_export(request: HttpRequest, slug: str, proposal_id: int) -> HttpResponse:
    """The proposal's current ballots as a PrefLib file (closed proposals; coordinators any)."""
    partnership = _partnership(request, slug)
    proposal = selectors.proposal_get(partnership=partnership, proposal_id=proposal_id)
    if not proposal.is_closed and not request.user.has_perm(
        "decisions.export_open_ballots", partnership
    ):
        raise Forbidden(_("The ballots can be downloaded once voting has closed."))
    filename, text = selectors.preflib_export(proposal=proposal)
    return download(text, filename=filename, content_type="text/plain")
