"""Run the docstring examples of the power modules."""

from __future__ import annotations

import doctest

import pytest

from accord.engine.power import composite, weighted


@pytest.mark.parametrize("module", [weighted, composite], ids=lambda m: m.__name__)
def test_doctests(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
