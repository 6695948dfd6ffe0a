"""Decision explanations: the reasons stored as data (``counts["why"]``) and their rendering
with one template per kind (accord.decisions.explanations, templatetags.decision_explanations).

In English, every engine code renders to the engine's own sentence, ``english(code, params)``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.translation.template import templatize
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.decisions import explanations, services
from accord.decisions.explanations import (
    TEMPLATES,
    AppReasonCode,
    explanation_html,
    explanation_text,
)
from accord.decisions.models import Decision, Proposal
from accord.decisions.services import ChambersResult
from accord.decisions.templatetags.decision_explanations import fraction, group_label, number, share
from accord.engine.voting.motions import (
    Condition,
    DecisionRule,
    MotionBallots,
    Quorum,
    ReasonCode,
    concurrent_majority,
    consent,
    decide,
    english,
    group_consent,
    qualified_majority,
    quorum_check,
    simple_majority,
    unanimity,
    weighted_majority,
)
from tests.api.conftest import Api
from tests.decisions.conftest import proposal_in_voting

EXPLANATIONS_DIR = Path(explanations.__file__).parent / "templates" / "decisions" / "explanations"


def labels(choices: list[str], **kwargs: Any) -> MotionBallots:
    return MotionBallots.from_labels(choices, **kwargs)


def method(result: Any) -> Any:
    return result.conditions[0]


def json_round_trip(params: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(params))


SECTORS = ["public", "public", "community", "community"]
SAFEGUARDED = DecisionRule(
    Condition("simple_majority"),
    safeguards=(Condition("group_consent", {"groups": ("community",)}),),
)

#: At least one engine result per ReasonCode (as tests/engine/voting builds them), and a few
#: more for the variants of a sentence: weights, caps, plurals, several groups.
ENGINE_CASES: list[tuple[str, Callable[[], Any]]] = [
    ("majority_passed", lambda: method(simple_majority(labels(["yes"] * 5 + ["no"] * 4)))),
    (
        "majority_passed",  # "at least 2/3 of the eligible voters", abstentions counted
        lambda: method(
            qualified_majority(labels(["yes"] * 7 + ["no", "abstain", "absent"]), base="eligible")
        ),
    ),
    (
        "majority_passed",  # fractional weights, rounded to four significant digits
        lambda: method(
            weighted_majority(
                labels(["yes", "no", "abstain"], weights=[Fraction(2, 3), Fraction(1, 3), 1])
            )
        ),
    ),
    (
        "majority_failed",
        lambda: method(
            simple_majority(labels(["yes"] * 4 + ["no"] * 3 + ["abstain"] * 2), abstentions="count")
        ),
    ),
    (
        "majority_failed",  # the funder's 60 of 100 units, capped at 30 %
        lambda: method(
            weighted_majority(
                labels(["yes", "no", "no", "no"], weights=[60, 20, 12, 8]), cap="3/10"
            )
        ),
    ),
    (
        "majority_failed",  # one voter held at the cap
        lambda: method(
            weighted_majority(
                labels(["no", "yes", "yes", "no"], weights=[80, 10, 10, 30]), cap="1/2"
            )
        ),
    ),
    (
        "majority_tie",
        lambda: method(qualified_majority(labels(["yes"] * 6 + ["no"] * 3 + ["absent"]))),
    ),
    ("majority_tie", lambda: method(simple_majority(labels(["yes", "no"])))),
    ("no_votes", lambda: method(simple_majority(labels(["absent", "abstain"])))),
    (
        "no_weight",
        lambda: method(weighted_majority(labels(["yes", "no"], weights=[0, 0]), cap="1/2")),
    ),
    ("consensus_reached", lambda: method(unanimity(labels(["yes", "yes", "abstain"])))),
    ("consensus_reached", lambda: method(unanimity(labels(["yes", "yes"])))),
    (
        "consensus_blocked",
        lambda: method(
            unanimity(labels(["yes", "no", "object", "object", "abstain"]), abstentions="block")
        ),
    ),
    ("consensus_blocked", lambda: method(unanimity(labels(["yes", "object"])))),
    (
        "consensus_blocked",
        lambda: method(unanimity(labels(["yes", "abstain"]), abstentions="block")),
    ),
    ("consensus_no_yes", lambda: method(unanimity(labels(["abstain", "absent"])))),
    ("consent_given", lambda: method(consent(labels(["yes", "abstain", "absent"])))),
    (
        "consent_objected",
        lambda: method(
            consent(
                labels(["yes", "object", "no", "abstain"], reasons=[False, True, True, False]),
                count_no_as_objection=True,
            )
        ),
    ),
    (
        "consent_objected",
        lambda: method(consent(labels(["yes", "object"], reasons=[False, True]))),
    ),
    (
        "concurrent_majority_passed",
        lambda: method(
            concurrent_majority(labels(["yes", "yes", "no", "yes"], groups=list("aaab")))
        ),
    ),
    (
        "concurrent_majority_passed",
        lambda: method(
            concurrent_majority(
                labels(["yes", "yes", "no", "yes"], groups=list("aabb"), weights=[3, 1, 1, 2]),
                groups="eligible",
                weighted=True,
            )
        ),
    ),
    (
        "concurrent_majority_failed_in_groups",
        lambda: method(
            concurrent_majority(labels(["yes", "yes", "yes", "no", "no"], groups=list("aabcc")))
        ),
    ),
    (
        "concurrent_majority_failed_in_groups",  # two groups, one with an abstention
        lambda: method(
            concurrent_majority(
                labels(
                    ["yes", "yes", "yes", "yes", "no", "no", "abstain", "no"],
                    groups=list("aaaabbcc"),
                )
            )
        ),
    ),
    (
        "concurrent_majority_failed_overall",
        lambda: method(
            concurrent_majority(
                labels(["yes", "no", "absent"], groups=list("abc")), groups="eligible"
            )
        ),
    ),
    (
        "group_consent_given",
        lambda: method(
            group_consent(labels(["no", "no", "yes", "abstain"], groups=SECTORS), ["community"])
        ),
    ),
    (
        "group_consent_given",  # two groups, one named with an apostrophe
        lambda: method(
            group_consent(
                labels(["yes", "yes", "yes"], groups=["public", "Women's", "Women's"]),
                ["public", "Women's"],
            )
        ),
    ),
    (
        "group_consent_refused",
        lambda: method(
            group_consent(labels(["yes", "yes", "no", "absent"], groups=SECTORS), ["community"])
        ),
    ),
    (
        "group_consent_silent",
        lambda: method(
            group_consent(
                labels(["yes", "yes", "abstain", "absent"], groups=SECTORS), ["community"]
            )
        ),
    ),
    (
        "quorum_met",
        lambda: quorum_check(
            labels(["yes", "no", "absent", "yes"], groups=SECTORS), Quorum(Fraction(1, 2), 1)
        ),
    ),
    ("quorum_met", lambda: quorum_check(labels(["yes", "no", "absent"]), Quorum(overall=2))),
    (
        "quorum_met",
        lambda: quorum_check(
            labels(["yes", "no", "absent", "yes"], groups=SECTORS), Quorum(None, 1)
        ),
    ),
    (
        "quorum_not_met",
        lambda: quorum_check(
            labels(["yes", "no", "absent", "absent"], groups=SECTORS), Quorum(3, 1)
        ),
    ),
    (
        "quorum_not_met",  # only groups fail
        lambda: quorum_check(
            labels(["yes", "no", "absent", "absent"], groups=SECTORS), Quorum(None, 1)
        ),
    ),
    ("no_quorum_required", lambda: quorum_check(labels(["yes"]), Quorum())),
    (
        "no_quorum",
        lambda: simple_majority(labels(["yes", "absent", "absent"]), quorum=Quorum(overall=2)),
    ),
    (
        "method_failed",
        lambda: decide(labels(["yes", "no", "no", "yes"], groups=SECTORS), SAFEGUARDED),
    ),
    (
        "safeguard_failed",
        lambda: decide(labels(["yes", "yes", "no", "absent"], groups=SECTORS), SAFEGUARDED),
    ),
    ("accepted", lambda: decide(labels(["yes", "no", "yes", "yes"], groups=SECTORS), SAFEGUARDED)),
    ("accepted", lambda: simple_majority(labels(["yes", "no", "yes"]))),
]


def test_every_reason_code_has_a_case_and_a_template():
    assert {code for code, _ in ENGINE_CASES} == set(ReasonCode)
    assert set(TEMPLATES) == set(ReasonCode) | set(AppReasonCode)
    for name in set(TEMPLATES.values()):
        assert (EXPLANATIONS_DIR / Path(name).name).is_file()


def labelled(params):
    """The params with every group as people read it (``group_label``: a sector's label,
    "Community" for ``community``; another grouping's name in words), where the engine's
    sentence names the code. Only group names change: ``groups="eligible"``, an option, stays."""
    if isinstance(params, dict):
        out = {}
        for key, value in params.items():
            if key == "group" and isinstance(value, str):
                out[key] = group_label(value)
            elif (
                key == "groups"
                and isinstance(value, list)
                and all(isinstance(v, str) for v in value)
            ):
                out[key] = [group_label(v) for v in value]
            else:
                out[key] = labelled(value)
        return out
    if isinstance(params, list):
        return [labelled(v) for v in params]
    return params


def test_labelled_changes_groups_only():
    params = {
        "groups": "eligible",
        "checked": [{"group": "community", "yes": 1}],
        "group": "civil_society",
    }
    assert labelled(params) == {
        "groups": "eligible",
        "checked": [{"group": "Community", "yes": 1}],
        "group": "Civil society",
    }
    assert labelled({"groups": ["public", "a"]}) == {"groups": ["Public", "A"]}


@pytest.mark.parametrize(("code", "produce"), ENGINE_CASES, ids=[c for c, _ in ENGINE_CASES])
def test_english_rendering_is_the_engines_sentence(code, produce):
    """The app's sentence is the engine's, with each group's code replaced by its label."""
    result = produce()
    assert result.code == code
    params = json_round_trip(result.params)
    text = explanation_text(code=code, params=params)
    assert english(code, params) == result.reason
    assert text == english(code, labelled(params))
    assert explanation_text({"code": code, "params": params}) == text


def test_the_html_is_escaped_and_the_text_is_not():
    result = method(
        group_consent(labels(["no", "yes"], groups=["<b>Fish & co</b>", "x"]), ["<b>Fish & co</b>"])
    )
    why = explanations.why(result.code, result.params)
    html = explanation_html(why)
    assert "&lt;b&gt;Fish &amp; co&lt;/b&gt;" in html and "<b>" not in html
    assert (
        explanation_text(why)
        == result.reason
        == ("Group '<b>Fish & co</b>' does not consent (0 yes against 1 no).")
    )
    rendered = Template("{% load decision_explanations %}<p>{% explain why %}</p>").render(
        Context({"why": why})
    )
    assert rendered == f"<p>{html}</p>"


def test_the_tag_renders_nothing_without_a_reason():
    template = Template("{% load decision_explanations %}[{% explain why %}]")
    assert template.render(Context({"why": None})) == "[]"
    assert template.render(Context({})) == "[]"


def test_an_unknown_code_raises():
    with pytest.raises(ValueError, match="unknown reason code 'nonsense'"):
        explanation_html(code="nonsense", params={})


RULES = [
    Condition("simple_majority", {"abstentions": "count"}),
    Condition("qualified_majority", {"base": "eligible"}),
    Condition("unanimity", {"abstentions": "block"}),
    Condition("consent", {"count_no_as_objection": True}),
    Condition("weighted_majority", {"cap": "1/3", "if_infeasible": "equal_shares"}),
    Condition(
        "weighted_majority", {"cap": "1/2", "cap_base": "cast", "if_infeasible": "equal_shares"}
    ),
    Condition("concurrent_majority", {"groups": "eligible", "weighted": True}),
    Condition("group_consent", {"groups": ("b",), "threshold": "2/3"}),
]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["yes", "no", "abstain", "object", "absent"]),
            st.sampled_from("ab"),
            st.integers(0, 30),
        ),
        max_size=10,
    ),
    st.sampled_from(RULES),
    st.sampled_from([None, Condition("group_consent", {"groups": ("a",)})]),
    st.sampled_from([None, Quorum(overall=Fraction(1, 2), per_group=1)]),
)
def test_every_engine_result_renders_to_its_reason(votes, method_condition, safeguard, quorum):
    ballots = labels(
        [v for v, _, _ in votes] + ["absent", "absent"],
        groups=[g for _, g, _ in votes] + ["a", "b"],
        weights=[w for _, _, w in votes] + [1, 1],
        reasons=[True] * len(votes) + [False, False],
    )
    rule = DecisionRule(
        method_condition, quorum=quorum, safeguards=(safeguard,) if safeguard else ()
    )
    result = decide(ballots, rule)
    for item in [result, *result.conditions] + ([result.quorum] if result.quorum else []):
        params = json_round_trip(item.params)
        assert explanation_text(code=item.code, params=params) == english(
            item.code, labelled(params)
        )


