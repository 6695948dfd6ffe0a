"""Run the doctests of the budgeting modules and of the pabulib reader."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "accord.engine.io.pabulib",
    "accord.engine.budgeting.instance",
    "accord.engine.budgeting.greedy",
    "accord.engine.budgeting.equal_shares",
    "accord.engine.budgeting.phragmen",
    "accord.engine.budgeting.comparison",
    "accord.engine.budgeting.shares",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
