"""Issue 18: MES with add-one and an increment of 0 or below looped for ever in every search
mode; it is refused at once now. Each test runs under a time limit."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from fractions import Fraction

import pytest

from accord.engine.budgeting.equal_shares import method_of_equal_shares
from accord.engine.budgeting.instance import BudgetingInstance

TimeLimit = Callable[[float], AbstractContextManager[None]]

INSTANCE = BudgetingInstance.from_lists(
    costs=[3, 3, 2, 2],
    budget=6,
    project_ids=["a", "b", "c", "d"],
    ballots=[["a", "b"]] * 4 + [["c", "d"]] * 2,
)


@pytest.mark.parametrize("search", ["certified", "linear", "bisection"])
@pytest.mark.parametrize("increment", [0, -1, Fraction(-1, 2), 0.0])
def test_add_one_with_an_increment_of_zero_or_below_is_refused(
    search: str, increment: object, time_limit: TimeLimit
) -> None:
    with time_limit(5), pytest.raises(ValueError, match="increment must be positive"):
        method_of_equal_shares(
            INSTANCE,
            completion="add1",
            increment=increment,  # type: ignore[arg-type]
            increment_search=search,  # type: ignore[arg-type]
        )


@pytest.mark.parametrize("increment", [float("nan"), float("inf"), "x"])
def test_an_increment_that_is_not_a_number_is_refused(increment: object) -> None:
    with pytest.raises(ValueError, match="increment must be a positive number"):
        method_of_equal_shares(INSTANCE, completion="add1", increment=increment)  # type: ignore[arg-type]


@pytest.mark.parametrize("search", ["certified", "linear", "bisection"])
def test_a_positive_increment_still_works_in_every_mode(search: str, time_limit: TimeLimit) -> None:
    with time_limit(10):
        outcome = method_of_equal_shares(
            INSTANCE,
            completion="add1",
            increment=Fraction(1, 2),
            increment_search=search,  # type: ignore[arg-type]
        )
    assert outcome.selected == ("a", "c")


def test_an_unknown_search_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="increment_search"):
        method_of_equal_shares(INSTANCE, completion="add1", increment_search="binary")  # type: ignore[arg-type]
