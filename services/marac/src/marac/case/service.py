"""Cases: creation in batches (Core statements), the repeat rule, reading, transfer, closing."""

import uuid
from bisect import bisect_right, insort
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import ARRAY, Row, String, and_, any_, cast, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.auth import Caller
from csp_common.bulk import copies, copy_rows
from csp_common.contracts.marac import (
    CaseClosed,
    CaseHeard,
    CaseListed,
    CaseReferred,
    CaseTransferred,
)
from csp_common.db import RowsInsert, execute_together
from csp_common.errors import not_found
from csp_common.outbox import PendingEvent
from csp_common.pagination import Keyset, Page, PageRequest
from marac.access import may_see_case
from marac.case.listing import CaseListPlanner
from marac.case.models import case_table
from marac.case.rules import is_repeat
from marac.case.schemas import CaseOut, NewCase
from marac.config.service import get_area_config
from marac.fields import new_id
from marac.meeting.models import meeting_table
from marac.policy import AreaConfig, MaracPolicy
from marac.settings import MaracSettings


class RepeatHistory:
    """MARAC referral dates of each (victim, perpetrator) pair, for a batch's repeat rule."""

    def __init__(self) -> None:
        self.dates: dict[tuple[str, str], list[date]] = {}

    def add(self, victim_id: str, perpetrator_id: str | None, referred_on: date) -> None:
        if perpetrator_id is not None:
            insort(self.dates.setdefault((victim_id, perpetrator_id), []), referred_on)

    def days_since_last(
        self, victim_id: str, perpetrator_id: str | None, referred_on: date
    ) -> int | None:
        if perpetrator_id is None:
            return None
        dates = self.dates.get((victim_id, perpetrator_id), [])
        index = bisect_right(dates, referred_on)
        return (referred_on - dates[index - 1]).days if index else None


@dataclass
class CreatedCase:
    id: str
    case: NewCase
    repeat: bool
    meeting_id: str | None
    meeting_date: date | None


@dataclass
class Creation:
    created: list[CreatedCase]
    moves: list[tuple[str, str, date]]
    """Stored cases pushed to a later meeting by an urgent one: (case_id, meeting_id, date)."""


def _among(session: AsyncSession, column: Any, values: Sequence[str]) -> Any:
    """`column IN values`: one array parameter on PostgreSQL, whatever the number."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(cast(values, ARRAY(String)))
    return column.in_(values)


async def _stored_and_history(
    session: AsyncSession, cases: Sequence[NewCase]
) -> tuple[set[str], RepeatHistory]:
    """Referral ids and source references of `cases` that already have a case, and the
    MARAC referral dates of their victims' pairs: one query."""
    referral_ids = sorted({c.referral_id for c in cases if c.referral_id})
    references = sorted({c.source_reference for c in cases if c.source_reference})
    victims = sorted({c.victim_id for c in cases if c.perpetrator_id is not None})
    history = RepeatHistory()
    if not (referral_ids or references or victims):
        return set(), history
    rows = await session.execute(
        select(
            case_table.c.referral_id,
            case_table.c.source_reference,
            case_table.c.victim_id,
            case_table.c.perpetrator_id,
            case_table.c.referred_on,
        ).where(
            or_(
                _among(session, case_table.c.referral_id, referral_ids),
                _among(session, case_table.c.source_reference, references),
                and_(
                    _among(session, case_table.c.victim_id, victims),
                    case_table.c.perpetrator_id.is_not(None),
                ),
            )
        )
    )
    stored: set[str] = set()
    for referral_id, reference, victim_id, perpetrator_id, referred_on in rows:
        if referral_id:
            stored.add(referral_id)
        if reference:
            stored.add(reference)
        history.add(victim_id, perpetrator_id, referred_on)
    return stored & (set(referral_ids) | set(references)), history


def _identity(case: NewCase) -> str | None:
    return case.referral_id or case.source_reference