# --- the app's own codes ---------------------------------------------------------------------

PASSES = "Yes has more than half of the yes and no votes (2 yes against 1 no)"
FAILS = "Yes does not have more than half of the yes and no votes (1 yes against 2 no)"


def passes():
    return simple_majority(labels(["yes", "yes", "no"]))


def fails():
    return simple_majority(labels(["no", "no", "yes"]))


def no_quorum():
    return simple_majority(labels(["yes", "absent", "absent"]), quorum=Quorum(overall=2))


@pytest.mark.parametrize(
    ("organizations", "individuals", "code", "outcome", "decided_by", "reason"),
    [
        (
            passes,
            passes,
            "chambers_passed",
            "accepted",
            "both chambers",
            f"Passed in both chambers: the organizations chamber: {PASSES}; "
            f"the individuals chamber: {PASSES}.",
        ),
        (
            passes,
            fails,
            "chambers_failed",
            "rejected",
            "individuals chamber",
            f"Passed in the organizations chamber, failed in the individuals chamber: {FAILS}.",
        ),
        (
            fails,
            passes,
            "chambers_failed",
            "rejected",
            "organizations chamber",
            f"Failed in the organizations chamber: {FAILS}; passed in the individuals chamber.",
        ),
        (
            fails,
            fails,
            "chambers_failed",
            "rejected",
            "organizations chamber",
            f"Failed in the organizations chamber: {FAILS}; "
            f"failed in the individuals chamber: {FAILS}.",
        ),
        (
            passes,
            no_quorum,
            "chambers_no_quorum",
            "no_quorum",
            "individuals chamber",
            "Passed in the organizations chamber, had no quorum in the individuals chamber: "
            "1 of 3 eligible voters voted; the quorum is 2.",
        ),
        (
            no_quorum,
            fails,
            "chambers_no_quorum",
            "no_quorum",
            "organizations chamber",
            "Had no quorum in the organizations chamber: 1 of 3 eligible voters voted; the "
            f"quorum is 2; failed in the individuals chamber: {FAILS}.",
        ),
    ],
)
def test_two_chambers(organizations, individuals, code, outcome, decided_by, reason):
    by_chamber = {"organizations": organizations(), "individuals": individuals()}
    combined = ChambersResult.combine(by_chamber)
    assert (combined.outcome, combined.decided_by, combined.reason) == (
        outcome,
        decided_by,
        reason,
    )
    assert combined.why["code"] == code
    chambers = combined.why["params"]["chambers"]
    assert [c["chamber"] for c in chambers] == ["organizations", "individuals"]
    assert [c["outcome"] for c in chambers] == [r.outcome for r in by_chamber.values()]
    assert chambers[1]["why"] == {
        "code": by_chamber["individuals"].code,
        "params": by_chamber["individuals"].params,
    }
    assert explanation_text(json_round_trip(combined.why)) == reason
    assert combined.explain().startswith(f"{outcome.replace('_', ' ').capitalize()}: {reason}")


