"""The shipped instruments have the structure INSTRUMENTS.md gives them."""

from __future__ import annotations

import doctest

from accord.surveys import scoring
from accord.surveys.instruments import CODES, KINDS, all_instruments, instrument
from accord.surveys.models import Instrument


def test_codes_match_the_model_choices():
    assert tuple(CODES) == (
        "collaboration-factors",
        "expectations",
        "partner-network",
        "gao-practices",
    )
    assert set(CODES) == set(Instrument.values)
    assert [i.code for i in all_instruments()] == list(CODES)


def test_collaboration_factors_twenty_factors_in_six_categories():
    factors = instrument("collaboration-factors")
    assert len(factors.categories) == 6 and len(factors.factors) == 20
    for factor in factors.factors:
        items = factors.factor_items(factor.code)
        assert 1 <= len(items) <= 3 and all(q.kind == "likert5" for q in items)
    assert {f.category for f in factors.factors} == {c.code for c in factors.categories}


def test_gao_items_are_exactly_the_sixteen_practices_with_comments():
    gao = instrument("gao-practices")
    assert [q.code for q in gao.questions] == [f"gao06-{i}" for i in range(1, 9)] + [
        f"gao23-{i}" for i in range(1, 9)
    ]
    assert all(q.kind == "likert5" and q.comment and q.label for q in gao.questions)


def test_the_network_survey_asks_level_and_the_six_partner_dimensions():
    network = instrument("partner-network")
    assert network.named_only and not network.anonymous_default
    matrix = network.matrix
    assert matrix is not None
    columns = {c.code: c for c in matrix.columns}
    assert columns["level"].kind == "single" and [o.value for o in columns["level"].options] == [
        "0",
        "1",
        "2",
        "3",
    ]
    assert {c.code for c in matrix.columns if c.composite == "value"} == {
        "power",
        "involvement",
        "resources",
    }
    assert {c.code for c in matrix.columns if c.composite == "trust"} == {
        "reliability",
        "mission",
        "openness",
    }
    assert all(columns[d].scale == (1, 4) for d in ("power", "openness"))


def test_expectations_are_bipolar_seven_point_items():
    expectations = instrument("expectations")
    emphasis = [q for q in expectations.questions if q.group == "emphasis"]
    assert len(emphasis) == 8 and all(q.kind == "likert7" and q.anchors for q in emphasis)


def test_every_question_is_well_formed():
    for definition in all_instruments():
        codes = [q.code for q in definition.items]
        assert len(codes) == len(set(codes)), definition.code
        for question in definition.items:
            assert question.kind in KINDS and question.text.strip()
            if question.kind in ("single", "multiple"):
                assert question.options


def test_scoring_doctests():
    assert doctest.testmod(scoring).failed == 0
