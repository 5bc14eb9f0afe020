"""Domestic Homicide Review figures: reviews notified since a year, where they stand,
how long their stages took, their recommendations, and their victims protected as small
numbers.

Reviews are few and public (each published report names its review), so their counts
are published as they are; the victims' age band, gender and ethnic group are
characteristics of the records, protected like any other (`protection`): with a handful
of reviews a year they are "suppressed".
"""

import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.contracts.dhr import Circumstances, RecommendationStatus
from csp_common.contracts.equality import AgeBand, Ethnicity, Gender
from reporting import grid
from reporting.dhr.models import (
    MissedDeadline,
    Publication,
    QaOutcome,
    Recommendation,
    Review,
    ReviewDecision,
    StageChange,
)
from reporting.dhr.models import RecommendationStatus as RecommendationStatusModel
from reporting.periods import financial_year_of
from reporting.read_models import Slot

CIRCUMSTANCES: tuple[str, ...] = Circumstances.__args__  # type: ignore[attr-defined]
STATUSES: tuple[str, ...] = RecommendationStatus.__args__  # type: ignore[attr-defined]
VICTIM = {
    "age_band": [band.value for band in AgeBand],
    "gender": [gender.value for gender in Gender],
    "ethnicity": [group.value for group in Ethnicity],
}


async def _rows(session: AsyncSession, model, slot: Slot, *columns: str) -> list:  # type: ignore[no-untyped-def]
    table = model.table(slot)
    return list((await session.execute(select(*(table.c[c] for c in columns)))).all())


def _ordered(seen: set[str], configured: Sequence[str]) -> list[str]:
    return [s for s in configured if s in seen] + sorted(seen - set(configured))


async def dhr_stats(
    *,
    session: AsyncSession,
    slot: Slot,
    since: int,
    stages: Sequence[str],
    threshold: int,
) -> dict:
    """Reviews notified from 1 January of `since`; `stages` is the workflow's order (its
    first stage is where a review with no move yet stands)."""
    first_day = date(since, 1, 1)
    every_review = await _rows(
        session,
        Review,
        slot,
        "review_id",
        "area",
        "notified_on",
        "circumstances",
        "victim_age_band",
        "victim_gender",
        "victim_ethnicity",
    )
    reviews = [r for r in every_review if r.notified_on >= first_day]
    chosen = {r.review_id for r in reviews}
    decisions = dict(await _rows(session, ReviewDecision, slot, "review_id", "decision"))
    published = {r for (r,) in await _rows(session, Publication, slot, "review_id")}
    qa = dict(await _rows(session, QaOutcome, slot, "review_id", "outcome"))
    missed = {r for (r,) in await _rows(session, MissedDeadline, slot, "review_id")}
    moves: dict[object, list[tuple[date, object, str]]] = defaultdict(list)
    for review_id, changed_on, to_stage, event_time in await _rows(
        session, StageChange, slot, "review_id", "changed_on", "to_stage", "event_time"
    ):
        if review_id in chosen:
            moves[review_id].append((changed_on, event_time, to_stage))

    # A review that reached the Home Office or publication was commissioned, whether or
    # not its decision was recorded (reviews imported from before the tracker).
    commissioned = {r for r in chosen if decisions.get(r) == "review"} | (
        chosen & (published | set(qa))
    )
    stage_of: dict[object, str] = {}
    stays: dict[str, list[int]] = defaultdict(list)
    for review in reviews:
        history = sorted(moves.get(review.review_id, []), key=lambda move: move[:2])
        stage, since_day = stages[0] if stages else "notified", review.notified_on
        for changed_on, _, to_stage in history:
            stays[stage].append(max((changed_on - since_day).days, 0))
            stage, since_day = to_stage, changed_on
        stage_of[review.review_id] = stage
    by_stage = Counter(stage_of.values())
    recommendations = [
        r
        for r in await _rows(
            session, Recommendation, slot, "recommendation_id", "review_id", "theme", "status"
        )
        if r.review_id in chosen
    ]
    latest = dict(
        await _rows(session, RecommendationStatusModel, slot, "recommendation_id", "status")
    )
    by_theme: dict[str, Counter] = defaultdict(Counter)
    for r in recommendations:
        by_theme[r.theme][latest.get(r.recommendation_id, r.status)] += 1
    return {
        "since": since,
        "reviews": {
            "notified": len(reviews),
            "commissioned": len(commissioned),
            "published": len(chosen & published),
            "awaiting_publication": sum(
                1 for r in commissioned - published if qa.get(r) == "approved"
            ),
            "in_progress": len(commissioned - published),
            "overdue": len((commissioned - published) & missed),
        },
        "by_stage": {s: by_stage[s] for s in _ordered(set(by_stage), stages)},
        "by_circumstances": {
            c: sum(1 for r in reviews if r.circumstances == c) for c in CIRCUMSTANCES
        },
        "median_days_in_stage": {
            s: statistics.median(stays[s]) for s in _ordered(set(stays), stages)
        },
        "recommendations": {
            "total": len(recommendations),
            "by_status": {s: sum(c[s] for c in by_theme.values()) for s in STATUSES},
            "by_theme": {
                theme: {"total": sum(c.values()), **{s: c[s] for s in STATUSES}}
                for theme, c in sorted(by_theme.items())
            },
        },
        "victims": _victims(every_review, first_day, threshold),
        "threshold": threshold,
    }


def _victims(every_review: list, first_day: date, threshold: int) -> dict:
    """The victims of the reviews notified from `first_day`, by age band, gender and
    ethnic group, protected with every review of the financial years they fall in."""
    start = date(financial_year_of(first_day), 4, 1)  # whole financial years
    population = grid.population(threshold)
    for r in every_review:
        if r.notified_on >= start:
            population.add(
                (grid.month_of(r.notified_on), r.area),
                characteristics={
                    "age_band": r.victim_age_band,
                    "gender": r.victim_gender,
                    "ethnicity": r.victim_ethnicity,
                },
            )
    protection = population.protect()
    first_month = grid.month_of(first_day)

    def where(cell: tuple) -> bool:
        return cell[0] >= first_month

    return {
        characteristic: {
            value: protection.count(where, characteristic, lambda stored, v=value: stored == v)
            for value in values
        }
        for characteristic, values in VICTIM.items()
    }