CHOICE = {"voters": 9, "eligible": 9, "who": "members", "tied": [], "weighted": False}


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        (
            CHOICE | {"method": "schulze", "winner": "B", "strength": "margin"},
            "“B” is chosen by ranked choice (Schulze): no other alternative beats it by a "
            "stronger chain of majorities.",
        ),
        (
            CHOICE | {"method": "instant_runoff", "winner": "B", "rounds": 3},
            "“B” is chosen by ranked choice (instant runoff): it remains after 3 rounds.",
        ),
        (
            CHOICE | {"method": "instant_runoff", "winner": "B", "rounds": 1},
            "“B” is chosen by ranked choice (instant runoff): it remains after 1 round.",
        ),
        (
            CHOICE | {"method": "approval", "winner": "Nets", "approvals": 5, "weighted": True},
            "“Nets” is chosen by approval vote: it has the most approvals (5). Ballots are "
            "weighted by the rule's weights.",
        ),
        (
            CHOICE | {"method": "score", "winner": "A", "total_score": 25, "tied": ["A", "C"]},
            "“A” is chosen by score vote: it has the most total score (25). It tied with C; "
            "the tie is broken in favour of the alternative listed first.",
        ),
        (
            CHOICE
            | {"method": "approval", "winner": "A", "approvals": 2.5, "tied": ["A", "B", "C"]}
            | {"weighted": True, "who": "people"},
            "“A” is chosen by approval vote: it has the most approvals (2.5). It tied with B, "
            "C; the tie is broken in favour of the alternative listed first. Ballots are "
            "weighted by the rule's weights.",
        ),
        (
            {"method": "score", "voters": 0, "eligible": 5, "who": "people"},
            "Nobody voted, so no alternative is chosen.",
        ),
    ],
)
def test_a_choice_among_alternatives(params, reason):
    code = "choice_nobody_voted" if not params["voters"] else "choice_chosen"
    assert explanation_text(code=code, params=params) == reason


