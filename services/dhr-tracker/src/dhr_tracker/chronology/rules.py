"""Merging what the sources answered into one dated chronology (pure).

A record about two of the review's people (a referral naming the victim and the
perpetrator) is one entry naming both. Entries on or after the day of death are left
out whatever a source sent. Order: day, time (an entry known only by its day first),
source, kind, record id: the same answers always give the same chronology.
"""

import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

from dhr_tracker.chronology.schemas import (
    ChronologyEntryOut,
    HistoryAnswer,
    Involvement,
    PersonOutcome,
    SourceName,
    SourceOut,
)

_DAY_ONLY = datetime.min.replace(tzinfo=UTC)


def merge(answers: Iterable[HistoryAnswer], *, before: date) -> list[ChronologyEntryOut]:
    merged: dict[tuple[str, str, uuid.UUID, date], ChronologyEntryOut] = {}
    for answer in answers:
        for entry in answer.entries:
            if entry.occurred_on >= before:
                continue
            key = (entry.source, entry.kind, entry.record_id, entry.occurred_on)
            involvement = Involvement(person_id=answer.person_id, role=entry.role)
            if key in merged:
                persons = merged[key].persons
                if all(p.person_id != answer.person_id for p in persons):
                    persons.append(involvement)
                continue
            merged[key] = ChronologyEntryOut(
                occurred_on=entry.occurred_on,
                occurred_at=entry.occurred_at,
                source=entry.source,
                kind=entry.kind,
                agency=entry.agency,
                record_id=entry.record_id,
                persons=[involvement],
                detail=dict(entry.detail),
            )
    return sorted(merged.values(), key=_order)


def _order(entry: ChronologyEntryOut) -> tuple[date, datetime, str, str, str]:
    moment = entry.occurred_at.astimezone(UTC) if entry.occurred_at else _DAY_ONLY
    return (entry.occurred_on, moment, entry.source, entry.kind, str(entry.record_id))


def source_out(source: SourceName, persons: Sequence[PersonOutcome]) -> SourceOut:
    """A source is answered when it answered for every person (a person it does not
    know is an answer too); otherwise unavailable, for the first reason met."""
    if not persons:
        return SourceOut(source=source, status="not_asked", persons=[])
    failed = [p for p in persons if p.status == "unavailable"]
    if failed:
        return SourceOut(
            source=source, status="unavailable", reason=failed[0].reason, persons=list(persons)
        )
    return SourceOut(source=source, status="answered", persons=list(persons))
