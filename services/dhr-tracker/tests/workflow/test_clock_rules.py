"""The statutory clocks of the 2016 guidance: month ends, leap years, pauses."""

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from dhr_tracker.workflow.clocks import (
    ClockPolicy,
    ClockSpec,
    Milestone,
    Pause,
    clocks,
    guidance_2016_clocks,
)
from dhr_tracker.workflow.rules import Position

POLICY = guidance_2016_clocks()
DAY = timedelta(days=1)


def history(notified_on: date, *steps: tuple[str, date, dict[str, str]]) -> list[Position]:
    positions = [Position("notified", notified_on)]
    positions += [Position(stage, on, attributes) for stage, on, attributes in steps]
    return positions


def decided(on: date, decision: str = "review") -> tuple[str, date, dict[str, str]]:
    return ("decided", on, {"decision": decision})


@pytest.mark.parametrize(
    ("notified_on", "due"),
    [
        (date(2024, 1, 31), date(2024, 2, 29)),  # leap year, clamped to the month's end
        (date(2023, 1, 31), date(2023, 2, 28)),
        (date(2024, 1, 30), date(2024, 2, 29)),
        (date(2024, 2, 29), date(2024, 3, 29)),
        (date(2024, 3, 31), date(2024, 4, 30)),
        (date(2024, 12, 31), date(2025, 1, 31)),
        (date(2024, 1, 15), date(2024, 2, 15)),
    ],
)
def test_the_decision_is_due_one_calendar_month_after_notification(
    notified_on: date, due: date
) -> None:
    state = clocks(POLICY, history(notified_on), [], finished_on=None, today=notified_on)
    assert state.due("decision") == due
    assert state.due("completion") is None
    assert state.next_due == due


@pytest.mark.parametrize(
    ("decided_on", "due"),
    [
        (date(2023, 8, 31), date(2024, 2, 29)),
        (date(2024, 8, 31), date(2025, 2, 28)),
        (date(2024, 2, 29), date(2024, 8, 29)),
        (date(2024, 3, 10), date(2024, 9, 10)),
    ],
)
def test_completion_is_due_six_calendar_months_after_the_decision_to_review(
    decided_on: date, due: date
) -> None:
    positions = history(decided_on - 20 * DAY, decided(decided_on))
    state = clocks(POLICY, positions, [], finished_on=None, today=decided_on)
    assert state.due("completion") == due
    assert state.next_due == due  # the decision clock is met


def test_a_closed_pause_adds_its_days_to_completion() -> None:
    positions = history(date(2024, 1, 2), decided(date(2024, 1, 10)))
    pauses = [Pause(date(2024, 2, 1), date(2024, 2, 11))]
    state = clocks(POLICY, positions, pauses, finished_on=None, today=date(2024, 3, 1))
    assert state.due("completion") == date(2024, 7, 20)
    assert state.due("decision") == date(2024, 2, 2)  # the decision clock is not pausable
    assert state.paused_days == 10


def test_an_open_pause_moves_completion_day_by_day() -> None:
    positions = history(date(2024, 1, 2), decided(date(2024, 1, 10)))
    pauses = [Pause(date(2024, 2, 1), None)]
    day_one = clocks(POLICY, positions, pauses, finished_on=None, today=date(2024, 2, 1))
    assert day_one.due("completion") == date(2024, 7, 10)
    later = clocks(POLICY, positions, pauses, finished_on=None, today=date(2024, 2, 5))
    assert later.due("completion") == date(2024, 7, 14)
    assert later.paused_days == 4


def test_pauses_count_only_while_the_clock_runs() -> None:
    positions = history(
        date(2024, 1, 2),
        decided(date(2024, 1, 10)),
        ("submitted_to_qa", date(2024, 6, 1), {"decision": "review"}),
    )
    pauses = [
        Pause(date(2024, 1, 5), date(2024, 1, 15)),  # 5 of its days after the decision
        Pause(date(2024, 6, 10), date(2024, 6, 20)),  # after the clock was met
    ]
    state = clocks(POLICY, positions, pauses, finished_on=None, today=date(2024, 7, 1))
    completion = next(item for item in state.items if item.name == "completion")
    assert completion.paused_days == 5
    assert completion.due_on == date(2024, 7, 15)
    assert completion.met_on == date(2024, 6, 1)
    assert not completion.running and not completion.missed
    assert state.paused_days == 20
    assert state.next_due is None


