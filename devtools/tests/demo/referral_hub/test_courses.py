"""The demo's provider courses, pure: a service's routes of a quarter take each kind of
course none or at least the threshold times; long support of a quarter closes after
the history's end or before it, all of it; the same routes give the same courses."""

from collections import Counter
from datetime import datetime, timedelta
from itertools import pairwise

import pytest

from csp_devtools.demo.referral_hub.courses import (
    KINDS,
    THRESHOLD,
    UK,
    DemoRoute,
    courses,
    deal,
    quarter_of,
)
from csp_devtools.demo.referral_hub.feedback import ENDS, still_to_report


@pytest.mark.parametrize("service", sorted(k for k in KINDS if k))
@pytest.mark.parametrize("n", [*range(1, 30), 44, 70, 121])
def test_each_kind_is_dealt_none_or_at_least_the_threshold(service: str, n: int) -> None:
    dealt = deal(n, KINDS[service])
    assert sum(count for _, count in dealt) == n
    counts = [count for _, count in dealt if count]
    assert len(counts) == 1 or all(count >= THRESHOLD for count in counts), dealt


def _routes(service: str, first: datetime, n: int) -> list[DemoRoute]:
    return [
        DemoRoute(f"r{i}", service, first + timedelta(hours=17 * i), f"DEMO-DA-{i:05d}")
        for i in range(n)
    ]


def _shape(steps: list) -> tuple:
    """What reporting's funnel reads of a route: the statuses reached and the outcomes."""
    kept = [s for s in steps if s.at <= ENDS]
    outcomes = {code for s in kept for code in s.body.get("outcome_codes", [])}
    return frozenset(s.status for s in kept), frozenset(outcomes)


@pytest.mark.parametrize("service", ["idas_community_support", "foundation_plus_choices"])
@pytest.mark.parametrize(
    "quarter_start", [datetime(2023, 7, 1, tzinfo=UK), datetime(2023, 10, 1, tzinfo=UK)]
)
def test_a_quarters_routes_end_the_history_in_shapes_of_enough_routes(
    service: str, quarter_start: datetime
) -> None:
    routes = _routes(service, quarter_start, 120)  # 17 hours apart: 85 days
    assert {quarter_of(r.sent) for r in routes} == {quarter_of(quarter_start)}
    course_of = courses(routes)
    shapes = Counter(_shape(course_of[r.id]) for r in routes)
    assert len(shapes) >= 3, shapes
    assert all(n >= THRESHOLD for n in shapes.values()), shapes


def test_every_course_moves_forward_through_allowed_statuses_to_an_end() -> None:
    allowed = {
        "sent": {"accepted", "declined"},
        "accepted": {"contacted", "closed"},
        "contacted": {"engaged", "closed"},
        "engaged": {"closed"},
    }
    for service in KINDS:
        routes = _routes(service or "idas_community_support", datetime(2022, 1, 3, tzinfo=UK), 400)
        course_of = courses(routes)
        for route in routes:
            steps = course_of[route.id]
            status = "sent"
            for step in steps:
                assert step.status in allowed[status], (service, steps)
                status = step.status
            assert status in {"declined", "closed"}
            if status == "closed":
                assert steps[-1].body["outcome_codes"]
            assert route.sent < steps[0].at
            assert all(a.at < b.at for a, b in pairwise(steps))


def test_the_same_routes_give_the_same_courses_and_reports_resume_after_the_status() -> None:
    routes = _routes("idas_community_support", datetime(2023, 10, 2, tzinfo=UK), 60)
    first, again = courses(routes), courses(list(reversed(routes)))
    assert first == again
    steps = first[routes[0].id]
    assert still_to_report("sent", steps) == [s for s in steps if s.at <= ENDS]
    assert still_to_report(steps[-1].status, steps) == []
