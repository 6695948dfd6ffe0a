"""The demo's member surveys (data/surveys.json): one wave of each shipped instrument on
Lake Kivuli.

- the collaboration factors, anonymous and answered per person: the representatives and
  staff of all eight members, 20 people; shared vision and a unique purpose are
  strengths; the cross-section of members, participation beyond the leaders, and money
  are concerns;
- the expectations, named, answered per person and still open (the foundation's two have
  not answered yet; 18 people have): the flower farm expects financial returns, the
  fisherfolk and the women's group societal ones;
- the partner network, named, one answer per organization, seven of eight members: who works with whom, the value and
  trust each gives the others (the fisherfolk and the women's group trusted, little
  power; the foundation powerful, less open);
- the GAO self-assessment, named, one answer per organization (its representative):
  members rate the accountability practices (GAO-06-15
  practices 6–8, GAO-23-105520 practice 2) well above what the records justify, so the GAO
  page shows a gap there between live and self-assessed scores.

Answers are generated from the small profiles in the data file (a base per item, an
offset per member, a shift per person and a fixed ripple), deterministic, and written
through
``answer_submit`` at a moment inside each wave (its ``now``), so the answered days fall
inside the waves. Idempotent: nothing is loaded when the partnership has a wave.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from accord.demo import accounts, story
from accord.partners.models import Affiliation, Organization
from accord.partnerships.models import Partnership
from accord.surveys import services
from accord.surveys.instruments import instrument
from accord.surveys.models import Wave


def _clamp(value: float, low: int, high: int) -> int:
    return int(min(high, max(low, round(value))))


def _ripple(i: int, j: int) -> float:
    """A fixed −0.5, 0 or +0.5 per item i and respondent j, so answers are not all alike."""
    return ((i + j) % 3 - 1) * 0.5


def _moments(data: dict[str, Any], now: datetime) -> tuple[datetime, datetime, datetime]:
    opens = now - timedelta(days=data["opens_days_ago"])
    if "closes_in_days" in data:
        closes = now + timedelta(days=data["closes_in_days"])
    else:
        closes = now - timedelta(days=data["closes_days_ago"])
    return opens, closes, now - timedelta(days=data["answered_days_ago"])


#: Each person's shift from their organization's profile, by their place in its list.
PERSON_SHIFT = (0.0, -0.3, 0.3)


def _people(organization: Organization) -> list[Any]:
    """Everyone of the organization, its representatives first (each answers a wave
    answered per person)."""
    return [
        a.user
        for a in Affiliation.objects.filter(organization=organization)
        .select_related("user")
        .order_by("-is_representative", "pk")
    ]


def _shifted(respondent: dict[str, Any], k: int) -> dict[str, Any]:
    shift = PERSON_SHIFT[k % len(PERSON_SHIFT)]
    shifted = {
        key: value + shift if key in ("offset", "emphasis") else value
        for key, value in respondent.items()
    }
    # the free-text suggestion comes from the organization's first person only
    return shifted | {"writes": k == 0}


def _representative(organization: Organization) -> Any:
    return (
        Affiliation.objects.filter(organization=organization, is_representative=True)
        .select_related("user")
        .order_by("pk")
        .first()
        .user  # type: ignore[union-attr]
    )


def _collaboration_factors(data: dict[str, Any], j: int, respondent: dict[str, Any], org: str):
    definition = instrument("collaboration-factors")
    values: dict[str, Any] = {}
    for i, question in enumerate(q for q in definition.questions if q.group):
        base = data["factor_base"][question.group]
        values[question.code] = _clamp(base + respondent["offset"] + _ripple(i, j), 1, 5)
    if org in data.get("improve", {}) and respondent.get("writes", True):
        values["cf-improve"] = data["improve"][org]
    return {"values": values}


def _expectations(data: dict[str, Any], j: int, respondent: dict[str, Any], org: str):
    definition = instrument("expectations")
    values: dict[str, Any] = {}
    for i, question in enumerate(q for q in definition.questions if q.group):
        values[question.code] = _clamp(respondent["emphasis"] + _ripple(i, j), 1, 7)
    if org in data.get("returns", {}):
        values["exp-return"] = data["returns"][org]
    return {"values": values}


def _gao(data: dict[str, Any], j: int, respondent: dict[str, Any], org: str):
    values = {
        code: _clamp(base + respondent["offset"] + _ripple(i, j), 1, 5)
        for i, (code, base) in enumerate(data["practice_base"].items())
    }
    return {"values": values, "comments": data.get("comments", {}).get(org, {})}


def _network(data: dict[str, Any], org: str, members: dict[str, Organization]):
    ratings: dict[int, dict[str, Any]] = {}
    for other, level in data["ties"][org].items():
        cell: dict[str, Any] = {"level": str(level)}
        if level:
            offset = data["rater_offset"][org]
            for dimension, score in data["profiles"][other].items():
                cell[dimension] = _clamp(
                    score + offset * (dimension in ("power", "openness")), 1, 4
                )
        ratings[members[other].pk] = cell
    values = {
        "net-contributions": data["contributions"][org],
        "net-main": data["main"][org],
        "net-years": data["years"][org],
        "net-success": data["success"][org],
    }
    return {"values": values, "ratings": ratings}


def load(slug: str) -> bool:
    """Load this part of the demo for SLUG; True when something was created."""
    chapter = story.data("surveys").get(slug)
    if chapter is None:
        return False
    partnership = Partnership.objects.get(slug=slug)
    if Wave.objects.filter(partnership=partnership).exists():
        return False
    coordinator = accounts.person(chapter["coordinator"])
    members = {
        o.name: o
        for o in Organization.objects.filter(
            memberships__partnership=partnership, memberships__status="admitted"
        )
    }
    now = timezone.now()
    for data in chapter["waves"]:
        opens, closes, answered = _moments(data, now)
        wave = services.wave_create(
            actor=coordinator,
            partnership=partnership,
            instrument_code=data["instrument"],
            title=data["title"],
            opens_at=opens,
            closes_at=closes,
            anonymous=data["anonymous"],
            threshold=data["threshold"],
        )
        if data["instrument"] == "partner-network":
            respondents = [{"organization": name} for name in data["ties"]]
        else:
            respondents = data["respondents"]
        answerers = []
        for respondent in respondents:
            organization = members[respondent["organization"]]
            if wave.per_person:
                people = _people(organization)
                answerers.extend((_shifted(respondent, k), p) for k, p in enumerate(people))
            else:
                answerers.append((respondent, _representative(organization)))
        for j, (respondent, person) in enumerate(answerers):
            org_name = respondent["organization"]
            organization = members[org_name]
            if data["instrument"] == "collaboration-factors":
                answers = _collaboration_factors(data, j, respondent, org_name)
            elif data["instrument"] == "expectations":
                answers = _expectations(data, j, respondent, org_name)
            elif data["instrument"] == "gao-practices":
                answers = _gao(data, j, respondent, org_name)
            else:
                answers = _network(data, org_name, members)
            services.answer_submit(
                actor=person,
                wave=wave,
                organization=organization,
                now=answered + timedelta(minutes=10 * j),
                **answers,
            )
    return True
