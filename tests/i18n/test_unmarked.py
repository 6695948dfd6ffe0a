"""No interface text bypasses translation (issue 17: "every interface string through
Django's translation machinery").

``test_catalogues`` checks that every *marked* string is translated; these check that the
text a person reads is marked at all: the messages of errors and event summaries in Python,
and the words of templates. ``python tests/i18n/unmarked.py`` lists what is left.
"""

from __future__ import annotations

from pathlib import Path

from tests.i18n.unmarked import python_literals, template_text


def test_no_error_or_summary_is_plain_text() -> None:
    found = list(python_literals())
    assert not found, f"{len(found)} messages bypass gettext:\n" + "\n".join(found[:40])


def test_no_template_words_outside_translate_tags() -> None:
    found = list(template_text())
    assert not found, f"{len(found)} template lines bypass translation:\n" + "\n".join(found[:40])


def test_the_finders_find(tmp_path: Path) -> None:
    """The finders are not blind: each flags a planted example and passes a marked one."""
    (tmp_path / "services.py").write_text(
        "from django.utils.translation import gettext as _\n"
        "def f(x):\n"
        "    raise Invalid(f'Bad {x}')\n"
        "def g():\n"
        "    raise Invalid(_('Bad'))\n"
        "def h(a, p):\n"
        "    partnership_event_record(a, 'v', p, p, 'Something happened')\n"
        "def i():\n"
        "    raise _invalid('field', 'Too long')\n",
        encoding="utf-8",
    )
    templates = tmp_path / "app" / "templates" / "app"
    templates.mkdir(parents=True)
    (templates / "page.html").write_text(
        '{% load i18n %}<h1>{% translate "Marked" %}</h1>\n'
        "<p>Plain words</p>\n"
        '<input placeholder="Search">\n'
        "{% blocktranslate %}Also marked {{ x }}{% endblocktranslate %}\n",
        encoding="utf-8",
    )
    python = list(python_literals(tmp_path))
    assert [line.split(":")[1] for line in python] == ["3", "7", "9"]
    words = list(template_text(tmp_path))
    assert [line.split(":")[1] for line in words] == ["2", "3"]


def test_every_survey_instrument_text_is_listed_for_the_catalogues() -> None:
    """The instruments' questions live in JSON, which makemessages does not read: each is
    listed in surveys/instrument_texts.py, or it would stay English in French."""
    from accord.surveys.instrument_texts import TEXTS, unlisted

    assert len(TEXTS) > 100
    assert unlisted() == []


def test_every_engine_preset_text_is_listed_for_the_catalogues() -> None:
    """The engine's rule presets are English (it imports no Django): their names and
    explanations are listed in decisions/preset_texts.py so that they are translated."""
    from accord.decisions.preset_texts import TEXTS, unlisted

    assert len(TEXTS) >= 16
    assert unlisted() == []
