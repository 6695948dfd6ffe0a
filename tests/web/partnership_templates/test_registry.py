"""Template files: every shipped template is valid and complete; a bad file is refused
with an error naming it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from accord.decisions.models import DecisionKind
from accord.engine.voting.presets import get_preset
from accord.web.partnership_templates import registry

SHIPPED = [
    "co_management",
    "education_business",
    "healthcare_research",
    "place_based",
    "public_private",
]


@pytest.fixture(autouse=True)
def _fresh_cache():
    registry._templates.cache_clear()
    yield
    registry._templates.cache_clear()


def test_the_five_templates_are_shipped():
    assert [t.key for t in registry.template_list()] == SHIPPED


@pytest.mark.parametrize("key", SHIPPED)
def test_each_shipped_template_is_complete_in_three_languages(key):
    template = registry.template_read(registry.SHIPPED_DIR / f"{key}.toml")
    # every kind of decision has a rule, each kind once
    kinds = [kind for rule in template.rules for kind in rule.kinds]
    assert sorted(kinds) == sorted(DecisionKind.values)
    for rule in template.rules:
        get_preset(rule.preset)
    assert template.indicators and template.roles
    assert template.charter_sections()["common_outcome"]
    texts = [template.name, template.summary]
    texts += [text for _field, text in template.charter]
    texts += [role.name for role in template.roles] + [r.responsibilities for r in template.roles]
    texts += [rule.name for rule in template.rules] + [i.name for i in template.indicators]
    for text in texts:
        languages = dict(text.translations)
        assert set(languages) == {"en", "fr", "es"}, (key, languages)
        assert all(languages.values())
    with translation.override("fr"):
        assert str(template.name) == dict(template.name.translations)["fr"]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """
name = "Mine"
summary = "A template of my own."
[partnership]
type = "network"
modality = "business_ngo"
[charter]
common_outcome = "Together."
[[rules]]
name = "Majority"
preset = "simple_majority"
kinds = ["general"]
"""


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("name = ", "is not valid TOML"),
        (
            GOOD.replace('preset = "simple_majority"', 'preset = "dictator"'),
            "not a decision-rule preset",
        ),
        (GOOD.replace('kinds = ["general"]', 'kinds = ["lunch"]'), "kinds must be one of"),
        (GOOD.replace('type = "network"', 'type = "club"'), "[partnership] type must be one of"),
        (GOOD.replace('name = "Mine"', 'name = { fr = "Le mien" }'), "name needs an English text"),
        (
            GOOD.replace('name = "Mine"', 'name = { en = "Mine", de = "Meins" }'),
            "unknown languages: de",
        ),
        (GOOD + "\ncolour = 'red'\n", "unknown entries: colour"),
        (GOOD.replace("[charter]", "[charter]\nbylaws = 'x'"), "unknown entries: bylaws"),
        (
            GOOD + '[[rules]]\nname = "Again"\npreset = "consensus"\nkinds = ["general"]\n',
            "same kind: general",
        ),
    ],
)
def test_a_bad_file_is_refused_naming_it(tmp_path, text, problem):
    path = write(tmp_path, "mine.toml", text)
    with pytest.raises(registry.TemplateFileError) as caught:
        registry.template_read(path)
    assert str(path) in str(caught.value)
    assert problem in str(caught.value)


def test_an_operator_adds_a_template_from_the_directory_setting(tmp_path, settings):
    write(tmp_path, "mine.toml", GOOD)
    settings.PARTNERSHIP_TEMPLATES_DIR = str(tmp_path)
    assert [t.key for t in registry.template_list()] == [*SHIPPED, "mine"]
    assert str(registry.template_get("mine").name) == "Mine"


def test_an_operator_template_may_not_take_a_shipped_key(tmp_path, settings):
    write(tmp_path, "co_management.toml", GOOD)
    settings.PARTNERSHIP_TEMPLATES_DIR = str(tmp_path)
    with pytest.raises(registry.TemplateFileError, match=r"co_management\.toml"):
        registry.template_list()


@pytest.mark.django_db
def test_the_system_check_names_the_bad_file(tmp_path, settings):
    write(tmp_path, "broken.toml", "name = ")
    settings.PARTNERSHIP_TEMPLATES_DIR = str(tmp_path)
    from django.core.management.base import SystemCheckError

    with pytest.raises(SystemCheckError, match=r"broken\.toml"):
        call_command("check")
