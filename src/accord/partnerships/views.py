"""HTML views for partnerships: thin; parse, call one service or selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.audit import selectors as audit_selectors
from accord.core.http import form_submit, handles_domain_errors
from accord.partners import selectors as partner_selectors
from accord.partnerships import deliberation, forms, selectors, services
from accord.partnerships.models import STATUS_TRANSITIONS, Status


def _context(request: HttpRequest, partnership, tab: str, **extra) -> dict:  # type: ignore[no-untyped-def]
    return partnership_page_context(request, partnership, tab, **extra)


def partnership_page_context(request: HttpRequest, partnership, tab: str, **extra) -> dict:  # type: ignore[no-untyped-def]
    """What every page of a partnership shows in its header: name, tabs, the actor's roles."""
    return {
        "partnership": partnership,
        "tab": tab,
        "roles": selectors.actor_roles(actor=request.user, partnership=partnership),
        "is_insider": selectors.is_insider(actor=request.user, partnership=partnership),
        **extra,
    }


@login_required
@handles_domain_errors
def partnership_create(request: HttpRequest) -> HttpResponse:
    lead_choices = partner_selectors.represented_organizations(actor=request.user)
    form = forms.PartnershipForm(request.POST or None, lead_choices=lead_choices)
    done = form_submit(
        request,
        form,
        lambda _data: services.partnership_create(actor=request.user, **form.service_kwargs()),
        success=_("Partnership created. Next: invite organizations and draft the charter."),
    )
    if done:
        return done
    return TemplateResponse(
        request, "partnerships/partnership_form.html", {"form": form, "creating": True}
    )


