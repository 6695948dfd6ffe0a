"""The engine's decision-rule presets, in the reader's language.

The engine imports no Django, so the names and explanations of its presets
(``engine/voting/presets.py``) are English only there. They are listed here with
``gettext_noop`` so that ``makemessages`` extracts them, and the pages and forms read them
through :func:`shown_presets` and :func:`preset_choices`. ``tests/i18n/test_unmarked.py``
fails when a preset's text is missing from :data:`TEXTS` (:func:`unlisted`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy, gettext_noop

from accord.engine.voting.presets import PRESETS

TEXTS: tuple[str, ...] = (
    gettext_noop("Simple majority"),
    gettext_noop(
        "The proposal passes when more members vote yes than no; abstentions are not counted. A tie does not pass. An objection counts as a no."
    ),
    gettext_noop("Two-thirds majority"),
    gettext_noop(
        "The proposal passes when at least two-thirds of the yes and no votes are yes; abstentions are not counted. Use it for changes that should carry broad support, such as amending the charter."
    ),
    gettext_noop("Majority of all members"),
    gettext_noop(
        "The proposal passes when more than half of all members vote yes, so staying away or abstaining counts like a no. A tie does not pass."
    ),
    gettext_noop("Consensus"),
    gettext_noop(
        "The proposal passes when nobody votes no or objects and at least one member votes yes. Members may stand aside by abstaining. At least half of the members must take part."
    ),
    gettext_noop("Consent (sociocratic)"),
    gettext_noop(
        "The proposal passes unless a member raises an objection and states the reason for it; each objection must be resolved before the proposal can pass. Members consent, stand aside or object; at least half of them must take part, since silence counts as consent."
    ),
    gettext_noop("Concurrent majority by sector"),
    gettext_noop(
        "The proposal passes only with a majority of all members and a majority inside every sector that votes, so no sector can be outvoted by the others. A tie overall or in any sector does not pass."
    ),
    gettext_noop("Weighted by contribution, capped at 30%"),
    gettext_noop(
        "Each member's vote counts in proportion to their contribution, but no member holds more than 30% of the total; what lies above the cap is shared among the others in proportion to their contributions. The proposal passes when the yes weight exceeds the no weight (with fewer than four contributing members, all of them weigh the same)."
    ),
    gettext_noop("Majority with community consent"),
    gettext_noop(
        "The proposal passes with a simple majority, and only if a majority of the community members who vote agree: free, prior and informed consent. Silence is not consent, so the community must vote."
    ),
)


@dataclass(frozen=True)
class ShownPreset:
    """A preset as a page shows it: its key, and its name and explanation translated."""

    key: str
    name: Any
    explanation: Any


def shown_presets() -> list[ShownPreset]:
    return [ShownPreset(p.key, gettext_lazy(p.name), gettext_lazy(p.explanation)) for p in PRESETS]


def preset_choices() -> list[tuple[str, Any]]:
    """``(key, name)`` for a form's choices, the name in the reader's language."""
    return [(p.key, gettext_lazy(p.name)) for p in PRESETS]


def unlisted() -> list[str]:
    """The presets' texts missing from :data:`TEXTS` (none when the list is up to date)."""
    listed = set(TEXTS)
    return [t for p in PRESETS for t in (p.name, p.explanation) if t not in listed]
