"""The 2016 stage machine: every move of the issue is allowed, every other one refused."""

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dhr_tracker.problems import Conflict, Invalid
from dhr_tracker.workflow.rules import Position, Workflow, guidance_2016

WORKFLOW = guidance_2016()
TODAY = date(2025, 6, 1)
NOTIFIED = date(2024, 1, 31)

# The moves the issue names, written out by hand: (stage, attributes) -> allowed targets.
EXPECTED: dict[tuple[str, frozenset[tuple[str, str]]], set[str]] = {
    ("notified", frozenset()): {"scoping"},
    ("scoping", frozenset()): {"decided"},
    ("decided", frozenset({("decision", "review")})): {"panel_established"},
    ("decided", frozenset({("decision", "no_review")})): {"decided", "closed"},
    ("closed", frozenset({("decision", "no_review")})): {"decided"},
    ("panel_established", frozenset()): {"terms_of_reference_agreed"},
    ("terms_of_reference_agreed", frozenset()): {"information_gathering"},
    ("information_gathering", frozenset()): {"overview_drafting"},
    ("overview_drafting", frozenset()): {"submitted_to_qa"},
    ("submitted_to_qa", frozenset()): {"qa_outcome"},
    ("qa_outcome", frozenset({("qa_outcome", "approved")})): {"awaiting_publication"},
    ("qa_outcome", frozenset({("qa_outcome", "revisions_requested")})): {
        "overview_drafting",
        "submitted_to_qa",
    },
    ("qa_outcome", frozenset({("qa_outcome", "further_work")})): {
        "information_gathering",
        "overview_drafting",
    },
    ("awaiting_publication", frozenset()): {"published"},
    ("published", frozenset()): {"monitoring"},
    ("monitoring", frozenset()): {"closed"},
    ("closed", frozenset({("decision", "review")})): set(),
}

DETAILS: dict[str, dict[str, Any]] = {
    "decided": {"decision": "review", "reasons": "The criteria are met."},
    "panel_established": {"chair": "An independent chair", "independence_declared": True},
    "qa_outcome": {"qa_outcome": "approved", "letter_on": "2024-09-01"},
    "published": {"address": "https://example.org/dhr-2024-01"},
}


def expected_targets(position: Position) -> set[str]:
    for (stage, needs), targets in EXPECTED.items():
        if stage == position.stage and all(position.attributes.get(k) == v for k, v in needs):
            return targets
    raise AssertionError(f"the test table has no row for {position}")


def details_for(workflow: Workflow, position: Position, to: str) -> dict[str, Any]:
    move = next(m for m in workflow.moves_from(position) if m.to == to)
    return {
        k: v for k, v in {**DETAILS.get(to, {}), "reasons": "Why"}.items() if k in move.requires
    }


def reachable_positions() -> list[Position]:
    """Every (stage, attributes) the workflow can reach, found by trying each move."""
    seen: dict[tuple[str, frozenset[tuple[str, str]]], Position] = {}
    frontier = [WORKFLOW.start(NOTIFIED)]
    outcomes = {"decided": ("review", "no_review"), "qa_outcome": WORKFLOW.attributes["qa_outcome"]}
    while frontier:
        position = frontier.pop()
        key = (position.stage, frozenset(position.attributes.items()))
        if key in seen:
            continue
        seen[key] = position
        for to in WORKFLOW.next_stages(position):
            variants = [details_for(WORKFLOW, position, to)]
            attribute = {"decided": "decision", "qa_outcome": "qa_outcome"}.get(to)
            if attribute and attribute in variants[0]:
                variants = [{**variants[0], attribute: v} for v in outcomes[to]]
            for details in variants:
                frontier.append(
                    WORKFLOW.move(position, to=to, on=position.since, details=details, today=TODAY)[
                        1
                    ]
                )
    return list(seen.values())


POSITIONS = reachable_positions()


def test_every_reachable_position_allows_exactly_the_moves_of_the_issue() -> None:
    assert {p.stage for p in POSITIONS} == set(WORKFLOW.stages)
    for position in POSITIONS:
        assert set(WORKFLOW.next_stages(position)) == expected_targets(position), position


