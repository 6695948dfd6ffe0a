"""The decision explanations: ``{% explain why %}`` and the filters their templates use.

``{% explain decision.counts.why %}`` renders a stored reason with the template of its code
(:mod:`accord.decisions.explanations`); ``{% explain code=... params=... as text %}`` renders
a nested one into a variable. The filters print the engine's exact numbers as its English
sentences do: a count "n/d" as a decimal with four significant digits, a share "1/2" as
"half".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

from django import template
from django.utils.formats import get_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from accord.decisions import explanations

register = template.Library()


@register.simple_tag
def explain(
    why: Mapping[str, Any] | None = None,
    *,
    code: str | None = None,
    params: Mapping[str, Any] | None = None,
) -> SafeString | str:
    """The sentence of a reason (nothing for a decision stored without one)."""
    if not why and code is None:
        return ""
    return explanations.explanation_html(why or None, code=code, params=params)


@register.simple_tag
def part(name: str, **context: Any) -> SafeString:
    """A piece of a sentence, ``explanations/_<name>.html``, to use inside another one."""
    return explanations.part_html(name, **context)


def _decimal(text: str) -> str:
    return text.replace(".", str(get_format("DECIMAL_SEPARATOR")))


@register.filter
def number(value: Any) -> Any:
    """An exact count or weight: an int as is, a fraction "n/d" to four significant digits."""
    if value is None or value == "" or isinstance(value, bool):
        return value
    fraction = Fraction(value)
    if fraction.denominator == 1:
        return str(int(fraction))
    return _decimal(f"{float(fraction):.4g}")


@register.filter
def fraction(value: Any) -> Any:
    """A threshold or cap as the exact fraction: "2/3", "3/10", "1"."""
    if value is None or value == "":
        return value
    return str(Fraction(value))


@register.filter
def share(value: Any) -> Any:
    """A threshold as the sentences say it: "half" for 1/2, else the fraction ("2/3")."""
    if value is None or value == "":
        return value
    return gettext("half") if Fraction(value) == Fraction(1, 2) else str(Fraction(value))


@register.filter(is_safe=True)
def without_period(value: Any) -> str:
    """A sentence without its final period, to continue it."""
    return str(value).rstrip(".")


@register.filter
def not_passed(checked: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The groups a rule compared that did not pass."""
    return [g for g in checked or () if not g.get("passed")]


@register.filter
def without(values: Iterable[Any], value: Any) -> list[Any]:
    """The list without one value (the winner among the tied)."""
    return [v for v in values or () if v != value]


@register.filter
def preset_name(key: str) -> str:
    """A rule's preset by its name ("Concurrent majority by sector"), never its key;
    "Custom" for a rule made without one."""
    from accord.decisions.choice_rules import PRESETS as CHOICE_PRESETS
    from accord.engine.voting.presets import PRESETS

    names = {preset.key: preset.name for preset in (*PRESETS, *CHOICE_PRESETS)}
    # the engine's names are English (preset_texts lists them for the catalogues)
    return gettext(str(names[key])) if key in names else (key or gettext("Custom"))


@register.filter
def group_label(code: Any, labels: Mapping[str, str] | None = None) -> str:
    """A group by its name, never its code: from ``labels`` (the partnership's
    ``group_labels``) when given, else a sector's label ("Community"); another grouping's
    name in words (underscores as spaces, first letter capital)."""
    from accord.partners.models import Sector
    from accord.partnerships.models import group_id_of

    if labels and code in labels:
        return str(labels[code])
    try:
        return str(Sector(code).label)
    except ValueError:
        pass
    if group_id_of(str(code)) is not None:
        return gettext("a group no longer defined")
    text = str(code or "").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


@register.filter
def group_labels(codes: Iterable[Any], labels: Mapping[str, str] | None = None) -> list[str]:
    """Each group of ``codes`` by its name (:func:`group_label`)."""
    return [group_label(code, labels) for code in codes or ()]
