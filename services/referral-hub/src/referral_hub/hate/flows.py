"""Recording hate reports: the API (one at a time) and the bulk import (a chunk at once).

A report with a `source_reference` its agency already used is not stored again: the
existing report is returned instead (a safe retry). Every new report publishes
`HateIncidentReported` in the same transaction.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.contracts.referrals import HateIncidentReported
from csp_common.outbox import PendingEvent, add_events
from csp_common.partnership import Partnership
from referral_hub.hate import service
from referral_hub.hate.schemas import HateReportIn

Channel = Literal["api", "import"]


@dataclass(frozen=True)
class Refusal:
    """A valid body that refers to something this partnership does not know."""

    pointer: str
    detail: str


@dataclass(frozen=True)
class NewHateReport:
    body: HateReportIn
    reporting_agency: str


@dataclass(frozen=True)
class Recorded:
    id: uuid.UUID
    created: bool


def refusal(body: HateReportIn, *, partnership: Partnership, pointer_prefix: str) -> Refusal | None:
    """Why the partnership cannot take this report, or None."""
    if partnership.area(body.area) is None:
        return Refusal(
            f"{pointer_prefix}/area",
            f"unknown area {body.area!r}; known: {', '.join(partnership.area_codes)}",
        )
    return None


def _row(report: NewHateReport, *, channel: Channel, recorded_at: datetime) -> dict[str, Any]:
    body = report.body
    return {
        "id": uuid.uuid4(),
        "kind": body.kind.value,
        "strands": [strand.value for strand in body.strands],
        "occurred_at": body.occurred_at,
        "area": body.area,
        "victim_police_officer_on_duty": body.victim_police_officer_on_duty,
        "reporting_channel": body.reporting_channel.value,
        "reporting_agency": report.reporting_agency,
        "source_reference": body.source_reference,
        "channel": channel,
        "created_at": recorded_at,
    }


def _event(row: dict[str, Any]) -> PendingEvent:
    payload = HateIncidentReported(
        report_id=row["id"],
        kind=row["kind"],
        strands=row["strands"],
        occurred_at=row["occurred_at"],
        area=row["area"],
        victim_police_officer_on_duty=row["victim_police_officer_on_duty"],
        reporting_channel=row["reporting_channel"],
        channel=row["channel"],
    )
    # An imported report keeps its original date as the event time; a new one is "now".
    time = row["occurred_at"] if row["channel"] == "import" else row["created_at"]
    return PendingEvent(payload=payload, key=str(row["id"]), time=time)


async def record_hate_reports(
    session: AsyncSession,
    *,
    reports: Sequence[NewHateReport],
    channel: Channel,
    recorded_at: datetime,
) -> list[Recorded]:
    """Store new reports and queue their events; one `Recorded` per report, in order.

    Areas must have been checked (`refusal`). Never commits.
    """
    rows = [_row(report, channel=channel, recorded_at=recorded_at) for report in reports]
    keys = [
        (row["reporting_agency"], row["source_reference"]) if row["source_reference"] else None
        for row in rows
    ]
    existing = await service.ids_by_reference(session, keys=[k for k in keys if k])
    claimed: dict[tuple[str, str], uuid.UUID] = {}
    to_insert = []
    for row, key in zip(rows, keys, strict=True):
        if key is None:
            to_insert.append(row)
        elif key not in existing and key not in claimed:
            claimed[key] = row["id"]
            to_insert.append(row)
    inserted = await service.insert_new(session, rows=to_insert)
    lost = [k for k, row_id in claimed.items() if row_id not in inserted]
    if lost:  # a concurrent writer stored the same reference first
        existing |= await service.ids_by_reference(session, keys=lost)
    await add_events(session, [_event(row) for row in to_insert if row["id"] in inserted])
    outcomes = []
    for row, key in zip(rows, keys, strict=True):
        if row["id"] in inserted:
            outcomes.append(Recorded(id=row["id"], created=True))
        else:
            assert key is not None
            earlier = existing.get(key) or claimed[key]
            outcomes.append(Recorded(id=earlier, created=False))
    return outcomes
