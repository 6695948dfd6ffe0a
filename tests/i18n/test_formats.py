"""Dates, numbers and money written as the reader's language writes them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from accord.core.formats import format_amount, format_number

NNBSP = "\u202f"  # French groups digits with a narrow no-break space (CLDR)


def render(source: str, **context: object) -> str:
    return Template("{% load accord_format %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "money", "number", "day"),
    [
        ("en", "1,234,567.50", "1,234.25", "2026-12-20"),
        ("fr", f"1{NNBSP}234{NNBSP}567,50", f"1{NNBSP}234,25", "20/12/2026"),
        ("es", "1.234.567,50", "1.234,25", "20/12/2026"),
    ],
)
def test_the_filters_follow_the_active_language(
    language: str, money: str, number: str, day: str
) -> None:
    with translation.override(language):
        assert render("{{ v|money }}", v=Decimal("1234567.5")) == money
        assert render("{{ v|number }}", v=Decimal("1234.25")) == number
        assert render("{{ v|day }}", v=date(2026, 12, 20)) == day
        assert render("{{ v|percent }}", v=0.125) == "12 %"
        assert render("{{ v|money }}", v=None) == "—"


def test_a_moment_names_its_zone_and_writes_the_day_the_local_way() -> None:
    moment = datetime(2026, 12, 20, 14, 0, tzinfo=ZoneInfo("UTC"))
    with translation.override("fr"):
        text = render("{{ v|moment }}", v=moment)
    assert text.startswith("20/12/2026 ")
    assert text.endswith("UTC") or "/" in text.split(" ")[-1]


def test_python_text_formats_amounts_in_the_given_or_active_language() -> None:
    assert format_amount(Decimal("12500"), language="en") == "12,500.00"
    assert format_amount(Decimal("12500"), language="fr") == f"12{NNBSP}500,00"
    assert format_amount(Decimal("12500"), 0, language="es") == "12.500"
    assert format_number(10000, language="fr") == f"10{NNBSP}000"
    with translation.override("es"):
        assert format_amount("3.5") == "3,50"
    assert format_amount("not a number") == "not a number"


def test_a_french_message_reads_its_budget_in_french(db: None) -> None:
    from django.utils.translation import gettext as _

    with translation.override("fr"):
        text = _("The cost is more than the round's whole budget (%(budget)s %(currency)s).") % {
            "budget": format_amount(Decimal("25000")),
            "currency": "KES",
        }
    assert text == f"Le coût dépasse le budget total du cycle (25{NNBSP}000,00 KES)."


def test_dates_in_python_text_are_written_the_reader_way() -> None:
    from accord.core.formats import format_day

    day = date(2026, 12, 20)
    assert format_day(day, language="en") == "2026-12-20"
    assert format_day(day, language="fr") == "20/12/2026"
    with translation.override("es"):
        assert format_day(day) == "20/12/2026"
    assert format_day(None) == ""


def test_a_ledger_error_names_its_date_in_the_reader_language(db: None) -> None:
    """A value date in the future: the message writes the date as French writes it."""
    from accord.errors import Invalid
    from accord.resources.services.ledger import value_date_check

    with translation.override("fr"), pytest.raises(Invalid) as raised:
        value_date_check(None, date(2999, 1, 31))
    assert "31/01/2999" in raised.value.message
