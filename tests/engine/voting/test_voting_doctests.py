"""Run the docstring examples of the profiles, PrefLib and voting modules."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "accord.engine.profiles",
    "accord.engine.io.preflib",
    "accord.engine.voting.cardinal",
    "accord.engine.voting.pairwise",
    "accord.engine.voting.ranked",
    "accord.engine.voting.results",
    "accord.engine.voting.stv",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
