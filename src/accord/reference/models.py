"""The UN Sustainable Development Goals and their 169 targets, as reference data."""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def _in_language(translations: dict[str, dict[str, str]], field: str, english: str) -> str:
    """The field in the active language when the shipped lists have it, else English."""
    language = (translation.get_language() or "en").split("-")[0]
    return (translations.get(language) or {}).get(field) or english


class SdgGoal(models.Model):
    number = models.PositiveSmallIntegerField(unique=True)
    short = models.CharField(max_length=100)
    title = models.CharField(max_length=300)
    #: The shipped French and Spanish names: {"fr": {"short": …, "title": …}, "es": {…}}.
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"SDG {self.number}: {self.short}"

    @property
    def local_short(self) -> str:
        """The short name in the active language (English when it has none)."""
        return _in_language(self.translations, "short", self.short)

    @property
    def local_title(self) -> str:
        return _in_language(self.translations, "title", self.title)


class SdgTarget(models.Model):
    goal = models.ForeignKey(SdgGoal, on_delete=models.PROTECT, related_name="targets")
    code = models.CharField(max_length=8, unique=True, help_text=_("e.g. 6.5 or 14.a"))
    position = models.PositiveSmallIntegerField(help_text=_("Sort order within the goal."))
    title = models.TextField()
    #: The shipped French and Spanish titles: {"fr": {"title": …}, "es": {"title": …}}.
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["goal__number", "position"]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:80]}"

    @property
    def local_title(self) -> str:
        """The title in the active language (English when it has none)."""
        return _in_language(self.translations, "title", self.title)
