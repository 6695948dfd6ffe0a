"""A year of demo pledges and flows (data/resources.json): a reliable funder with a
one-way flow, a late and partial flower farm, on-time university hours, a stipend for
the fisherfolk; the funder's last tranche moved by an amendment agreed before it fell
due, and each activity's progress."""

from __future__ import annotations

from datetime import date
from typing import Any

from accord.demo import accounts, story
from accord.partners.models import Organization
from accord.partnerships.models import Partnership
from accord.resources import services
from accord.resources.models import Activity, Pledge


def load(slug: str) -> bool:
    if Pledge.objects.filter(partnership__slug=slug).exists():
        return False
    chapter = story.data("resources")[slug]
    partnership = Partnership.objects.get(slug=slug)
    organization = {
        o.name: o for o in Organization.objects.filter(memberships__partnership=partnership)
    }
    coordinator = accounts.person(chapter["coordinator"])
    for rate in chapter["exchange_rates"]:
        services.exchange_rate_add(
            actor=coordinator,
            partnership=partnership,
            currency_code=rate["currency_code"],
            valid_on=date.fromisoformat(rate["valid_on"]),
            to_reporting=rate["to_reporting"],
        )
    activities = {
        activity["title"]: services.activity_create(
            actor=coordinator,
            partnership=partnership,
            title=activity["title"],
            lead_organization=organization[activity["lead_organization"]],
            description=activity["description"],
            start_on=date.fromisoformat(activity["start_on"]),
            end_on=date.fromisoformat(activity["end_on"]),
            status=activity["status"],
        )
        for activity in chapter["activities"]
    }
    for activity in chapter["activities"]:
        for link in activity["chain"]:
            services.activity_chain_add(
                actor=coordinator,
                activity=activities[activity["title"]],
                organization=organization[link["organization"]],
                role=link["role"],
            )
    for activity in chapter["activities"]:
        for responsibility in activity["responsibilities"]:
            services.responsibility_add(
                actor=coordinator,
                activity=activities[activity["title"]],
                organization=organization[responsibility["organization"]],
                raci=responsibility["raci"],
                person=(
                    accounts.person(responsibility["person"]) if responsibility["person"] else None
                ),
            )
    for flow in chapter["flows"]:
        _flow_load(flow, partnership, organization=organization, activities=activities)
    for request in chapter["support_requests"]:
        _support_request_load(request, partnership, organization=organization)
    for amendment in chapter.get("amendments", []):
        services.pledge_amend(
            actor=accounts.person(amendment["actor"]),
            pledge=Pledge.objects.get(partnership=partnership, description=amendment["pledge"]),
            reason=amendment["reason"],
            ends_on=date.fromisoformat(amendment["ends_on"]),
            installments=[
                (date.fromisoformat(i["due_on"]), i["value"]) for i in amendment["installments"]
            ],
            agreed_on=date.fromisoformat(amendment["agreed_on"]),
        )
    for progress in chapter.get("progress", []):
        activity = activities[progress["activity"]]
        services.activity_update(
            actor=coordinator,
            activity=activity,
            status=activity.status,
            start_on=activity.start_on,
            end_on=activity.end_on,
            progress_percent=progress["progress_percent"],
            reason=progress["reason"],
        )
    return True


def _flow_load(
    flow: dict[str, Any],
    partnership: Partnership,
    *,
    organization: dict[str, Organization],
    activities: dict[str, Activity],
) -> None:
    """One pledge (if any) and the ledger entries posted against it, in order."""
    actor = accounts.person(flow["actor"])
    pledge = None
    if "pledge" in flow:
        fields = dict(flow["pledge"])
        fields["organization"] = organization[fields["organization"]]
        fields["starts_on"] = date.fromisoformat(fields["starts_on"])
        fields["ends_on"] = date.fromisoformat(fields["ends_on"])
        if "activity" in fields:
            fields["activity"] = activities[fields["activity"]]
        if "recipient" in fields:
            fields["recipient"] = organization[fields["recipient"]]
        if "installments" in fields:
            fields["installments"] = [
                (date.fromisoformat(installment["due_on"]), installment["value"])
                for installment in fields["installments"]
            ]
        pledge = services.pledge_create(actor=actor, partnership=partnership, **fields)
    for entry in flow["entries"]:
        posted = services.ledger_entry_post(
            actor=actor,
            partnership=partnership,
            type=entry["type"],
            value=entry["value"],
            currency_code=entry["currency_code"],
            value_date=date.fromisoformat(entry["value_date"]),
            provider=organization[entry["provider"]],
            receiver=organization[entry["receiver"]],
            activity=activities[entry["activity"]] if "activity" in entry else None,
            pledge=pledge,
            note=entry["note"],
        )
        if "reversed_because" in entry:
            services.ledger_entry_reverse(
                actor=actor, entry=posted, reason=entry["reversed_because"]
            )


def _support_request_load(
    data: dict[str, Any], partnership: Partnership, *, organization: dict[str, Organization]
) -> None:
    request = services.support_request_create(
        actor=accounts.person(data["actor"]),
        partnership=partnership,
        organization=organization[data["organization"]],
        kind=data["kind"],
        description=data["description"],
        amount=data["amount"],
        currency_code=data["currency_code"],
    )
    if "approved_by" in data:
        services.support_request_decide(
            actor=accounts.person(data["approved_by"]), request=request, approve=True
        )
    if "delivered" in data:
        delivery = data["delivered"]
        services.support_request_deliver(
            actor=accounts.person(delivery["by"]),
            request=request,
            provider=organization[delivery["provider"]],
            value_date=date.fromisoformat(delivery["value_date"]),
        )