def test_names_are_escaped_in_a_choice():
    params = CHOICE | {"method": "approval", "winner": "<i>Boats</i>", "approvals": 3}
    html = explanation_html(code="choice_chosen", params=params)
    assert "“&lt;i&gt;Boats&lt;/i&gt;”" in html
    assert explanation_text(code="choice_chosen", params=params).startswith("“<i>Boats</i>”")


# --- filters ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(3, "3"), ("3", "3"), ("2/3", "0.6667"), ("1/3", "0.3333"), ("7/2", "3.5"), (2.5, "2.5")],
)
def test_number(value, expected):
    assert number(value) == expected


def test_share_and_fraction():
    assert share("1/2") == "half"
    assert share("2/3") == "2/3" and share(1) == "1"
    assert fraction("1/2") == "1/2" and fraction("3/10") == "3/10" and fraction(1) == "1"


# --- ready for translation -------------------------------------------------------------------

TRANSLATED = re.compile(
    r"{%\s*blocktranslate\b.*?%}.*?{%\s*endblocktranslate\s*%}"
    r"|{%\s*translate\b.*?%}",
    re.DOTALL,
)
MARKUP = re.compile(r"{#.*?#}|{%.*?%}|{{.*?}}", re.DOTALL)


def bare_text(source: str) -> str:
    """What a template shows outside its translation tags, variables and other tags."""
    return MARKUP.sub("", TRANSLATED.sub("", source))


