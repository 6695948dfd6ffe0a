"""Load the bundled SDG goals and targets; idempotent (used by a data migration)."""

from __future__ import annotations

from typing import Any

from accord.reference.codelists import sdg_data


def load_sdg(goal_model: Any, target_model: Any) -> None:
    data = sdg_data()
    goals = {}
    for goal in data["goals"]:
        goals[goal["code"]], _ = goal_model.objects.update_or_create(
            number=int(goal["code"]), defaults={"short": goal["short"], "title": goal["title"]}
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
            },
        )
