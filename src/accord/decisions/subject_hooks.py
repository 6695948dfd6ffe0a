"""What a decided proposal does in the apps above this one.

The decisions app carries out the foundation's acts itself (``services.effects``), but an
app built on it (participation: opening a round by a decision) cannot be imported from
here. Such an app registers a hook when Django starts (its ``AppConfig.ready``); when a
proposal closes, ``services.effects.subject_effect_apply`` asks each hook in turn, inside
the closing transaction. A hook answers the effect in plain words, or None when the
proposal is none of its business.
"""

from __future__ import annotations

from collections.abc import Callable

#: ``hook(proposal=..., outcome=..., actor=...) -> str | None``
EffectHook = Callable[..., object | None]  # a str or an audit Summary

_hooks: list[EffectHook] = []


def effect_hook_register(hook: EffectHook) -> None:
    """Called once per app when Django starts; a hook registered twice is kept once."""
    if hook not in _hooks:
        _hooks.append(hook)


def effect_hooks() -> tuple[EffectHook, ...]:
    return tuple(_hooks)
