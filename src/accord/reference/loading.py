"""Load the bundled SDG goals and targets, with their shipped French and Spanish names;
idempotent (used by data migrations)."""

from __future__ import annotations

from typing import Any

from accord.reference.codelists import sdg_data


def _has_translations(model: Any) -> bool:
    """Whether this (possibly historical) model has the ``translations`` field: the first
    data migration runs before it exists."""
    return any(field.name == "translations" for field in model._meta.get_fields())


def load_sdg(goal_model: Any, target_model: Any) -> None:
    data = sdg_data()
    goals = {}
    translated = _has_translations(goal_model)
    for goal in data["goals"]:
        defaults: dict[str, Any] = {"short": goal["short"], "title": goal["title"]}
        if translated:
            defaults["translations"] = goal.get("translations", {})
        goals[goal["code"]], _ = goal_model.objects.update_or_create(
            number=int(goal["code"]), defaults=defaults
        )
    per_goal: dict[str, int] = {}
    for target in data["targets"]:
        per_goal[target["goal"]] = per_goal.get(target["goal"], 0) + 1
        target_model.objects.update_or_create(
            code=target["code"],
            defaults={
                "goal": goals[target["goal"]],
                "title": target["title"],
                "position": per_goal[target["goal"]],
                **({"translations": target.get("translations", {})} if translated else {}),
            },
        )
