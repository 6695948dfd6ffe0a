"""Answering a wave for one's organization, or, in a wave answered per person
(``Wave.per_person``), as one person of a member organization.

``answer_submit`` checks everything before it writes anything: the person represents the
organization, the organization is a member, the wave is open, the organization has not
answered, every answer is inside its scale or among its options, every rated organization
is another member. Then, in one transaction, it records *that* the organization answered
(``Respondent``: organization, person, day) and, apart, *what* it answered
(``Submission`` and ``Answer`` rows with random keys and no time; for an anonymous wave
without organization or sector). Field errors are keyed like the answer form's fields:
the item's code, ``<code>-comment``, and ``m-<organization id>-<column>`` for the matrix.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.formats import format_number
from accord.errors import Conflict, Forbidden, Invalid, require_permission
from accord.partners.models import Organization
from accord.partnerships.models import Membership, MembershipStatus
from accord.partnerships.roles import represented_organization_ids
from accord.surveys.instruments import InstrumentDefinition, Question, instrument
from accord.surveys.models import Answer, Respondent, Submission, Wave, WaveState
from accord.surveys.rules import answer_permission
from accord.surveys.selectors.waves import affiliated_organization_ids

TEXT_LIMIT = 5000
COMMENT_LIMIT = 2000


def matrix_field(organization_id: int, column: str) -> str:
    return f"m-{organization_id}-{column}"


def comment_field(code: str) -> str:
    return f"{code}-comment"


@dataclass
class _Clean:
    rows: list[Answer] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def error(self, key: str, message: str) -> None:
        self.errors.setdefault(key, []).append(message)


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == []


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _value(question: Question, value: Any, key: str, clean: _Clean) -> dict[str, Any] | None:
    """The fields of one answer, or None (and an error) when the value does not fit."""
    kind = question.kind
    if question.is_scale:
        number = _as_number(value)
        low, high = question.scale
        if number is None or number != int(number) or not low <= number <= high:
            clean.error(
                key,
                _("Choose a whole number from %(low)d to %(high)d.") % {"low": low, "high": high},
            )
            return None
        return {"number": number}
    if kind == "number":
        number = _as_number(value)
        if number is None:
            clean.error(key, _("Give a number."))
            return None
        if (question.minimum is not None and number < question.minimum) or (
            question.maximum is not None and number > question.maximum
        ):
            clean.error(
                key,
                _("Give a number from %(low)s to %(high)s.")
                % {"low": format_number(question.minimum), "high": format_number(question.maximum)},
            )
            return None
        if abs(number) > 1_000_000_000:
            clean.error(key, _("This number is too large."))
            return None
        return {"number": number}
    if kind == "single":
        if not isinstance(value, str) or value not in question.option_values():
            clean.error(key, _("Choose one of the options."))
            return None
        return {"text": value}
    if kind == "multiple":
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list | tuple) or not all(
            isinstance(v, str) and v in question.option_values() for v in values
        ):
            clean.error(key, _("Choose among the options."))
            return None
        return {"choices": sorted(set(values))}
    if kind == "text":
        if not isinstance(value, str):
            clean.error(key, _("Write a text."))
            return None
        text = value.strip()
        if len(text) > TEXT_LIMIT:
            clean.error(key, _("Keep it under %(limit)d characters.") % {"limit": TEXT_LIMIT})
            return None
        return {"text": text} if text else None
    clean.error(key, _("This question cannot be answered this way."))
    return None


def _plain_answers(
    definition: InstrumentDefinition,
    values: dict[str, Any],
    comments: dict[str, Any],
    clean: _Clean,
) -> None:
    plain = [q for q in definition.questions if q.kind != "member_matrix"]
    known = {q.code for q in plain}
    for code in sorted(set(values) - known):
        clean.error(code, _("There is no question “%(code)s” in this survey.") % {"code": code})
    commentable = {q.code for q in plain if q.comment}
    for code in sorted(set(comments) - commentable):
        clean.error(comment_field(code), _("This question takes no comment."))
    for question in plain:
        value = values.get(question.code)
        if _blank(value):
            if question.required:
                clean.error(question.code, _("Answer this question."))
            continue
        fields = _value(question, value, question.code, clean)
        comment = comments.get(question.code)
        if comment is not None and not isinstance(comment, str):
            clean.error(comment_field(question.code), _("Write the comment as text."))
            comment = None
        comment = (comment or "").strip()
        if len(comment) > COMMENT_LIMIT:
            clean.error(
                comment_field(question.code),
                _("Keep the comment under %(limit)d characters.") % {"limit": COMMENT_LIMIT},
            )
            continue
        if fields is not None:
            if comment:
                fields["text"] = comment
            clean.rows.append(Answer(item=question.code, **fields))


def _matrix_answers(
    matrix: Question,
    ratings: dict[int, dict[str, Any]],
    others: dict[int, Organization],
    clean: _Clean,
) -> None:
    """Every other member gets a level; the other columns are asked (and required) only
    for the members one works with (level 1 or more)."""
    for organization_id in sorted(set(ratings) - set(others)):
        clean.error(
            matrix_field(organization_id, "level"),
            _("Rate only the other member organizations of this partnership."),
        )
    level_column, *columns = matrix.columns
    for organization_id, organization in others.items():
        cell = ratings.get(organization_id) or {}
        if not isinstance(cell, dict):
            clean.error(matrix_field(organization_id, "level"), _("Give this member's ratings."))
            continue
        unknown = set(cell) - {c.code for c in matrix.columns}
        for column_code in sorted(unknown):
            clean.error(matrix_field(organization_id, column_code), _("There is no such column."))
        key = matrix_field(organization_id, level_column.code)
        level = cell.get(level_column.code)
        if _blank(level):
            clean.error(
                key, _("Say how your organization works with %(name)s.") % {"name": organization}
            )
            continue
        fields = _value(level_column, str(level), key, clean)
        if fields is None:
            continue
        clean.rows.append(
            Answer(item=level_column.code, rated_organization_id=organization_id, **fields)
        )
        if fields["text"] == "0":
            continue
        for column in columns:
            key = matrix_field(organization_id, column.code)
            value = cell.get(column.code)
            if _blank(value):
                if column.required:
                    clean.error(key, _("Answer this for %(name)s.") % {"name": organization})
                continue
            fields = _value(column, value, key, clean)
            if fields is not None:
                clean.rows.append(
                    Answer(item=column.code, rated_organization_id=organization_id, **fields)
                )


def member_organizations(wave: Wave) -> dict[int, Organization]:
    return {
        m.organization_id: m.organization
        for m in Membership.objects.filter(
            partnership_id=wave.partnership_id, status=MembershipStatus.ADMITTED
        )
        .select_related("organization")
        .order_by("organization__name")
    }


def answers_clean(
    *,
    wave: Wave,
    organization: Organization,
    values: dict[str, Any],
    comments: dict[str, Any] | None = None,
    ratings: dict[int, dict[str, Any]] | None = None,
    members: dict[int, Organization] | None = None,
) -> list[Answer]:
    """The answer rows (unsaved, without their submission), or Invalid with every error."""
    definition = instrument(wave.instrument)
    clean = _Clean()
    if not isinstance(values, dict) or not isinstance(comments or {}, dict):
        raise Invalid(_("Send the answers as an object keyed by question code."))
    _plain_answers(definition, values, comments or {}, clean)
    matrix = definition.matrix
    if matrix is not None:
        members = members if members is not None else member_organizations(wave)
        others = {pk: org for pk, org in members.items() if pk != organization.pk}
        _matrix_answers(matrix, ratings or {}, others, clean)
    elif ratings:
        clean.error("ratings", _("This survey does not ask about other members."))
    if clean.errors:
        first = next(iter(clean.errors.values()))[0]
        raise Invalid(
            _("Some answers need another look: %(first)s") % {"first": first},
            field_errors=clean.errors,
        )
    return clean.rows


@transaction.atomic
def answer_submit(
    *,
    actor: Any,
    wave: Wave,
    organization: Organization,
    values: dict[str, Any],
    comments: dict[str, Any] | None = None,
    ratings: dict[int, dict[str, Any]] | None = None,
    now: datetime | None = None,
) -> Respondent:
    """Record one member organization's answers to an open wave (once), or, in a wave
    answered per person, one person's answers for the member organization they belong to
    (once per person)."""
    require_permission(actor, answer_permission(wave), wave.partnership)
    if wave.per_person:
        if organization.pk not in affiliated_organization_ids(actor):
            raise Forbidden(_("You can answer only for an organization you belong to."))
    elif organization.pk not in represented_organization_ids(actor):
        raise Forbidden(_("You can answer only for an organization you represent."))
    members = member_organizations(wave)
    if organization.pk not in members:
        raise Forbidden(_("Only member organizations answer the partnership's surveys."))
    now = now or timezone.now()
    locked = Wave.objects.select_for_update().get(pk=wave.pk)
    state = locked.state_at(now)
    if state == WaveState.SCHEDULED:
        raise Conflict(_("This wave is not open yet."))
    if state == WaveState.CLOSED:
        raise Conflict(_("This wave has closed; answers are no longer taken."))
    if locked.per_person:
        already = _("You have already answered this wave.")
        if Respondent.objects.filter(wave=locked, person_id=actor.pk).exists():
            raise Conflict(already)
    else:
        already = _("%(name)s has already answered this wave.") % {"name": organization}
        if Respondent.objects.filter(wave=locked, organization=organization).exists():
            raise Conflict(already)
    rows = answers_clean(
        wave=locked,
        organization=organization,
        values=values,
        comments=comments,
        ratings=ratings,
        members=members,
    )
    try:
        with transaction.atomic():
            respondent = Respondent.objects.create(
                wave=locked,
                organization=organization,
                user=actor,
                person=actor if locked.per_person else None,
                answered_on=timezone.localdate(now),
            )
    except IntegrityError as exc:
        raise Conflict(already) from exc
    if locked.anonymous:
        submission = Submission.objects.create(wave=locked, per_person=locked.per_person)
    else:
        submission = Submission.objects.create(
            wave=locked,
            organization=organization,
            sector=organization.sector,
            per_person=locked.per_person,
        )
    for row in rows:
        row.submission = submission
    Answer.objects.bulk_create(rows)
    return respondent
