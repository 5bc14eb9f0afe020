"""Listing cases at meetings: the earliest meeting of the area with room, urgent cases
first (an urgent case may push a non-urgent one to the next meeting).
"""

from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.upsert import insert_ignoring
from marac.case.models import case_table
from marac.meeting.models import meeting_table
from marac.meeting.service import (
    MAX_MEETINGS_AHEAD,
    cadence_dates,
    ensure_meetings,
    meeting_row,
    schedule_of,
)
from marac.policy import AreaConfig


@dataclass
class Slot:
    meeting_id: str
    area: str
    held_on: date
    capacity: int
    count: int
    # cases placed here by this planner: (case_id, urgent), in placement order
    placed: list[tuple[str, bool]] = field(default_factory=list)
    # stored non-urgent cases listed here, latest referral first (loaded when first needed)
    stored_ordinary: list[str] | None = None

    @property
    def full(self) -> bool:
        return self.count >= self.capacity


@dataclass
class Move:
    """An already stored case moved to a later meeting to make room for an urgent one."""

    case_id: str
    slot: Slot


class CaseListPlanner:
    """Places cases at meetings: earliest with room; urgent cases may push a non-urgent one.

    Holds the upcoming meetings of each area in memory for a batch, so a batch of
    thousands of cases costs a few statements per area, not per case. Moves of stored
    cases are written by `flush()`, once.
    """

    def __init__(self, session: AsyncSession, *, configs: dict[str, AreaConfig]) -> None:
        self.session = session
        self.configs = configs
        self.slots: dict[str, list[Slot]] = {}
        self.loaded_from: dict[str, date] = {}
        self.placement: dict[str, Slot] = {}
        self.moved: dict[str, Slot] = {}
        self.extended_to: dict[str, date] = {}
        self.full_until: dict[str, int] = {}

    @property
    def moves(self) -> list[Move]:
        return [Move(case_id, slot) for case_id, slot in self.moved.items()]

    async def place(self, *, case_id: str, area: str, earliest: date, urgent: bool) -> Slot:
        slots = await self._slots(area, earliest)
        first = next((s for s in slots if s.held_on >= earliest), None)
        if first is None:
            first = await self._first_free(area, earliest)
        if urgent and first.full:
            await self._make_room(first)
        slot = first if not first.full else await self._first_free(area, earliest)
        self._put(slot, case_id, urgent)
        return slot

    def _put(self, slot: Slot, case_id: str, urgent: bool, *, stored: bool = False) -> None:
        slot.count += 1
        slot.placed.append((case_id, urgent))
        if stored or case_id in self.moved:
            self.moved[case_id] = slot
        else:
            self.placement[case_id] = slot

    async def _make_room(self, slot: Slot) -> None:
        """Move the latest non-urgent case of a full meeting to the next one with room."""
        for index in range(len(slot.placed) - 1, -1, -1):
            case_id, urgent = slot.placed[index]
            if not urgent:
                del slot.placed[index]
                slot.count -= 1
                later = await self._first_free(slot.area, slot.held_on + timedelta(days=1))
                self._put(later, case_id, False)
                return
        if slot.stored_ordinary is None:
            slot.stored_ordinary = list(
                (
                    await self.session.execute(
                        select(case_table.c.id)
                        .where(
                            case_table.c.meeting_id == slot.meeting_id,
                            case_table.c.status == "listed",
                            case_table.c.urgent.is_(False),
                        )
                        .order_by(case_table.c.referred_on.desc(), case_table.c.created_at.desc())
                    )
                ).scalars()
            )
        if not slot.stored_ordinary:
            return  # every case here is urgent: the urgent case goes to the next meeting
        stored = slot.stored_ordinary.pop(0)
        slot.count -= 1
        later = await self._first_free(slot.area, slot.held_on + timedelta(days=1))
        self._put(later, stored, False, stored=True)

    async def flush(self) -> None:
        """Write the moves of stored cases."""
        if self.moved:
            await self.session.execute(
                update(case_table)
                .where(case_table.c.id == bindparam("case_id"))
                .values(meeting_id=bindparam("to_meeting"), updated_at=bindparam("now")),
                [
                    {"case_id": c, "to_meeting": s.meeting_id, "now": clock.now()}
                    for c, s in self.moved.items()
                ],
            )

    async def _first_free(self, area: str, earliest: date) -> Slot:
        for _ in range(MAX_MEETINGS_AHEAD):
            slots = await self._slots(area, earliest)
            # Slots are in date order and only fill up: skip those known to be full.
            start = max(
                bisect_left(slots, earliest, key=lambda s: s.held_on), self._full_until(area, slots)
            )
            for slot in slots[start:]:
                if not slot.full:
                    return slot
            await self._extend(area)
        raise RuntimeError(f"no meeting with room within {MAX_MEETINGS_AHEAD} meetings")

    def _full_until(self, area: str, slots: list[Slot]) -> int:
        """Index of the first slot of the area with room (every earlier one is full)."""
        index = self.full_until.get(area, 0)
        while index < len(slots) and slots[index].full:
            index += 1
        self.full_until[area] = index
        return index

    async def _slots(self, area: str, earliest: date) -> list[Slot]:
        slots = self.slots.get(area)
        if not slots or earliest < self.loaded_from[area] or earliest > slots[-1].held_on:
            await self._load(area, earliest)
        return self.slots[area]

    async def _load(self, area: str, earliest: date) -> None:
        config = self.configs[area]
        anchor, cadence = schedule_of(config, "marac")
        first = next(cadence_dates(anchor, cadence, earliest))
        latest = await self.session.scalar(
            select(func.max(meeting_table.c.held_on)).where(
                meeting_table.c.kind == "marac",
                meeting_table.c.marac_area == area,
                meeting_table.c.status == "scheduled",
            )
        )
        end = max(first, latest or first)
        dates = []
        for day in cadence_dates(anchor, cadence, earliest):
            if day > end:
                break
            dates.append(day)
        await ensure_meetings(self.session, area=area, kind="marac", config=config, dates=dates)
        upcoming = (
            meeting_table.c.kind == "marac",
            meeting_table.c.marac_area == area,
            meeting_table.c.status == "scheduled",
            meeting_table.c.held_on >= earliest,
        )
        if self.session.get_bind().dialect.name == "postgresql":
            # Two transactions listing in one area wait for each other, so neither
            # counts room the other is taking (SQLite serialises writers anyway).
            await self.session.execute(
                select(meeting_table.c.id).where(*upcoming).with_for_update()
            )
        listed = func.count(case_table.c.id)
        rows = await self.session.execute(
            select(meeting_table.c.id, meeting_table.c.held_on, meeting_table.c.capacity, listed)
            .select_from(
                meeting_table.outerjoin(
                    case_table,
                    and_(
                        case_table.c.meeting_id == meeting_table.c.id,
                        case_table.c.status == "listed",
                    ),
                )
            )
            .where(*upcoming)
            .group_by(meeting_table.c.id, meeting_table.c.held_on, meeting_table.c.capacity)
            .order_by(meeting_table.c.held_on)
        )
        previous = {s.meeting_id: s for s in self.slots.get(area, [])}
        slots = []
        for row in rows:
            slot = previous.get(row.id) or Slot(
                row.id, area, row.held_on, row.capacity, int(row[3])
            )
            slots.append(slot)
        self.slots[area] = slots
        self.loaded_from[area] = earliest
        self.full_until[area] = 0

    async def _extend(self, area: str, ahead: int = 8) -> None:
        """Schedule the next few cadence meetings after the last one known."""
        config = self.configs[area]
        anchor, cadence = schedule_of(config, "marac")
        slots = self.slots[area]
        last = max([s.held_on for s in slots[-1:]] + [self.extended_to.get(area, date.min)])
        after = last + timedelta(days=1) if last != date.min else self.loaded_from[area]
        dates = cadence_dates(anchor, cadence, after)
        rows = [
            meeting_row(area=area, held_on=next(dates), kind="marac", capacity=config.case_cap)
            for _ in range(ahead)
        ]
        created = await self.session.execute(
            insert_ignoring(self.session, meeting_table).returning(
                meeting_table.c.id, meeting_table.c.held_on
            ),
            rows,
        )
        # A date taken by a held or cancelled meeting is skipped.
        for meeting_id, held_on in sorted(created.tuples().all(), key=lambda r: r[1]):
            slots.append(Slot(meeting_id, area, held_on, config.case_cap, 0))
        self.extended_to[area] = rows[-1]["held_on"]