def test_bare_text_finds_words():
    assert bare_text("{% load i18n %}Hello {% translate 'x' %}") == "Hello "
    assert bare_text("{% blocktranslate %}Hi {{ a }}{% endblocktranslate %}, {{ b }}.") == ", ."


@pytest.mark.parametrize(
    "path", sorted(EXPLANATIONS_DIR.glob("*.html")), ids=lambda path: path.name
)
def test_every_word_is_inside_a_translation_tag(path):
    source = path.read_text()
    left = bare_text(source)
    assert not re.search(r"[^\W\d_]", left), f"untranslated text in {path.name}: {left!r}"
    if TRANSLATED.search(source):
        assert "{% load i18n" in source


@pytest.mark.parametrize(
    "path", sorted(EXPLANATIONS_DIR.glob("*.html")), ids=lambda path: path.name
)
def test_makemessages_can_extract_every_template(path):
    """What ``makemessages`` runs on a template: it refuses tags inside a translation."""
    templatize(path.read_text(), origin=str(path))


def test_rendering_follows_the_active_language():
    """Another active language renders its own sentence where its catalogue translates the
    msgids, and falls back to the English ones where it does not; either way the group is
    named by its label, never by its code."""
    result = decide(labels(["yes", "yes", "no", "absent"], groups=SECTORS), SAFEGUARDED)
    in_english = english(result.code, labelled(result.params))
    with translation.override("fr"):
        text = explanation_text(code=result.code, params=result.params)
        label = str(group_label("community"))
    assert text == in_english or (text != in_english and label in text)
    assert "'community'" not in text and "« community »" not in text


