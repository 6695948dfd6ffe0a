from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from accord.audit import selectors as audit_selectors
from accord.balance.selectors import alerts as balance_alerts
from accord.core.http import handles_domain_errors
from accord.partners import selectors as partner_selectors
from accord.partnerships import selectors as partnership_selectors
from accord.partnerships.models import STATUS_TRANSITIONS, Status
from accord.partnerships.views import partnership_page_context
from accord.resources import selectors as resource_selectors
from accord.results import selectors as results_selectors
from accord.web import headline
from accord.web import selectors as web_selectors


def home(request: HttpRequest) -> HttpResponse:
    """What is waiting for you, your partnerships, your invitations, and the public
    partnerships."""
    actor = request.user
    mine = list(partnership_selectors.partnership_list_mine(actor=actor))
    mine_ids = {p.pk for p in mine}
    others = [
        p
        for p in partnership_selectors.partnership_list_visible(actor=actor)
        if p.pk not in mine_ids
    ]
    context = {
        "mine": mine,
        "waiting": web_selectors.waiting_for_you(actor=actor, partnerships=mine),
        "others": others,
        "invitations": list(partnership_selectors.invitation_list(actor=actor)),
        "affiliations": list(partner_selectors.affiliated_organizations(actor=actor)),
    }
    return TemplateResponse(request, "web/home.html", context)


@handles_domain_errors
def partnership_home(request: HttpRequest, slug: str) -> HttpResponse:
    """A partnership's overview. It shows several apps' panels (the resources' overdue
    alerts and the results' late reports, for insiders; balance next), so it is composed
    here, above the apps."""
    partnership = partnership_selectors.partnership_get(actor=request.user, slug=slug)
    insider = partnership_selectors.is_insider(actor=request.user, partnership=partnership)
    members = list(partnership_selectors.member_organizations(partnership=partnership))
    summary = resource_selectors.resource_summary(partnership=partnership) if insider else None
    charter = partnership_selectors.current_charter(partnership=partnership)
    context = partnership_page_context(
        request,
        partnership,
        "home",
        members=members,
        headline=headline.partnership_headline(
            partnership=partnership, members=len(members), summary=summary
        )
        if summary is not None
        else None,
        first_steps=headline.first_run_checklist(
            partnership=partnership, has_charter=charter is not None
        )
        if request.user.has_perm("partnerships.change_partnership", partnership)
        else [],
        sdg_targets=list(partnership.sdg_targets.select_related("goal")),
        charter=charter,
        recent_events=list(audit_selectors.event_list(partnership_id=partnership.pk)[:8])
        if insider
        else [],
        community_count=partnership_selectors.community_participant_count(partnership=partnership),
        transitions=[Status(s) for s in STATUS_TRANSITIONS[partnership.status]],
        overdue=summary.overdue if summary is not None else [],
        late_reports=results_selectors.late_reports(partnership=partnership) if insider else [],
        balance_alerts=balance_alerts.partnership_alerts(partnership=partnership)
        if insider
        else [],
        chain_head=audit_selectors.chain_head(partnership_id=partnership.pk),
    )
    return TemplateResponse(request, "web/partnership_home.html", context)
