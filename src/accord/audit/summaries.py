"""Event summaries that each reader reads in their own language.

An event is written once and read for years by people of several languages, so its
summary is stored as a message and its values, not as finished text::

    partnership_event_record(
        actor, "resources.pledge_made", pledge, partnership,
        summary(gettext_noop("%(organization)s pledged %(amount)s %(currency)s"),
                organization=org.name, amount=pledge.amount, currency="EUR"),
    )

``gettext_noop`` marks the message for the catalogues without translating it when the
event is written; ``Event.text`` translates it into the reader's active language and
formats numbers for their locale. A value given as a lazy translation (a choice's
``label``, ``gettext_lazy("closed")``) is kept as its message and translated per reader
too; a ``date`` is written the way the reader's language writes days; any other value is
shown as written (names, titles). The English text is stored in ``Event.summary`` too, for
the admin, exports and events written before this existed, which read as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import format_decimal
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext

from accord.day_formats import format_day

#: Numbers are kept as strings tagged with this key, so that a Decimal keeps its digits.
_NUMBER = "$number"
#: A day is kept as its ISO date and written the reader's way (``day_formats``).
_DAY = "$day"
#: A value that is itself words to translate (a choice's label, ``gettext_lazy``) is kept
#: as its message, tagged with this key, and translated for each reader too.
_MESSAGE = "$message"


@dataclass(frozen=True)
class Summary:
    message: str
    values: dict[str, Any] = field(default_factory=dict)

    DATA_KEY = "_summary"

    def as_data(self) -> dict[str, Any]:
        return {"message": self.message, "values": {k: _stored(v) for k, v in self.values.items()}}

    def english(self) -> str:
        with translation.override("en"):
            return render(self.as_data()) or self.message


def summary(message: str, **values: Any) -> Summary:
    """A summary from a ``gettext_noop``-marked message with ``%(name)s`` placeholders."""
    return Summary(message=message, values=values)


@dataclass(frozen=True)
class _Lowered:
    label: Any


def lowered(label: Any) -> _Lowered:
    """A lazy label to be shown in lower case inside a sentence ("… now decides
    admissions"), in each reader's language."""
    return _Lowered(label)


def choice_label(instance: Any, field_name: str, *, lower: bool = True) -> Any:
    """A model's choice as a summary value read in each reader's language: the field's
    lazy label (``get_FOO_display()`` would give it already translated into the language
    of whoever acted), lower-cased for the inside of a sentence unless ``lower=False``."""
    value = getattr(instance, field_name)
    field = instance._meta.get_field(field_name)
    label = dict(field.flatchoices).get(value, value)
    return lowered(label) if lower else label


def _stored(value: Any) -> Any:
    if isinstance(value, _Lowered):
        if isinstance(value.label, Promise):
            return {**_stored(value.label), "lower": True}
        return str(value.label).lower()
    if isinstance(value, Promise):
        with translation.override(None):  # no language: the message itself
            return {_MESSAGE: str(value)}
    if isinstance(value, date) and not isinstance(value, datetime):
        return {_DAY: value.isoformat()}
    if isinstance(value, bool) or value is None:
        return str(value) if value is not None else ""
    if isinstance(value, int | float | Decimal):
        return {_NUMBER: str(value)}
    return str(value)


def _shown(value: Any) -> str:
    if isinstance(value, dict) and isinstance(value.get(_MESSAGE), str):
        text = gettext(value[_MESSAGE])
        return text.lower() if value.get("lower") else text
    if isinstance(value, dict) and isinstance(value.get(_DAY), str):
        try:
            return format_day(date.fromisoformat(value[_DAY]))
        except ValueError:
            return value[_DAY]
    if isinstance(value, dict) and _NUMBER in value:
        try:
            number = Decimal(value[_NUMBER])
        except (InvalidOperation, TypeError):
            return str(value[_NUMBER])
        # as written, with the decimals it was given (an amount keeps its cents), grouped
        # the way the reader's language groups (Babel, like the |money filter)
        exponent = number.as_tuple().exponent
        places = min(-exponent, 6) if isinstance(exponent, int) and exponent < 0 else 0
        pattern = "#,##0" + ("." + "0" * places if places else "")
        locale = translation.to_locale(translation.get_language() or "en")
        return format_decimal(number, format=pattern, locale=locale)
    return str(value)


def render(spec: Any) -> str | None:
    """The stored summary in the active language, or None when ``spec`` is not one."""
    if not isinstance(spec, dict) or not isinstance(spec.get("message"), str):
        return None
    values = spec.get("values") if isinstance(spec.get("values"), dict) else {}
    shown = {k: _shown(v) for k, v in values.items()}
    try:
        return gettext(spec["message"]) % shown
    except (KeyError, TypeError, ValueError):
        # a translation that names a value the message lacks: fall back to English
        try:
            return spec["message"] % shown
        except (KeyError, TypeError, ValueError):
            return None
