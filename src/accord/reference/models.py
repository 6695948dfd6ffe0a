"""The UN Sustainable Development Goals and their 169 targets, as reference data."""

from __future__ import annotations

from django.db import models


class SdgGoal(models.Model):
    number = models.PositiveSmallIntegerField(unique=True)
    short = models.CharField(max_length=100)
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"SDG {self.number}: {self.short}"


class SdgTarget(models.Model):
    goal = models.ForeignKey(SdgGoal, on_delete=models.PROTECT, related_name="targets")
    code = models.CharField(max_length=8, unique=True, help_text="e.g. 6.5 or 14.a")
    position = models.PositiveSmallIntegerField(help_text="Sort order within the goal.")
    title = models.TextField()

    class Meta:
        ordering = ["goal__number", "position"]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:80]}"
