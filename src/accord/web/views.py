from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from accord.partners import selectors as partner_selectors
from accord.partnerships import selectors as partnership_selectors


def home(request: HttpRequest) -> HttpResponse:
    """Your partnerships, your invitations, and the public partnerships."""
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
        "others": others,
        "invitations": list(partnership_selectors.invitation_list(actor=actor)),
        "affiliations": list(partner_selectors.affiliated_organizations(actor=actor)),
    }
    return TemplateResponse(request, "web/home.html", context)
