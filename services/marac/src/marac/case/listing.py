"""Listing cases at meetings: the earliest meeting of the area with room, urgent cases
first (an urgent case may push the latest referred ordinary case to the next meeting).

A planner reads the areas' meetings from the earliest date it is asked about in one
query (`prepare`), decides in memory, and writes the meetings it scheduled and the
moves of stored cases once (`statements`, `flush`): a batch of thousands of cases
costs a few statements, whatever the number of areas, cases or meetings. What it
decides is what the same cases placed one at a time, each in its own transaction,
would get.
"""

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import and_, bindparam, func, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.db import RowsInsert, execute_together
from marac.case.models import case_table
from marac.meeting.models import meeting_table
from marac.meeting.service import MAX_MEETINGS_AHEAD, cadence_dates, meeting_row, schedule_of
from marac.policy import AreaConfig

Order = tuple[date, datetime, tuple[int, str]]
"""Which ordinary case of a meeting is the latest referred: (referred_on, created_at, tie)."""

LATEST: Order = (date.max, datetime.max.replace(tzinfo=UTC), (0, ""))
"""A case placed without its order (a transfer, a relisting) counts as the latest."""


_LOCK_AREAS = text(
    "SELECT pg_advisory_xact_lock(hashtext(key)) FROM unnest(CAST(:keys AS text[])) AS key"
)


@dataclass
class Slot:
    meeting_id: str
    area: str
    held_on: date
    capacity: int
    count: int
    # cases placed here by this planner: (case_id, urgent, order), in placement order
    placed: list[tuple[str, bool, Order]] = field(default_factory=list)
    # stored ordinary cases listed here: (order, case_id) (loaded when first needed)
    stored_ordinary: list[tuple[Order, str]] | None = None

    @property
    def full(self) -> bool:
        return self.count >= self.capacity


@dataclass
class Move:
    """An already stored case moved to a later meeting to make room for an urgent one."""

    case_id: str
    slot: Slot


@dataclass
class _Area:
    """An area's MARAC meetings on or after `since`, as the planner knows them."""

    since: date
    scheduled: dict[date, Slot] = field(default_factory=dict)
    taken: set[date] = field(default_factory=set)  # held or cancelled: never scheduled again


