"""A person's reviews as dated history entries (pure): the notification and each move
from stage to stage, by code. The review's free text (its moves' details, the sealed
identity) stays in dhr-tracker."""

from collections.abc import Iterable, Mapping
from typing import Any

from csp_common.clock import as_utc
from dhr_tracker.person.schemas import HistoryEntry


def review_entries(
    reviews: Iterable[Any], moves: Mapping[Any, Iterable[Any]]
) -> list[HistoryEntry]:
    entries = []
    for review in reviews:
        entries.append(
            HistoryEntry(
                occurred_on=review.notified_on,
                occurred_at=None,
                kind="review_notified",
                agency=review.notifying_agency,
                record_id=review.id,
                detail={
                    "reference": review.reference,
                    "area": review.area,
                    "circumstances": review.circumstances,
                    "stage": review.stage,
                },
            )
        )
        for move in moves.get(review.id, ()):
            entries.append(
                HistoryEntry(
                    occurred_on=move.on,
                    occurred_at=as_utc(move.recorded_at),
                    kind="review_moved",
                    agency=review.notifying_agency,
                    record_id=review.id,
                    detail={"move": move.move, "from": move.from_stage, "to": move.to_stage},
                )
            )
    return entries