def test_a_clock_is_overdue_only_after_its_due_day() -> None:
    positions = history(date(2024, 1, 31))
    on_the_day = clocks(POLICY, positions, [], finished_on=None, today=date(2024, 2, 29))
    assert on_the_day.overdue == []
    after = clocks(POLICY, positions, [], finished_on=None, today=date(2024, 3, 1))
    assert after.overdue == ["decision"]
    assert after.missed == ["decision"]
    assert after.next_due == date(2024, 2, 29)


def test_a_late_decision_is_missed_but_no_longer_overdue() -> None:
    positions = history(date(2024, 1, 31), decided(date(2024, 3, 5)))
    state = clocks(POLICY, positions, [], finished_on=None, today=date(2024, 3, 6))
    assert state.overdue == []
    assert state.missed == ["decision"]
    assert state.due("completion") == date(2024, 9, 5)


def test_no_review_starts_no_completion_clock_and_a_closed_review_runs_none() -> None:
    positions = history(
        date(2024, 1, 31),
        decided(date(2024, 2, 10), "no_review"),
        ("closed", date(2024, 3, 1), {"decision": "no_review"}),
    )
    state = clocks(POLICY, positions, [], finished_on=date(2024, 3, 1), today=date(2025, 1, 1))
    assert state.due("completion") is None
    assert state.overdue == [] and state.missed == [] and state.next_due is None


def test_an_overturn_starts_completion_from_the_home_office_decision() -> None:
    positions = history(
        date(2024, 1, 31),
        decided(date(2024, 2, 10), "no_review"),
        ("decided", date(2024, 4, 30), {"decision": "review", "overturned": "yes"}),
    )
    state = clocks(POLICY, positions, [], finished_on=None, today=date(2024, 5, 1))
    assert state.due("completion") == date(2024, 10, 30)
    decision = next(item for item in state.items if item.name == "decision")
    assert decision.met_on == date(2024, 2, 10)


def test_a_finished_review_that_never_met_a_started_clock_missed_it_if_late() -> None:
    policy = ClockPolicy(
        clocks=(
            ClockSpec(
                name="publication",
                starts=Milestone(stage="awaiting_publication"),
                met_by=Milestone(stage="published"),
                days=30,
            ),
        )
    )
    positions = history(date(2024, 1, 1), ("awaiting_publication", date(2024, 1, 10), {}))
    early = clocks(policy, positions, [], finished_on=date(2024, 1, 20), today=date(2024, 6, 1))
    late = clocks(policy, positions, [], finished_on=date(2024, 3, 1), today=date(2024, 6, 1))
    assert (early.missed, late.missed) == ([], ["publication"])
    assert early.overdue == late.overdue == []


def test_a_clock_needs_a_length_and_policies_distinct_names() -> None:
    with pytest.raises(ValueError, match="needs a length"):
        ClockSpec(name="x", starts=Milestone(stage="notified"), met_by=Milestone(stage="decided"))
    spec = POLICY.clocks[0]
    with pytest.raises(ValueError, match="distinct"):
        ClockPolicy(clocks=(spec, spec))


days = st.dates(min_value=date(2000, 1, 1), max_value=date(2150, 12, 31))


@settings(max_examples=300, deadline=None)
@given(days, st.integers(0, 400), st.integers(0, 400), st.integers(0, 60))
def test_an_open_pause_keeps_the_time_left_constant(
    decided_on: date, pause_after: int, open_for: int, later: int
) -> None:
    positions = history(decided_on, decided(decided_on))
    pause = [Pause(decided_on + pause_after * DAY, None)]
    today = decided_on + (pause_after + open_for) * DAY
    first = clocks(POLICY, positions, pause, finished_on=None, today=today)
    second = clocks(POLICY, positions, pause, finished_on=None, today=today + later * DAY)
    assert second.due("completion") - first.due("completion") == later * DAY
    base = decided_on + relativedelta(months=6)
    assert first.due("completion") == base + open_for * DAY


