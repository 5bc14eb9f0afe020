"""Counting a theme's recommendations and a training item's delivery (pure)."""

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from dhr_tracker.learning.schemas import RecommendationCounts, SessionOut, TrainingItemOut


def count(rows: Iterable[Any], *, overdue: set[Any]) -> RecommendationCounts:
    counts = RecommendationCounts()
    for row in rows:
        counts.total += 1
        counts.open += row.status in ("open", "in_progress")
        counts.completed += row.status == "completed"
        counts.not_accepted += row.status == "not_accepted"
        counts.overdue += row.id in overdue
        counts.national += row.level == "national"
    return counts


def item_out(item: Any, sessions: Sequence[Any]) -> TrainingItemOut:
    by_agency: Counter[str] = Counter()
    for session in sessions:
        by_agency.update(session.attendees)
    ordered = sorted(sessions, key=lambda s: (s.delivered_on, str(s.id)))
    return TrainingItemOut(
        id=item.id,
        theme=item.theme,
        area=item.area,
        title=item.title,
        owner_agency=item.owner_agency,
        planned_for=item.planned_for,
        recommendation_id=item.recommendation_id,
        sessions=[
            SessionOut(id=s.id, delivered_on=s.delivered_on, attendees=s.attendees, total=s.total)
            for s in ordered
        ],
        attendees=sum(by_agency.values()),
        attendees_by_agency=dict(sorted(by_agency.items())),
        last_delivered_on=ordered[-1].delivered_on if ordered else None,
    )