@pytest.mark.parametrize(
    ("position", "to"),
    [(p, to) for p in POSITIONS for to in WORKFLOW.stages if to not in expected_targets(p)],
    ids=lambda value: value.stage if isinstance(value, Position) else value,
)
def test_every_other_move_is_refused_as_a_conflict(position: Position, to: str) -> None:
    with pytest.raises(Conflict) as refused:
        WORKFLOW.move(position, to=to, on=position.since, details={}, today=TODAY)
    assert refused.value.code == "move_refused"
    assert position.stage in refused.value.detail


def walk(*steps: tuple[str, Mapping[str, Any]]) -> list[Position]:
    day = timedelta(days=1)
    return WORKFLOW.replay(
        NOTIFIED,
        [(to, NOTIFIED + day * (n + 1), details) for n, (to, details) in enumerate(steps)],
        today=TODAY,
    )


def test_a_review_goes_from_notification_to_closure() -> None:
    history = walk(
        ("scoping", {}),
        ("decided", DETAILS["decided"]),
        ("panel_established", DETAILS["panel_established"]),
        ("terms_of_reference_agreed", {}),
        ("information_gathering", {}),
        ("overview_drafting", {}),
        ("submitted_to_qa", {}),
        ("qa_outcome", {"qa_outcome": "revisions_requested", "letter_on": "2024-06-01"}),
        ("submitted_to_qa", {"note": "resubmitted with the changes"}),
        ("qa_outcome", DETAILS["qa_outcome"]),
        ("awaiting_publication", {}),
        ("published", DETAILS["published"]),
        ("monitoring", {}),
        ("closed", {}),
    )
    assert [p.stage for p in history][-3:] == ["published", "monitoring", "closed"]
    assert history[-1].attributes["decision"] == "review"
    assert history[-1].attributes["qa_outcome"] == "approved"
    assert WORKFLOW.is_finished(history[-1])
    assert WORKFLOW.next_stages(history[-1]) == []


def test_a_home_office_overturn_of_no_review_reopens_it() -> None:
    no_review = {"decision": "no_review", "reasons": "Not a domestic death."}
    history = walk(("scoping", {}), ("decided", no_review), ("closed", {}))
    assert WORKFLOW.is_finished(history[-1])
    reopened = WORKFLOW.move(
        history[-1],
        to="decided",
        on=history[-1].since,
        details={"reasons": "HO letter"},
        today=TODAY,
    )
    assert reopened[0].label == "home_office_overturn_after_closing"
    assert reopened[1].attributes == {"decision": "review", "overturned": "yes"}
    assert WORKFLOW.next_stages(reopened[1]) == ["panel_established"]
    overturned_before_closing = walk(("scoping", {}), ("decided", no_review))
    move, position = WORKFLOW.move(
        overturned_before_closing[-1],
        to="decided",
        on=TODAY,
        details={"reasons": "HO"},
        today=TODAY,
    )
    assert move.label == "home_office_overturn"
    assert position.attributes["decision"] == "review"


def test_a_review_decision_cannot_be_overturned() -> None:
    history = walk(("scoping", {}), ("decided", DETAILS["decided"]))
    with pytest.raises(Conflict):
        WORKFLOW.move(history[-1], to="decided", on=TODAY, details={"reasons": "x"}, today=TODAY)


def test_a_move_cannot_be_dated_in_the_future_or_before_the_last_move() -> None:
    start = WORKFLOW.start(NOTIFIED)
    with pytest.raises(Invalid) as future:
        WORKFLOW.move(start, to="scoping", on=TODAY + timedelta(days=1), details={}, today=TODAY)
    assert future.value.pointer == "/on"
    with pytest.raises(Conflict) as early:
        WORKFLOW.move(start, to="scoping", on=NOTIFIED - timedelta(days=1), details={}, today=TODAY)
    assert early.value.code == "move_out_of_order"
    same_day = WORKFLOW.move(start, to="scoping", on=NOTIFIED, details={}, today=TODAY)[1]
    assert same_day == Position("scoping", NOTIFIED, {})