class CaseListPlanner:
    """Places cases at meetings: earliest with room; urgent cases may push an ordinary one.

    Meetings it needs that do not exist yet are scheduled in memory and written by
    `statements()` (with the caller's own rows) or `flush()`, with the moves of stored
    cases. On PostgreSQL, `prepare` takes a transaction lock per area, so two planners
    of the same area (a consumer and a direct referral) take turns and neither counts
    room the other is taking, nor schedules the same meeting.
    """

    def __init__(self, session: AsyncSession, *, configs: dict[str, AreaConfig]) -> None:
        self.session = session
        self.configs = configs
        self.known: dict[str, _Area] = {}
        self.slots: dict[str, list[Slot]] = {}
        self.loaded_from: dict[str, date] = {}
        self.placement: dict[str, Slot] = {}
        self.moved: dict[str, Slot] = {}
        self.extended_to: dict[str, date] = {}
        self.full_until: dict[str, int] = {}
        self.new_meetings: list[dict] = []
        self._placed = 0

    @property
    def moves(self) -> list[Move]:
        return [Move(case_id, slot) for case_id, slot in self.moved.items()]

    async def prepare(self, earliest: dict[str, date]) -> None:
        """Read the meetings of each area on or after its date (the earliest a case of
        it may be listed): one query for them all."""
        wanted = {
            area: day
            for area, day in earliest.items()
            if area not in self.known or day < self.known[area].since
        }
        if not wanted:
            return
        postgres = self.session.get_bind().dialect.name == "postgresql"
        if postgres:
            await self.session.execute(
                _LOCK_AREAS, {"keys": [f"marac-listing:{area}" for area in sorted(wanted)]}
            )
        listed = (
            select(func.count(case_table.c.id))
            .where(case_table.c.meeting_id == meeting_table.c.id, case_table.c.status == "listed")
            .scalar_subquery()
        )
        ranges = []
        for area, day in wanted.items():
            known = self.known.get(area)
            upper = () if known is None else (meeting_table.c.held_on < known.since,)
            ranges.append(
                and_(meeting_table.c.marac_area == area, meeting_table.c.held_on >= day, *upper)
            )
        statement = select(
            meeting_table.c.id,
            meeting_table.c.marac_area,
            meeting_table.c.held_on,
            meeting_table.c.status,
            meeting_table.c.capacity,
            listed,
        ).where(meeting_table.c.kind == "marac", or_(*ranges))
        if postgres:
            # A meeting being cancelled or recorded waits for the cases listed at it.
            statement = statement.with_for_update(of=meeting_table)
        for area, day in wanted.items():
            known = self.known.setdefault(area, _Area(since=day))
            known.since = min(known.since, day)
        for row in await self.session.execute(statement):
            known = self.known[row.marac_area]
            if row.status == "scheduled":
                known.scheduled[row.held_on] = Slot(
                    row.id, row.marac_area, row.held_on, row.capacity, int(row[5])
                )
            else:
                known.taken.add(row.held_on)

    async def place(
        self,
        *,
        case_id: str,
        area: str,
        earliest: date,
        urgent: bool,
        referred: tuple[date, datetime] | None = None,
    ) -> Slot:
        """The slot of a case. `referred` (its referral date and creation moment) ranks
        an ordinary case among those an urgent case may push on (the latest referred
        is); without it, the case counts as the latest."""
        known = self.known.get(area)
        if known is None or earliest < known.since:
            await self.prepare({area: earliest})
        self._placed += 1
        order = LATEST if referred is None else (*referred, (1, f"{self._placed:012d}"))
        slots = self._slots(area, earliest)
        first = next((s for s in slots if s.held_on >= earliest), None)
        if first is None:
            first = self._first_free(area, earliest)
        if urgent and first.full:
            await self._make_room(first)
        slot = first if not first.full else self._first_free(area, earliest)
        self._put(slot, case_id, urgent, order)
        return slot

    def _put(
        self, slot: Slot, case_id: str, urgent: bool, order: Order, *, stored: bool = False
    ) -> None:
        slot.count += 1
        slot.placed.append((case_id, urgent, order))
        if stored or case_id in self.moved:
            self.moved[case_id] = slot
        else:
            self.placement[case_id] = slot

    async def _make_room(self, slot: Slot) -> None:
        """Move the latest referred ordinary case of a full meeting to the next one with room."""
        if slot.stored_ordinary is None:
            slot.stored_ordinary = [
                ((row.referred_on, row.created_at, (0, row.id)), row.id)
                for row in await self.session.execute(
                    select(
                        case_table.c.id, case_table.c.referred_on, case_table.c.created_at
                    ).where(
                        case_table.c.meeting_id == slot.meeting_id,
                        case_table.c.status == "listed",
                        case_table.c.urgent.is_(False),
                    )
                )
            ]
        ordinary = [(order, i) for i, (_, urgent, order) in enumerate(slot.placed) if not urgent]
        latest_placed = max(ordinary, default=None, key=lambda item: item[0])
        latest_stored = max(slot.stored_ordinary, default=None, key=lambda item: item[0])
        if latest_placed is None and latest_stored is None:
            return  # every case here is urgent: the urgent case goes to the next meeting
        slot.count -= 1
        later = self._first_free(slot.area, slot.held_on + timedelta(days=1))
        if latest_stored is None or (
            latest_placed is not None and latest_placed[0] >= latest_stored[0]
        ):
            case_id, _, order = slot.placed.pop(latest_placed[1])  # type: ignore[index]
            self._put(later, case_id, False, order)
        else:
            slot.stored_ordinary.remove(latest_stored)
            self._put(later, latest_stored[1], False, latest_stored[0], stored=True)

    def statements(self) -> list[RowsInsert]:
        """The meetings scheduled so far, to write with the caller's rows (once)."""
        rows, self.new_meetings = self.new_meetings, []
        return [RowsInsert(meeting_table, rows)] if rows else []

    async def flush(self) -> None:
        """Write the meetings scheduled (unless `statements()` took them) and the moves
        of stored cases."""
        await execute_together(self.session, self.statements())
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

    def _first_free(self, area: str, earliest: date) -> Slot:
        for _ in range(MAX_MEETINGS_AHEAD):
            slots = self._slots(area, earliest)
            # Slots are in date order and only fill up: skip those known to be full.
            start = max(
                bisect_left(slots, earliest, key=lambda s: s.held_on), self._full_until(area, slots)
            )
            for slot in slots[start:]:
                if not slot.full:
                    return slot
            self._extend(area)
        raise RuntimeError(f"no meeting with room within {MAX_MEETINGS_AHEAD} meetings")

    def _full_until(self, area: str, slots: list[Slot]) -> int:
        """Index of the first slot of the area with room (every earlier one is full)."""
        index = self.full_until.get(area, 0)
        while index < len(slots) and slots[index].full:
            index += 1
        self.full_until[area] = index
        return index

    def _slots(self, area: str, earliest: date) -> list[Slot]:
        slots = self.slots.get(area)
        if not slots or earliest < self.loaded_from[area] or earliest > slots[-1].held_on:
            self._load(area, earliest)
        return self.slots[area]

    def _schedule(self, area: str, days: Iterable[date]) -> list[Slot]:
        """Meetings on these days, where the area has none (of any status) yet."""
        config = self.configs[area]
        known = self.known[area]
        created = []
        for day in days:
            if day in known.scheduled or day in known.taken:
                continue
            row = meeting_row(area=area, held_on=day, kind="marac", capacity=config.case_cap)
            self.new_meetings.append(row)
            known.scheduled[day] = slot = Slot(row["id"], area, day, config.case_cap, 0)
            created.append(slot)
        return created

    def _load(self, area: str, earliest: date) -> None:
        """The area's scheduled meetings from `earliest` on, after scheduling the cadence's
        meetings from there up to the last one scheduled."""
        config = self.configs[area]
        known = self.known[area]
        anchor, cadence = schedule_of(config, "marac")
        first = next(cadence_dates(anchor, cadence, earliest))
        latest = max(known.scheduled, default=None)
        end = max(first, latest or first)
        dates = []
        for day in cadence_dates(anchor, cadence, earliest):
            if day > end:
                break
            dates.append(day)
        self._schedule(area, dates)
        self.slots[area] = sorted(
            (s for day, s in known.scheduled.items() if day >= earliest), key=lambda s: s.held_on
        )
        self.loaded_from[area] = earliest
        self.full_until[area] = 0

    def _extend(self, area: str, ahead: int = 8) -> None:
        """Schedule the next few cadence meetings after the last one known."""
        config = self.configs[area]
        anchor, cadence = schedule_of(config, "marac")
        slots = self.slots[area]
        last = max([s.held_on for s in slots[-1:]] + [self.extended_to.get(area, date.min)])
        after = last + timedelta(days=1) if last != date.min else self.loaded_from[area]
        dates = cadence_dates(anchor, cadence, after)
        days = [next(dates) for _ in range(ahead)]
        # A date taken by a held or cancelled meeting is skipped.
        slots.extend(self._schedule(area, days))
        self.extended_to[area] = days[-1]