async def create_cases(
    session: AsyncSession,
    *,
    cases: Sequence[NewCase],
    policy: MaracPolicy,
    configs: dict[str, AreaConfig],
    today: date,
    listing: dict[int, tuple[str, date, str]] | None = None,
    together: Sequence[RowsInsert] = (),
) -> "Creation":
    """Store new cases (skipping any whose referral or source reference exists), decide
    repeats, list each at a meeting, and queue their events. Never commits.

    Cases go to the next meeting with room in their area, unless `listing` (imports)
    says where case i was: `listing[i] = (meeting_id, meeting_date, status)`. Cases are
    decided in referral date order (then as given), each as it would be alone after
    the ones before it. `together`: the caller's rows, written with the cases and
    meetings (in one statement on PostgreSQL; a batch's cases go as COPY).
    """
    stored, history = await _stored_and_history(session, cases)
    fresh: list[tuple[int, NewCase]] = []
    for index, case in enumerate(cases):
        identity = _identity(case)
        if identity is not None:
            if identity in stored:
                continue
            stored.add(identity)
        fresh.append((index, case))
    if not fresh:
        await execute_together(session, together)
        return Creation(created=[], moves=[])

    planner = CaseListPlanner(session, configs=configs)
    lead = timedelta(days=policy.listing_lead_days)
    earliest_of: dict[str, date] = {}
    for index, case in fresh:
        if listing is None or index not in listing:
            earliest = max(today, case.referred_on) + lead
            area = case.marac_area
            earliest_of[area] = min(earliest, earliest_of.get(area, earliest))
    await planner.prepare(earliest_of)
    now = clock.now()
    created: list[CreatedCase] = []
    rows: list[dict] = []
    criteria: dict[tuple[str, ...], list[str]] = {}
    # Repeats are decided in date order, so a batch can hold both referrals of a pair.
    for index, case in sorted(fresh, key=lambda item: item[1].referred_on):
        days = history.days_since_last(case.victim_id, case.perpetrator_id, case.referred_on)
        repeat = case.repeat_hint or is_repeat(
            days_since_last=days, window_days=policy.repeat_window_days
        )
        history.add(case.victim_id, case.perpetrator_id, case.referred_on)
        case_id = new_id()
        status, meeting_id, meeting_date, heard_on = "referred", None, None, None
        if listing is not None and index in listing:
            meeting_id, meeting_date, status = listing[index]
            heard_on = meeting_date if status in ("heard", "actions_complete", "closed") else None
        else:
            await planner.place(
                case_id=case_id,
                area=case.marac_area,
                earliest=max(today, case.referred_on) + lead,
                urgent=case.urgent,
                referred=(case.referred_on, now),
            )
            status = "listed"
        created.append(CreatedCase(case_id, case, repeat, meeting_id, meeting_date))
        rows.append(
            {
                **case.__dict__,  # the fields as validated: model_dump would copy them again
                # one list for equal criteria, written (as JSON) once
                "criteria": criteria.setdefault(tuple(case.criteria), case.criteria),
                "id": case_id,
                "status": status,
                "repeat": repeat,
                "meeting_id": meeting_id,
                "heard_on": heard_on,
                "created_at": now,
                "updated_at": now,
            }
        )
        del rows[-1]["repeat_hint"]
    for item, row in zip(created, rows, strict=True):
        slot = planner.placement.get(item.id)
        if slot is not None:
            row["meeting_id"] = item.meeting_id = slot.meeting_id
            item.meeting_date = slot.held_on
    if copies(session, rows):
        # Checked above against the stored cases: one that a concurrent transaction
        # stored since fails the batch (which the consumer then applies one by one).
        await execute_together(session, [*together, *planner.statements()])
        await copy_rows(session, case_table, rows)
        kept = {row["id"] for row in rows}
    else:
        inserted = await execute_together(
            session,
            [
                *together,
                *planner.statements(),
                RowsInsert(case_table, rows, ignore_conflicts=True, returning=("id",)),
            ],
        )
        kept = {case_id for (case_id,) in inserted}
    await planner.flush()
    moves = [(m.case_id, m.slot.meeting_id, m.slot.held_on) for m in planner.moves]
    return Creation(created=[c for c in created if c.id in kept], moves=moves)