def test_an_unknown_stage_is_invalid_not_a_conflict() -> None:
    with pytest.raises(Invalid) as refused:
        WORKFLOW.move(WORKFLOW.start(NOTIFIED), to="Scoping", on=NOTIFIED, details={}, today=TODAY)
    assert refused.value.pointer == "/to"


@pytest.mark.parametrize(
    ("to", "details", "code", "pointer"),
    [
        ("decided", {"reasons": "x"}, "missing_detail", "/decision"),
        ("decided", {"decision": "review", "reasons": "   "}, "missing_detail", "/reasons"),
        ("decided", {"decision": "maybe", "reasons": "x"}, "detail_value", "/decision"),
        ("decided", {"decision": True, "reasons": "x"}, "detail_value", "/decision"),
        ("decided", {**DETAILS["decided"], "chair": "someone"}, "unexpected_detail", "/chair"),
        (
            "decided",
            {**DETAILS["decided"], "overturned": "yes"},
            "unexpected_detail",
            "/overturned",
        ),
    ],
)
def test_details_a_move_needs_are_checked(
    to: str, details: dict[str, Any], code: str, pointer: str
) -> None:
    scoping = walk(("scoping", {}))[-1]
    with pytest.raises(Invalid) as refused:
        WORKFLOW.move(scoping, to=to, on=TODAY, details=details, today=TODAY)
    assert (refused.value.code, refused.value.pointer) == (code, pointer)
    assert "maybe" not in refused.value.detail


@pytest.mark.parametrize("declared", [False, "true", None])
def test_a_panel_needs_the_chair_to_declare_independence(declared: object) -> None:
    decided = walk(("scoping", {}), ("decided", DETAILS["decided"]))[-1]
    with pytest.raises(Invalid) as refused:
        WORKFLOW.move(
            decided,
            to="panel_established",
            on=TODAY,
            details={"chair": "A chair", "independence_declared": declared},
            today=TODAY,
        )
    assert refused.value.pointer == "/independence_declared"


def test_the_workflow_is_data_that_round_trips_through_json() -> None:
    dumped = WORKFLOW.model_dump_json(by_alias=True)
    assert Workflow.model_validate_json(dumped) == WORKFLOW


def config(**changes: Any) -> dict[str, Any]:
    base = WORKFLOW.model_dump(by_alias=True)
    base.update(changes)
    return base


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"initial": "nowhere"}, "initial and finished"),
        ({"stages": (*WORKFLOW.stages, "limbo")}, "no move reaches: limbo"),
        (
            {"moves": [m for m in config()["moves"] if m["from"] != "monitoring"]},
            "no move out: monitoring",
        ),
        (
            {"moves": [*config()["moves"], {"from": "qa_outcome", "to": "awaiting_publication"}]},
            "can both apply",
        ),
        ({"moves": [*config()["moves"], {"from": "scoping", "to": "mars"}]}, "does not have"),
        (
            {
                "moves": [
                    *config()["moves"],
                    {"from": "scoping", "to": "closed", "when": {"decision": "perhaps"}},
                ]
            },
            "not an attribute value",
        ),
    ],
)
def test_an_inconsistent_workflow_is_refused_when_configured(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Workflow.model_validate(config(**changes))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORKFLOW.stages), max_size=30), st.data())
def test_any_sequence_of_requests_only_ever_makes_allowed_moves(
    requests: list[str], data: st.DataObject
) -> None:
    position = WORKFLOW.start(NOTIFIED)
    for to in requests:
        allowed = expected_targets(position)
        details = dict(DETAILS.get(to, {}), reasons="why")
        if to == "decided":
            details["decision"] = data.draw(st.sampled_from(["review", "no_review"]))
        if to == "qa_outcome":
            details["qa_outcome"] = data.draw(st.sampled_from(WORKFLOW.attributes["qa_outcome"]))
        try:
            move = next(m for m in WORKFLOW.moves_from(position) if m.to == to)
            details = {k: v for k, v in details.items() if k in move.requires}
        except StopIteration:
            pass
        try:
            position = WORKFLOW.move(position, to=to, on=NOTIFIED, details=details, today=TODAY)[1]
        except Conflict:
            assert to not in allowed
        else:
            assert to in allowed
            assert position.stage == to
