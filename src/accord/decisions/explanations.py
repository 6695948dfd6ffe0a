"""Why a decision came out as it did, as data, and its rendering for people.

A decision keeps its explanation as structure: ``Decision.counts["why"]`` is
``{"code": ..., "params": {...}}``. For a motion decided in one chamber it is the engine's
:class:`~accord.engine.voting.motions.ReasonCode` and params (docs/engine/explanations.md);
for what the app decides itself it is one of the :class:`AppReasonCode` below. The same
structure sits beside each condition, the quorum and each chamber.

People read it through one template per kind of explanation, under
``decisions/templates/decisions/explanations/`` (every word in ``{% translate %}`` or
``{% blocktranslate %}``); the ``{% explain why %}`` tag of ``decision_explanations`` picks
the template. In English, an engine code renders to the engine's own sentence
(``english(code, params)``); the engine's ``reason`` and ``explain()`` strings remain a
debugging aid, stored in ``Decision.explanation``.

App codes and their params
--------------------------
``chambers_passed``, ``chambers_failed``, ``chambers_no_quorum`` (a proposal voted in two
chambers passes only if it passes in both; no quorum in a chamber gives "no_quorum"):
``chambers``, in the order voted, each ``{"chamber", "outcome", "why"}`` with that
chamber's motion ``why``.

``choice_chosen`` (a choice among alternatives): ``method`` (``schulze``,
``instant_runoff``, ``approval``, ``score``), ``winner`` (its name), ``voters``,
``eligible``, ``who`` (``"members"`` or ``"people"``), ``tied`` (every tied alternative's
name, the winner included; empty without a tie), ``weighted``, and the method's deciding
number: ``approvals`` (the most approvals), ``total_score`` (the highest total score),
``rounds`` (how many instant-runoff rounds); Schulze has ``strength`` (the option) and the
pairwise margins are in ``counts["pairwise"]``.

``choice_nobody_voted``: ``method``, ``voters`` (0), ``eligible``, ``who``.

``group_consent_withheld`` (a group the decision affects withholds its consent, so what
would have passed is blocked; issue 16): ``groups``, each refusing group's verdict
(``group``, its code; ``label``, its name; ``members``, ``voted``, ``withheld``,
``reasons``); ``winner``, the alternative that would have been chosen (absent for a
yes/no motion); ``passed``, the ``why`` of what would have passed.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from accord.engine.voting.motions import ReasonCode

__all__ = [
    "TEMPLATES",
    "AppReasonCode",
    "explanation_html",
    "explanation_text",
    "normalize_space",
    "why",
]


class AppReasonCode(StrEnum):
    """The reasons the app gives for what it decides itself (params in the module doc)."""

    #: Two chambers: accepted in both.
    CHAMBERS_PASSED = "chambers_passed"
    #: Two chambers: rejected in at least one (and no quorum in none).
    CHAMBERS_FAILED = "chambers_failed"
    #: Two chambers: no quorum in at least one.
    CHAMBERS_NO_QUORUM = "chambers_no_quorum"
    #: A choice among alternatives chose one.
    CHOICE_CHOSEN = "choice_chosen"
    #: A choice among alternatives where nobody voted: nothing is chosen.
    CHOICE_NOBODY_VOTED = "choice_nobody_voted"
    #: A group the decision affects withholds its consent: what would have passed is blocked.
    GROUP_CONSENT_WITHHELD = "group_consent_withheld"


_KINDS: dict[str, tuple[str, ...]] = {
    "majority": (
        ReasonCode.MAJORITY_PASSED,
        ReasonCode.MAJORITY_FAILED,
        ReasonCode.MAJORITY_TIE,
        ReasonCode.NO_VOTES,
        ReasonCode.NO_WEIGHT,
    ),
    "consensus": (
        ReasonCode.CONSENSUS_REACHED,
        ReasonCode.CONSENSUS_BLOCKED,
        ReasonCode.CONSENSUS_NO_YES,
    ),
    "consent": (ReasonCode.CONSENT_GIVEN, ReasonCode.CONSENT_OBJECTED),
    "concurrent_majority": (
        ReasonCode.CONCURRENT_MAJORITY_PASSED,
        ReasonCode.CONCURRENT_MAJORITY_FAILED_OVERALL,
        ReasonCode.CONCURRENT_MAJORITY_FAILED_IN_GROUPS,
    ),
    "group_consent": (
        ReasonCode.GROUP_CONSENT_GIVEN,
        ReasonCode.GROUP_CONSENT_REFUSED,
        ReasonCode.GROUP_CONSENT_SILENT,
    ),
    "quorum": (ReasonCode.QUORUM_MET, ReasonCode.QUORUM_NOT_MET, ReasonCode.NO_QUORUM_REQUIRED),
    "motion": (
        ReasonCode.NO_QUORUM,
        ReasonCode.METHOD_FAILED,
        ReasonCode.SAFEGUARD_FAILED,
        ReasonCode.ACCEPTED,
    ),
    "chambers": (
        AppReasonCode.CHAMBERS_PASSED,
        AppReasonCode.CHAMBERS_FAILED,
        AppReasonCode.CHAMBERS_NO_QUORUM,
    ),
    "choice": (AppReasonCode.CHOICE_CHOSEN, AppReasonCode.CHOICE_NOBODY_VOTED),
    "group_blocked": (AppReasonCode.GROUP_CONSENT_WITHHELD,),
}

#: The template of each code, engine's and app's.
TEMPLATES: dict[str, str] = {
    str(code): f"decisions/explanations/{kind}.html"
    for kind, codes in _KINDS.items()
    for code in codes
}


def why(code: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """The stored form of a reason: ``{"code": code, "params": params}``, JSON-ready."""
    return {"code": str(code), "params": dict(params)}


def normalize_space(text: str) -> str:
    """Runs of whitespace (the templates' line breaks) as one space, none at the ends."""
    return " ".join(text.split())


def _render(name: str, context: Mapping[str, Any]) -> SafeString:
    return mark_safe(normalize_space(render_to_string(name, dict(context))))  # noqa: S308


def part_html(name: str, **context: Any) -> SafeString:
    """A piece of a sentence (``explanations/_<name>.html``), escaped HTML on one line."""
    return _render(f"decisions/explanations/_{name}.html", context)


def explanation_html(
    why: Mapping[str, Any] | None = None,
    *,
    code: str | None = None,
    params: Mapping[str, Any] | None = None,
) -> SafeString:
    """The sentence of a reason in the active language, as escaped HTML.

    Give either the stored ``why`` or its ``code`` and ``params``.

    Raises
    ------
    ValueError
        For an unknown code.
    """
    if why is not None:
        code, params = why["code"], why["params"]
    try:
        name = TEMPLATES[str(code)]
    except KeyError:
        raise ValueError(f"unknown reason code {code!r}") from None
    return _render(name, {"code": str(code), "params": params or {}})


def explanation_text(
    why: Mapping[str, Any] | None = None,
    *,
    code: str | None = None,
    params: Mapping[str, Any] | None = None,
) -> str:
    """The same sentence as plain text (what ``Decision.reason`` stores at close time)."""
    return html.unescape(strip_tags(explanation_html(why, code=code, params=params)))