def _referred(created: CreatedCase) -> dict[str, Any]:
    case = created.case
    return {
        "case_id": created.id,
        "referral_id": case.referral_id,
        "marac_area": case.marac_area,
        "repeat": created.repeat,
        "source": case.source,
        "referring_agency": case.referring_agency,
        "referrer_kind": case.referrer_kind,
        "children_in_household": case.children_in_household,
        "referred_on": case.referred_on,
        **{name: getattr(case, name) for name in EQUALITY_FIELDS},
    }


def case_referred_event(created: CreatedCase, *, time: datetime | None = None) -> PendingEvent:
    return PendingEvent(
        payload=CaseReferred.model_validate(_referred(created)), key=created.id, time=time
    )


EQUALITY_FIELDS = (
    "victim_age_band",
    "victim_gender",
    "victim_ethnicity",
    "victim_disability",
    "victim_lgbt",
    "perpetrator_age_band",
    "perpetrator_gender",
)


def _equality(values: Mapping[str, Any]) -> dict[str, Any]:
    return {name: values[name] for name in EQUALITY_FIELDS}


def case_listed_event(
    *,
    case_id: str,
    meeting_id: str,
    area: str,
    meeting_date: date,
    urgent: bool,
    time: datetime | None = None,
) -> PendingEvent:
    payload = CaseListed(
        case_id=case_id,  # type: ignore[arg-type]  # validated as a UUID
        meeting_id=meeting_id,  # type: ignore[arg-type]
        marac_area=area,
        meeting_date=meeting_date,
        urgent=urgent,
    )
    return PendingEvent(payload=payload, key=case_id, time=time)


def case_heard_event(
    case: Mapping[str, Any], *, meeting_id: str, heard_on: date, historical: bool = False
) -> PendingEvent:
    """`case`: a `marac_case` row's mapping (or the same keys)."""
    payload = CaseHeard(
        case_id=uuid.UUID(case["id"]),
        meeting_id=uuid.UUID(meeting_id),
        marac_area=case["marac_area"],
        heard_on=heard_on,
        repeat=case["repeat"],
        referring_agency=case["referring_agency"],
        referrer_kind=case["referrer_kind"],
        children_in_household=case["children_in_household"],
        **_equality(case),
    )
    return PendingEvent(
        payload=payload, key=case["id"], time=clock.at_noon(heard_on) if historical else None
    )


def case_closed_event(
    *, case_id: str, area: str, closed_on: date, historical: bool = False
) -> PendingEvent:
    payload = CaseClosed(case_id=uuid.UUID(case_id), marac_area=area, closed_on=closed_on)
    return PendingEvent(
        payload=payload, key=case_id, time=clock.at_noon(closed_on) if historical else None
    )


_REFERRED_PAYLOADS = TypeAdapter(list[CaseReferred])
_LISTED_PAYLOADS = TypeAdapter(list[CaseListed])


def creation_events(
    created: Sequence[CreatedCase], *, historical: bool = False
) -> list[PendingEvent]:
    """CaseReferred, then CaseListed where the case has a meeting (each kind's payloads
    validated in one call: a consumer's batch makes thousands)."""
    referred = _REFERRED_PAYLOADS.validate_python([_referred(item) for item in created])
    listed = iter(
        _LISTED_PAYLOADS.validate_python(
            [
                {
                    "case_id": item.id,
                    "meeting_id": item.meeting_id,
                    "marac_area": item.case.marac_area,
                    "meeting_date": item.meeting_date,
                    "urgent": item.case.urgent,
                }
                for item in created
                if item.meeting_id and item.meeting_date
            ]
        )
    )
    events: list[PendingEvent] = []
    for item, payload in zip(created, referred, strict=True):
        time = clock.at_noon(item.case.referred_on) if historical else None
        events.append(PendingEvent(payload=payload, key=item.id, time=time))
        if item.meeting_id and item.meeting_date:
            events.append(PendingEvent(payload=next(listed), key=item.id, time=time))
    return events