# --- stored, shown and served ----------------------------------------------------------------


def close(world, choices):
    proposal = proposal_in_voting(world, affected_groups=["community"])
    for role, choice in choices.items():
        services.ballot_cast(actor=world.users[role], proposal=proposal, choice=choice)
    return services.proposal_close(actor=None, proposal=proposal, now=proposal.voting_closes_at)


REFUSED = {"coordinator": "yes", "representative": "yes", "small_representative": "no"}


@pytest.mark.django_db
def test_a_closed_motion_stores_its_reason_as_data(world):
    decision = close(world, REFUSED)
    decision.refresh_from_db()
    why = decision.counts["why"]
    assert why["code"] == "safeguard_failed"
    assert why["params"]["condition"] == decision.decided_by == "group_consent"
    assert decision.reason == explanation_text(why) == english(why["code"], labelled(why["params"]))
    assert "Group 'Community' does not consent" in decision.reason
    conditions = decision.counts["conditions"]
    assert [c["why"]["code"] for c in conditions] == ["majority_passed", "group_consent_refused"]
    # the conditions and the quorum keep the engine's own sentence (the technical account)
    assert all(c["reason"] == english(c["why"]["code"], c["why"]["params"]) for c in conditions)
    quorum = decision.counts["quorum"]
    if quorum is not None:
        assert quorum["reason"] == english(quorum["why"]["code"], quorum["why"]["params"])
    assert decision.explanation.startswith("Rejected: ")  # the engine's account


def stored_before_reasons(world, **fields):
    """A decision as stored before reasons were kept as data: a fresh row, inserted as such
    (decisions are append-only: an old row cannot be made by rewriting a new one)."""
    proposal = proposal_in_voting(world, title="Decided long ago")
    decision = Decision.objects.create(
        proposal=proposal,
        outcome="rejected",
        reason="Stored before.",
        decided_by="simple_majority",
        explanation="Rejected: stored before.",
        counts={"totals": {"yes": 1, "no": 2, "abstain": 0, "object": 0, "absent": 0}, **fields},
        rule=proposal.rule_snapshot,
        decided_at=proposal.voting_closes_at,
    )
    Proposal.objects.filter(pk=proposal.pk).update(status="rejected")
    return decision


@pytest.mark.django_db
def test_pages_show_the_rendered_explanation_or_the_stored_reason(client, world):
    decision = close(world, REFUSED)
    client.force_login(world.users["community"])
    slug = world.partnership.slug
    detail = reverse("decisions:proposal_detail", args=[slug, decision.proposal_id])
    log = reverse("decisions:decision_log", args=[slug])
    shown = str(explanation_html(decision.counts["why"]))
    assert "Group 'Community' does not consent" in shown
    for page in (detail, log):
        html = client.get(page).content.decode()
        assert shown in html
        assert "Full technical count" in html
        assert "'community'" not in html
    # A decision stored before the reasons were kept as data shows its stored reason.
    old = stored_before_reasons(world)
    old_detail = reverse("decisions:proposal_detail", args=[slug, old.proposal_id])
    html = client.get(old_detail).content.decode()
    assert "Stored before." in html and shown not in html
    log_html = client.get(log).content.decode()
    assert "Stored before." in log_html and shown in log_html  # both, each with its own


@pytest.mark.django_db
def test_the_api_serves_the_reason_as_data(client, world):
    decision = close(world, REFUSED)
    api = Api(client, world)
    (served,) = api.get("observer", f"/partnerships/{world.partnership.slug}/decisions").json()
    assert served["reason"] == decision.reason
    assert served["why"] == json_round_trip(decision.counts["why"])
    old = stored_before_reasons(world)
    listed = api.get("observer", f"/partnerships/{world.partnership.slug}/decisions").json()
    by_proposal = {d["proposal_id"]: d for d in listed}
    assert by_proposal[old.proposal_id]["why"] is None
    assert by_proposal[old.proposal_id]["reason"] == "Stored before."
    assert by_proposal[decision.proposal_id]["why"] == json_round_trip(decision.counts["why"])