@login_required
@handles_domain_errors
def partnership_edit(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = selectors.partnership_get_for(
        actor=request.user, slug=slug, perm="partnerships.change_partnership"
    )
    initial = {"sdg_targets": list(partnership.sdg_targets.all())}
    form = forms.PartnershipForm(request.POST or None, instance=partnership, initial=initial)
    done = form_submit(
        request,
        form,
        lambda _data: services.partnership_update(
            actor=request.user, partnership=partnership, **form.service_kwargs()
        ),
        success=_("Saved."),
        then=partnership,
    )
    if done:
        return done
    return TemplateResponse(
        request,
        "partnerships/partnership_form.html",
        _context(request, partnership, "home", form=form),
    )


@login_required
@require_POST
@handles_domain_errors
def partnership_transition(request: HttpRequest, slug: str) -> HttpResponse:
    """Change the lifecycle status; the form's tick confirms it. Without the tick the page
    answers 400 with the same form and the error beside the box, and nothing changes."""
    partnership = selectors.partnership_get_for(
        actor=request.user, slug=slug, perm="partnerships.change_partnership"
    )
    form = forms.TransitionForm(request.POST)
    done = form_submit(
        request,
        form,
        lambda data: services.partnership_transition(
            actor=request.user, partnership=partnership, to_status=data["to_status"]
        ),
        success=lambda changed: (
            _("The partnership is now %(status)s.")
            % {"status": changed.get_status_display().lower()}
        ),
        then=partnership,
    )
    if done:
        return done
    return TemplateResponse(
        request,
        "partnerships/transition_form.html",
        _context(
            request,
            partnership,
            "home",
            form=form,
            transitions=[Status(s) for s in STATUS_TRANSITIONS[partnership.status]],
        ),
        status=400,
    )


@handles_domain_errors
def membership_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = selectors.partnership_get(actor=request.user, slug=slug)
    can_invite = request.user.has_perm("partnerships.invite_membership", partnership)
    # Each form is bound only to its own submission: the other one is shown empty, without
    # the errors of a form the person did not send.
    action = request.POST.get("action")
    invite_form = (
        forms.InviteForm(
            request.POST if action == "invite" else None,
            candidates=selectors.organization_invite_candidates(partnership=partnership),
        )
        if can_invite
        else None
    )
    participant_form = (
        forms.ParticipantAddForm(
            request.POST if action == "add_participant" else None, prefix="participant"
        )
        if request.user.has_perm("partnerships.manage_participants", partnership)
        else None
    )
    members_page = reverse("partnerships:membership_list", kwargs={"slug": partnership.slug})
    if request.POST.get("action") == "invite":
        done = form_submit(
            request,
            invite_form,
            lambda data: services.membership_invite(
                actor=request.user, partnership=partnership, **data
            ),
            success=lambda membership: (
                _("%(organization)s is invited. Its representative must accept.")
                % {"organization": membership.organization}
            ),
            then=members_page,
        )
    else:  # the participant form, or a button the actor has no form for (403)
        done = form_submit(
            request,
            participant_form if request.POST.get("action") == "add_participant" else None,
            lambda data: services.participant_add(
                actor=request.user, partnership=partnership, **data
            ),
            success=_("Added."),
            then=members_page,
        )
    if done:
        return done
    insider = selectors.is_insider(actor=request.user, partnership=partnership)
    memberships = list(selectors.membership_list(partnership=partnership)) if insider else []
    pending = [m for m in memberships if m.status in ("invited", "accepted")]
    context = _context(
        request,
        partnership,
        "members",
        members=[m for m in memberships if m.status == "admitted"]
        if insider
        else list(selectors.member_organizations(partnership=partnership)),
        pending=pending,
        history=[m for m in memberships if m.status not in ("invited", "accepted", "admitted")],
        participants=list(selectors.participant_list(partnership=partnership)) if insider else [],
        invite_form=invite_form,
        participant_form=participant_form,
        represented_ids=set(
            partner_selectors.represented_organizations(actor=request.user).values_list(
                "pk", flat=True
            )
        ),
        **(_decided_by_vote(partnership, "admission", pending=pending) if insider else {}),
    )
    return TemplateResponse(request, "partnerships/membership_list.html", context)


def _decided_by_vote(partnership, kind: str, *, draft=None, pending=()) -> dict:  # type: ignore[no-untyped-def]
    """The rule that decides this step by vote (None while coordinators decide), and the
    open proposal deciding the draft or each pending membership, for the members and
    charter pages (asked through ``deliberation``: decisions builds on this app)."""
    under_vote = deliberation.deliberation().under_vote(partnership=partnership)
    for membership in pending:
        membership.admission_proposal = under_vote.by_membership.get(membership.pk)
    return {
        "vote_rule": deliberation.deliberation().governing_rule(partnership=partnership, kind=kind),
        "draft_proposal": under_vote.by_charter_version.get(draft.pk) if draft else None,
    }


def _back_to_members(membership) -> HttpResponse:  # type: ignore[no-untyped-def]
    return redirect("partnerships:membership_list", slug=membership.partnership.slug)


@login_required
@require_POST
@handles_domain_errors
def membership_respond(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = selectors.membership_get(actor=request.user, membership_id=membership_id)
    accept = request.POST.get("answer") == "accept"
    services.membership_respond(actor=request.user, membership=membership, accept=accept)
    messages.success(
        request,
        _("Accepted; the partnership will now decide on admission.") if accept else _("Declined."),
    )
    if selectors.is_insider(actor=request.user, partnership=membership.partnership):
        return _back_to_members(membership)
    return redirect("web:home")


@login_required
@require_POST
@handles_domain_errors
def membership_decide(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = selectors.membership_get(actor=request.user, membership_id=membership_id)
    admit = request.POST.get("decision") == "admit"
    services.membership_decide(actor=request.user, membership=membership, admit=admit)
    messages.success(
        request,
        (_("%(organization)s admitted.") if admit else _("%(organization)s not admitted."))
        % {"organization": membership.organization},
    )
    return _back_to_members(membership)


@login_required
@require_POST
@handles_domain_errors
def membership_cancel(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = selectors.membership_get(actor=request.user, membership_id=membership_id)
    services.membership_cancel(actor=request.user, membership=membership)
    return _back_to_members(membership)


@login_required
@require_POST
@handles_domain_errors
def membership_withdraw(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = selectors.membership_get(actor=request.user, membership_id=membership_id)
    form = forms.WithdrawForm(request.POST)
    form.is_valid()
    services.membership_withdraw(
        actor=request.user, membership=membership, reason=form.cleaned_data.get("reason", "")
    )
    messages.success(
        request,
        _("%(organization)s has withdrawn from the partnership.")
        % {"organization": membership.organization},
    )
    return redirect("web:home")


@login_required
@require_POST
@handles_domain_errors
def participant_join(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = selectors.partnership_get(actor=request.user, slug=slug)
    if request.POST.get("action") == "leave":
        services.participant_leave(actor=request.user, partnership=partnership)
        messages.success(request, _("You have left the partnership."))
    else:
        services.participant_join(actor=request.user, partnership=partnership)
        messages.success(request, _("Welcome! You have joined as a community participant."))
    return redirect(partnership)


@handles_domain_errors
def charter_detail(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = selectors.partnership_get(actor=request.user, slug=slug)
    current = selectors.current_charter(partnership=partnership)
    signable = selectors.charter_signable_organizations(
        actor=request.user, partnership=partnership, version=current
    )
    sign_form = forms.SignForm(request.POST or None, organizations=signable)
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect(f"/accounts/login/?next={request.path}")
    done = form_submit(
        request,
        sign_form,
        lambda data: services.charter_sign(
            actor=request.user, version=current, organization=data["organization"]
        ),
        success=lambda signature: (
            _("Signed charter v%(number)s for %(organization)s.")
            % {"number": signature.version.number, "organization": signature.organization}
        ),
        then=reverse("partnerships:charter_detail", kwargs={"slug": slug}),
    )
    if done:
        return done
    can_edit = request.user.has_perm("partnerships.edit_charter", partnership)
    draft = selectors.charter_draft(partnership=partnership) if can_edit else None
    versions = selectors.charter_overview(partnership=partnership)
    if not can_edit:
        versions = [v for v in versions if v.version.is_published]
    context = _context(
        request,
        partnership,
        "charter",
        versions=versions,
        current=current,
        sign_form=sign_form if signable.exists() else None,
        can_edit=can_edit,
        draft=draft,
        **(_decided_by_vote(partnership, "charter", draft=draft) if can_edit else {}),
    )
    return TemplateResponse(
        request,
        "partnerships/charter_detail.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@login_required
@handles_domain_errors
def charter_draft(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = selectors.partnership_get_for(
        actor=request.user, slug=slug, perm="partnerships.edit_charter"
    )
    draft = selectors.charter_draft(partnership=partnership)
    initial_from = draft or selectors.current_charter(partnership=partnership)
    by_vote = _decided_by_vote(partnership, "charter", draft=draft)
    form = forms.CharterDraftForm(
        request.POST or None,
        can_publish=by_vote["vote_rule"] is None and by_vote["draft_proposal"] is None,
        instance=None,
        initial=(
            {f: getattr(initial_from, f) for f in forms.CharterDraftForm.Meta.fields}
            if initial_from
            else None
        ),
    )
    button = request.POST.get("action")

    def save(data: dict[str, Any]) -> tuple[str, str]:
        """Save the draft, then publish it or put it to a vote as the button says; returns
        what to tell and where to go next."""
        version = services.charter_draft_save(
            actor=request.user, partnership=partnership, **form.section_data()
        )
        if button == "propose":
            proposal = deliberation.deliberation().charter_publication_propose(
                actor=request.user, version=version
            )
            return (
                _("“%(title)s” is open for deliberation.") % {"title": proposal.title},
                reverse(
                    "decisions:proposal_detail", kwargs={"slug": slug, "proposal_id": proposal.pk}
                ),
            )
        if button == "publish":
            services.charter_publish(actor=request.user, version=version)
            message = _("Charter v%(number)s is published; member representatives can sign it.") % {
                "number": version.number
            }
        else:
            message = _("Draft v%(number)s saved.") % {"number": version.number}
        return message, reverse("partnerships:charter_detail", kwargs={"slug": slug})

    done = form_submit(
        request, form, save, success=lambda outcome: outcome[0], then=lambda outcome: outcome[1]
    )
    if done:
        return done
    return TemplateResponse(
        request,
        "partnerships/charter_form.html",
        _context(
            request,
            partnership,
            "charter",
            form=form,
            draft=draft,
            **by_vote,
        ),
        status=400 if request.method == "POST" else 200,
    )


@handles_domain_errors
def event_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = selectors.partnership_get_for(
        actor=request.user,
        slug=slug,
        perm="partnerships.view_feed",
        message=_("The activity feed is for the partnership's members."),
    )
    page = Paginator(audit_selectors.event_list(partnership_id=partnership.pk), 50).get_page(
        request.GET.get("page")
    )
    template = "partnerships/event_list.html"
    if request.htmx:
        template += "#feed"
    return TemplateResponse(request, template, _context(request, partnership, "feed", page=page))


@handles_domain_errors
def group_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The partnership's own groups and their members; coordinators add and change them
    (one form per group, bound only when it is the one sent)."""
    partnership = selectors.partnership_get_for(
        actor=request.user,
        slug=slug,
        perm="partnerships.view_groups",
        message=_("The partnership's groups are for its members."),
    )
    groups = list(selectors.group_list(partnership=partnership))
    can_manage = request.user.has_perm("partnerships.manage_groups", partnership)
    organizations, people = selectors.group_member_candidates(partnership=partnership)
    posted = request.POST.get("group") if request.method == "POST" else None
    page = reverse("partnerships:group_list", kwargs={"slug": partnership.slug})

    def form_for(group: Any) -> Any:
        if not can_manage:
            return None
        key = str(group.pk) if group is not None else "new"
        initial = (
            {
                "name": group.name,
                "description": group.description,
                "organizations": [
                    m.organization_id for m in group.members.all() if m.organization_id
                ],
                "people": [m.person_id for m in group.members.all() if m.person_id],
            }
            if group is not None
            else None
        )
        return forms.GroupForm(
            request.POST if posted == key else None,
            initial=initial,
            organizations=organizations,
            people=people,
            prefix=f"group-{key}",
        )

    new_form = form_for(None)
    edit_forms = {group.pk: form_for(group) for group in groups}
    if posted == "new":
        done = form_submit(
            request,
            new_form,
            lambda data: services.group_create(actor=request.user, partnership=partnership, **data),
            success=_("Group created."),
            then=page,
        )
    else:
        target = next((g for g in groups if str(g.pk) == posted), None)
        done = form_submit(
            request,
            edit_forms.get(target.pk) if target is not None else None,
            lambda data: services.group_update(actor=request.user, group=target, **data),
            success=_("Group saved."),
            then=page,
        )
    if done:
        return done
    context = _context(
        request,
        partnership,
        "members",
        groups=[(group, edit_forms[group.pk]) for group in groups],
        new_form=new_form,
    )
    return TemplateResponse(
        request,
        "partnerships/group_list.html",
        context,
        status=400 if request.method == "POST" else 200,
    )