async def moved_case_events(
    session: AsyncSession, moves: Sequence[tuple[str, str, date]]
) -> list[PendingEvent]:
    """CaseListed for cases pushed to a later meeting: (case_id, meeting_id, meeting_date)."""
    if not moves:
        return []
    areas = dict(
        (
            await session.execute(
                select(case_table.c.id, case_table.c.marac_area).where(
                    case_table.c.id.in_([m[0] for m in moves])
                )
            )
        )
        .tuples()
        .all()
    )
    return [
        case_listed_event(case_id=c, meeting_id=m, area=areas[c], meeting_date=d, urgent=False)
        for c, m, d in moves
    ]


# --- reading ---------------------------------------------------------------------------

case_with_meeting = select(case_table, meeting_table.c.held_on.label("meeting_date")).select_from(
    case_table.outerjoin(meeting_table, meeting_table.c.id == case_table.c.meeting_id)
)


def case_out(row: Row) -> CaseOut:
    m = row._mapping
    return CaseOut(
        id=m["id"],
        referral_id=m["referral_id"],
        area=m["marac_area"],
        hub_area=m["area"],
        status=m["status"],
        repeat=m["repeat"],
        urgent=m["urgent"],
        source=m["source"],
        referring_agency=m["referring_agency"],
        referrer_kind=m["referrer_kind"],
        criteria=list(m["criteria"] or []),
        score=m["score"],
        children_in_household=m["children_in_household"],
        victim_id=m["victim_id"],
        perpetrator_id=m["perpetrator_id"],
        referred_on=m["referred_on"],
        consent_status=m["consent_status"],
        lawful_basis=m["lawful_basis"],
        meeting_id=m["meeting_id"],
        meeting_date=m["meeting_date"],
        heard_on=m["heard_on"],
        closed_on=m["closed_on"],
    )


async def get_case(session: AsyncSession, *, case_id: str) -> Row | None:
    return (await session.execute(case_with_meeting.where(case_table.c.id == case_id))).first()


async def case_out_of(session: AsyncSession, *, case_id: str) -> CaseOut:
    """A case that exists (one just written), as callers read it."""
    return case_out(
        (await session.execute(case_with_meeting.where(case_table.c.id == case_id))).one()
    )


async def listed_at(session: AsyncSession, *, meeting_id: str) -> dict[str, bool]:
    """The cases listed (not yet heard) at a meeting: id -> urgent."""
    rows = await session.execute(
        select(case_table.c.id, case_table.c.urgent).where(
            case_table.c.meeting_id == meeting_id, case_table.c.status == "listed"
        )
    )
    return dict(rows.tuples().all())


async def hear_cases(session: AsyncSession, *, case_ids: Sequence[str], on: date) -> list[Row]:
    """The cases heard at a meeting on `on`, as stored now."""
    await session.execute(
        update(case_table)
        .where(case_table.c.id.in_(list(case_ids)))
        .values(status="heard", heard_on=on, updated_at=clock.now())
    )
    return list(
        (await session.execute(select(case_table).where(case_table.c.id.in_(list(case_ids))))).all()
    )


async def list_case_at(session: AsyncSession, *, case_id: str, meeting_id: str) -> None:
    await session.execute(
        update(case_table)
        .where(case_table.c.id == case_id)
        .values(meeting_id=meeting_id, updated_at=clock.now())
    )


CASES = Keyset(
    sorts={
        "referred_on": case_table.c.referred_on,
        "created_at": case_table.c.created_at,
        "updated_at": case_table.c.updated_at,
    },
    id_column=case_table.c.id,
)


async def list_cases(
    session: AsyncSession,
    *,
    area: str | None,
    statuses: Sequence[str] | None,
    repeat: bool | None,
    urgent: bool | None,
    meeting_id: str | None,
    referred_from: date | None,
    referred_to: date | None,
    pages: PageRequest,
) -> Page[CaseOut]:
    """The cases of `area` (None: every area) that pass the filters given."""
    statement = case_with_meeting
    if area is not None:
        statement = statement.where(case_table.c.marac_area == area)
    if statuses:
        statement = statement.where(case_table.c.status.in_(list(statuses)))
    if repeat is not None:
        statement = statement.where(case_table.c.repeat.is_(repeat))
    if urgent is not None:
        statement = statement.where(case_table.c.urgent.is_(urgent))
    if meeting_id is not None:
        statement = statement.where(case_table.c.meeting_id == meeting_id)
    if referred_from is not None:
        statement = statement.where(case_table.c.referred_on >= referred_from)
    if referred_to is not None:
        statement = statement.where(case_table.c.referred_on <= referred_to)
    rows = (await session.execute(CASES.select(statement, pages))).all()
    return CASES.page(rows, pages, case_out)