@settings(max_examples=300, deadline=None)
@given(
    days,
    st.lists(st.tuples(st.integers(-100, 400), st.integers(0, 100)), max_size=6),
    st.integers(0, 800),
)
def test_completion_never_comes_before_six_months_and_grows_with_pauses(
    decided_on: date, pauses: list[tuple[int, int]], today_after: int
) -> None:
    positions = history(decided_on - 10 * DAY, decided(decided_on))
    today = decided_on + today_after * DAY
    chosen: list[Pause] = []
    previous_due = decided_on + relativedelta(months=6)
    for start, length in pauses:
        chosen.append(Pause(decided_on + start * DAY, decided_on + (start + length) * DAY))
        due = clocks(POLICY, positions, chosen, finished_on=None, today=today).due("completion")
        assert due is not None and due >= previous_due
        previous_due = due


@st.composite
def review_lives(draw: st.DrawFn) -> tuple[list[Position], list[Pause], date, date | None]:
    """A review's history and pauses as of a day `written` on which it was last changed."""
    notified = draw(days)
    positions = [Position("notified", notified)]
    at = notified
    if draw(st.booleans()):
        at += draw(st.integers(0, 90)) * DAY
        decision = draw(st.sampled_from(["review", "no_review"]))
        positions.append(Position("decided", at, {"decision": decision}))
        if decision == "review" and draw(st.booleans()):
            at += draw(st.integers(0, 400)) * DAY
            positions.append(Position("submitted_to_qa", at, {"decision": decision}))
    pauses: list[Pause] = []
    cursor = notified
    for _ in range(draw(st.integers(0, 3))):
        start = cursor + draw(st.integers(0, 200)) * DAY
        length = draw(st.integers(0, 120))
        pauses.append(Pause(start, start + length * DAY))
        cursor = start + length * DAY
    if pauses and draw(st.booleans()):
        pauses[-1] = Pause(pauses[-1].paused_on, None)
    written = max(at, cursor, *(p.paused_on for p in pauses)) + draw(st.integers(0, 300)) * DAY
    finished = written if draw(st.booleans()) and positions[-1].stage != "notified" else None
    return positions, pauses, written, finished


@settings(max_examples=500, deadline=None)
@given(review_lives(), st.integers(0, 800))
def test_missed_from_says_exactly_when_a_clock_is_missed_if_nothing_changes(
    life: tuple[list[Position], list[Pause], date, date | None], wait: int
) -> None:
    positions, pauses, written, finished = life
    then = clocks(POLICY, positions, pauses, finished_on=finished, today=written)
    later_day = written + wait * DAY
    later = clocks(POLICY, positions, pauses, finished_on=finished, today=later_day)
    for before, after in zip(then.items, later.items, strict=True):
        expected = before.missed_from is not None and before.missed_from <= later_day
        assert after.missed is expected, (before, after)
        assert after.overdue is (expected and before.running), (before, after)
    running_from = then.missed_from(running_only=True)
    assert bool(later.overdue) is (running_from is not None and running_from <= later_day)


@pytest.mark.parametrize(
    ("pause_on", "overdue"), [(date(2024, 7, 10), False), (date(2024, 7, 11), True)]
)
def test_a_pause_opened_on_the_due_day_holds_it_but_one_opened_after_does_not(
    pause_on: date, overdue: bool
) -> None:
    positions = history(date(2024, 1, 2), decided(date(2024, 1, 10)))
    pauses = [Pause(pause_on, None)]
    state = clocks(POLICY, positions, pauses, finished_on=None, today=pause_on)
    completion = next(item for item in state.items if item.name == "completion")
    assert (completion.missed_from is not None) is overdue
    far = clocks(POLICY, positions, pauses, finished_on=None, today=date(2025, 6, 1))
    assert far.overdue == (["completion"] if overdue else [])
