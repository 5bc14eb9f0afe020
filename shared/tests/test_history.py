import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

from csp_common.history import chronology


@dataclass(frozen=True)
class Entry:
    occurred_on: date
    occurred_at: datetime | None
    kind: str
    record_id: uuid.UUID


def test_entries_before_the_date_in_the_contracts_order() -> None:
    first, second = uuid.UUID(int=1), uuid.UUID(int=2)
    timed = Entry(date(2024, 3, 1), datetime(2024, 3, 1, 9, tzinfo=UTC), "a_referral", first)
    dated = Entry(date(2024, 3, 1), None, "z_case", second)
    by_kind = Entry(date(2024, 2, 1), None, "b", second)
    by_id = Entry(date(2024, 2, 1), None, "b", first)
    later = Entry(date(2024, 4, 1), None, "a", first)

    in_order = chronology([later, timed, dated, by_kind, by_id], before=date(2024, 4, 1))

    assert in_order == [by_id, by_kind, dated, timed]
    assert chronology([later, by_id], before=None) == [by_id, later]