async def visible_case(
    session: AsyncSession, *, caller: Caller, case_id: uuid.UUID, settings: MaracSettings
) -> Row:
    """The case, if `caller` may see it; else 404, as for a case that does not exist."""
    row = await get_case(session, case_id=str(case_id))
    if row is None:
        raise not_found("case")
    config = await get_area_config(session, area=row.marac_area, settings=settings)
    if not may_see_case(
        caller,
        marac_area=row.marac_area,
        listed=row.meeting_id is not None,
        referring_agency=row.referring_agency,
        expected_agencies=config.expected_agencies,
    ):
        raise not_found("case")
    return row


async def transfer_case(
    session: AsyncSession,
    *,
    case: Row,
    to_area: str,
    on: date,
    policy: MaracPolicy,
    configs: dict[str, AreaConfig],
) -> list[PendingEvent]:
    """Move a case to another MARAC area and list it at that area's next meeting."""
    planner = CaseListPlanner(session, configs=configs)
    earliest = on + timedelta(days=policy.listing_lead_days)
    slot = await planner.place(case_id=case.id, area=to_area, earliest=earliest, urgent=case.urgent)
    await planner.flush()
    status = "listed" if case.status in ("referred", "listed") else case.status
    await session.execute(
        update(case_table)
        .where(case_table.c.id == case.id)
        .values(
            marac_area=to_area, meeting_id=slot.meeting_id, status=status, updated_at=clock.now()
        )
    )
    events = [
        PendingEvent(
            payload=CaseTransferred(
                case_id=uuid.UUID(case.id),
                from_marac_area=case.marac_area,
                to_marac_area=to_area,
                transferred_on=on,
            ),
            key=case.id,
        ),
        case_listed_event(
            case_id=case.id,
            meeting_id=slot.meeting_id,
            area=to_area,
            meeting_date=slot.held_on,
            urgent=case.urgent,
        ),
    ]
    events += await moved_case_events(
        session, [(m.case_id, m.slot.meeting_id, m.slot.held_on) for m in planner.moves]
    )
    return events


async def close_case(session: AsyncSession, *, case: Row, on: date) -> PendingEvent:
    await session.execute(
        update(case_table)
        .where(case_table.c.id == case.id)
        .values(status="closed", closed_on=on, updated_at=clock.now())
    )
    return case_closed_event(case_id=case.id, area=case.marac_area, closed_on=on)


async def follow_consent(
    session: AsyncSession, *, referral_id: str, consent_status: str, lawful_basis: str
) -> None:
    """referral-hub recorded a change of the referral's consent: the case shows it."""
    await session.execute(
        update(case_table)
        .where(case_table.c.referral_id == referral_id)
        .values(consent_status=consent_status, lawful_basis=lawful_basis, updated_at=clock.now())
    )


async def merge_persons(session: AsyncSession, *, surviving: str, merged: str) -> None:
    """referral-hub found two person records to be one: follow its surviving id."""
    await session.execute(
        update(case_table).where(case_table.c.victim_id == merged).values(victim_id=surviving)
    )
    await session.execute(
        update(case_table)
        .where(case_table.c.perpetrator_id == merged)
        .values(perpetrator_id=surviving)
    )


async def split_person(
    session: AsyncSession, *, person_id: str, new_person_id: str, referral_ids: Sequence[str]
) -> None:
    """referral-hub found some referrals of a person to be about someone else."""
    for column in (case_table.c.victim_id, case_table.c.perpetrator_id):
        await session.execute(
            update(case_table)
            .where(case_table.c.referral_id.in_(referral_ids), column == person_id)
            .values({column.name: new_person_id})
        )
