"""Reads of accord.surveys. Other apps call ``item_scores``, ``network_ratings`` and
``survey_waves`` (``scores``); the pages call the actor-taking selectors of ``waves`` and
``results``."""

from accord.surveys.selectors.scores import (
    ItemScore,
    ItemScores,
    NetworkRating,
    WaveSummary,
    item_scores,
    network_ratings,
    survey_waves,
)

__all__ = [
    "ItemScore",
    "ItemScores",
    "NetworkRating",
    "WaveSummary",
    "item_scores",
    "network_ratings",
    "survey_waves",
]
