"""Six quarters of results in the demo (data/results.json): eight indicators tied to SDG
targets 6.5, 14.4, 15.1 and 5.5, reported by the members' people and verified by another
member (one value returned with a comment and resubmitted, one corrected after it was
locked, one waiting for verification, two reports late: one sent after its deadline and
the flower farm's skipped quarter, flagged on the partnership home); commitments (one
dropped, with its reason), action items (some overdue), and benefits in which the
fisherfolk's gains stay individual until an institutional one lands: a seat on the
county's water board.

The quarters are the six before the one in which the demo is loaded, so the story always
ends "now". Everything is written through the results services; the only direct writes
backdate when a report was submitted and approved (see :func:`_backdate`).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from accord.accounts.models import User
from accord.decisions.models import Proposal
from accord.demo import accounts, story
from accord.partners.models import Organization
from accord.partnerships.models import Partnership
from accord.resources.models import Activity
from accord.results import services
from accord.results.models import Benefit, Indicator, Measurement
from accord.results.periods import reporting_periods

#: When a report arrives: this many days after its period ends when on time, and this many
#: days after its deadline when late; verified a few days after it arrives.
ON_TIME_AFTER_END = 10
LATE_AFTER_DUE = 18
VERIFIED_AFTER = 5


def load(slug: str) -> bool:
    if Indicator.objects.filter(partnership__slug=slug).exists():
        return False
    chapter = story.data("results")[slug]
    partnership = Partnership.objects.get(slug=slug)
    coordinator = accounts.person(chapter["coordinator"])
    members = {
        o.name: o
        for o in Organization.objects.filter(
            memberships__partnership=partnership, memberships__status="admitted"
        )
    }
    activities = {a.title: a for a in Activity.objects.filter(partnership=partnership)}
    quarters = _quarters(chapter["quarters"])
    indicators = {}
    for data in chapter["indicators"]:
        indicator = _indicator_load(
            data,
            partnership,
            coordinator,
            members=members,
            activities=activities,
            quarters=quarters,
        )
        indicators[indicator.name] = indicator
    for data in chapter["commitments"]:
        _commitment_load(
            data,
            partnership,
            coordinator,
            members=members,
            activities=activities,
            indicators=indicators,
        )
    for data in chapter["action_items"]:
        _action_item_load(
            data, partnership, members=members, activities=activities, indicators=indicators
        )
    for data in chapter["benefits"]:
        _benefit_load(data, partnership, members=members)
    return True


def _quarters(count: int) -> list[tuple[date, date]]:
    """The ``count`` calendar quarters before the current one, oldest first."""
    today = timezone.localdate()
    current = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    periods = reporting_periods(
        date(current.year - 3, 1, 1), current - timedelta(days=1), "quarterly"
    )
    return [(p.start, p.end) for p in periods[-count:]]


def _cells(raw: dict[str, str] | None) -> dict[tuple[str, str], str] | None:
    if not raw:
        return None
    return {tuple(key.split(":", 1)): value for key, value in raw.items()}  # type: ignore[misc]


def _indicator_load(
    data: dict[str, Any],
    partnership: Partnership,
    coordinator: User,
    *,
    members: dict[str, Organization],
    activities: dict[str, Activity],
    quarters: list[tuple[date, date]],
) -> Indicator:
    first_day = quarters[0][0]
    today = timezone.localdate()
    indicator = services.indicator_create(
        actor=coordinator,
        partnership=partnership,
        name=data["name"],
        description=data["description"],
        unit=data["unit"],
        measure=data["measure"],
        decimal_places=data["decimal_places"],
        direction=data["direction"],
        result_type=data["result_type"],
        baseline_value=data["baseline"],
        baseline_date=first_day - timedelta(days=1),
        baseline_note=data.get("baseline_note", ""),
        responsible_organization=members[data["responsible_organization"]],
        verifying_organization=members.get(data.get("verifying_organization") or ""),
        activity=activities.get(data.get("activity") or ""),
        sdg_target_code=data["sdg_target"],
        sdg_indicator=data["sdg_indicator"],
        reporting_start=first_day,
        reporting_end=date(today.year + 1, 12, 31),
        frequency="quarterly",
        grace_days=30,
        dimensions=[tuple(d) for d in data["dimensions"]],
    )
    periods = reporting_periods(first_day, date(today.year + 1, 12, 31), "quarterly")
    services.indicator_targets_set(
        actor=coordinator,
        indicator=indicator,
        targets=[
            {"period_start": period.start, **target}
            for period, target in zip(periods, data["targets"], strict=False)
            if target is not None
        ],
    )
    reporter, verifier = accounts.person(data["reporter"]), accounts.person(data["verifier"])
    cells = data.get("cells") or [None] * len(data["values"])
    returned = data.get("returned") or {}
    for number, ((start, end), value, breakdown) in enumerate(
        zip(quarters, data["values"], cells, strict=True), start=1
    ):
        if value is None:
            continue  # not reported: late, flagged on the partnership home
        late = number in data.get("late", [])
        due = end + timedelta(days=indicator.grace_days)
        arrived = (
            due + timedelta(days=LATE_AFTER_DUE)
            if late
            else end + timedelta(days=ON_TIME_AFTER_END)
        )
        measurement = services.measurement_create(
            actor=reporter,
            indicator=indicator,
            period_start=start,
            value=returned.get("first_value", value)
            if returned.get("quarter") == number
            else value,
            cells=_cells(breakdown),
            evidence_note=data["evidence"],
            submit=True,
        )
        if returned.get("quarter") == number:
            services.measurement_return(
                actor=verifier, measurement=measurement, comment=returned["comment"]
            )
            services.measurement_update(
                actor=reporter, measurement=measurement, value=value, cells=_cells(breakdown)
            )
            services.measurement_submit(actor=reporter, measurement=measurement)
        _backdate(measurement, submitted_on=arrived)
        if number in data.get("awaiting_verification", []):
            continue
        services.measurement_approve(actor=verifier, measurement=measurement)
        _backdate(measurement, approved_on=arrived + timedelta(days=VERIFIED_AFTER))
        services.measurement_lock(actor=verifier, measurement=measurement)
    correction = data.get("correction")
    if correction:
        start = quarters[correction["quarter"] - 1][0]
        locked = Measurement.objects.get(
            indicator=indicator, period_start=start, corrects__isnull=True
        )
        fixed = services.measurement_correct(
            actor=reporter,
            measurement=locked,
            reason=correction["reason"],
            value=correction["value"],
            cells=_cells(correction.get("cells")),
            evidence_note=correction["evidence"],
            submit=True,
        )
        services.measurement_approve(actor=verifier, measurement=fixed, lock=True)
    return indicator


def _moment(day: date) -> datetime:
    """Noon of ``day``, never later than now."""
    return min(timezone.make_aware(datetime.combine(day, time(12))), timezone.now())


def _backdate(
    measurement: Measurement, *, submitted_on: date | None = None, approved_on: date | None = None
) -> None:
    """Set when a report was submitted or approved to a day in the past quarters.

    The services stamp each step with the present moment, and the demo tells six quarters
    in one go: without this every report would look submitted late. Only these two times
    change, and only before the row is locked (the database refuses any change after);
    the workflow's history keeps the day the demo was loaded."""
    fields: dict[str, datetime] = {}
    if submitted_on is not None:
        fields["submitted_at"] = _moment(submitted_on)
    if approved_on is not None:
        fields["approved_at"] = _moment(approved_on)
    Measurement.objects.filter(pk=measurement.pk).update(**fields)


def _commitment_load(
    data: dict[str, Any],
    partnership: Partnership,
    coordinator: User,
    *,
    members: dict[str, Organization],
    activities: dict[str, Activity],
    indicators: dict[str, Indicator],
) -> None:
    today = timezone.localdate()
    by = accounts.person(data["by"])
    commitment = services.commitment_create(
        actor=by,
        partnership=partnership,
        organization=members[data["organization"]],
        text=data["text"],
        source=data["source"],
        due_on=today + timedelta(days=data["due_in_days"]),
        activity=activities.get(data.get("activity") or ""),
        indicator=indicators.get(data.get("indicator") or ""),
    )
    if "status" not in data:
        return
    services.commitment_status_set(
        actor=by,
        commitment=commitment,
        status=data["status"],
        reason=data.get("reason", ""),
        done_on=today - timedelta(days=data["done_days_ago"]) if "done_days_ago" in data else None,
    )
    if data.get("confirm"):
        services.commitment_confirm(actor=coordinator, commitment=commitment)


def _action_item_load(
    data: dict[str, Any],
    partnership: Partnership,
    *,
    members: dict[str, Organization],
    activities: dict[str, Activity],
    indicators: dict[str, Indicator],
) -> None:
    owner = accounts.person(data["owner"])
    item = services.action_item_create(
        actor=accounts.person(data["by"]),
        partnership=partnership,
        title=data["title"],
        owner=owner,
        owner_organization=members[data["organization"]],
        due_on=timezone.localdate() + timedelta(days=data["due_in_days"]),
        proposal=Proposal.objects.filter(partnership=partnership, title=data["decision"]).first()
        if "decision" in data
        else None,
        activity=activities.get(data.get("activity") or ""),
        indicator=indicators.get(data.get("indicator") or ""),
    )
    if "done" in data:
        services.action_item_complete(actor=owner, item=item, note=data["done"])


def _benefit_load(
    data: dict[str, Any], partnership: Partnership, *, members: dict[str, Organization]
) -> Benefit:
    actor = accounts.person(data["by"])
    benefit = services.benefit_record(
        actor=actor,
        partnership=partnership,
        recipient_organization=members[data["recipient"]] if "recipient" in data else None,
        recipient_user=accounts.person(data["person"]) if "person" in data else None,
        level=data["level"],
        kind=data["kind"],
        description=data["description"],
        received_on=timezone.localdate() - timedelta(days=data["days_ago"]),
        value=Decimal(data["value"]) if "value" in data else None,
        currency_code=data.get("currency", ""),
        expected_by_charter=data.get("expected_by_charter", False),
    )
    if "reversed_because" in data:
        services.benefit_reverse(actor=actor, benefit=benefit, reason=data["reversed_because"])
    return benefit
