import asyncio
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from csp_common import clock
from csp_common.audit import access_statement
from csp_common.auth import Caller
from csp_common.outbox import outbox_row
from csp_devtools.kits.probe.probe import ItemCreated

LONDON = ZoneInfo("Europe/London")


def test_now_is_aware_utc_and_moves() -> None:
    first = clock.now()
    assert first.tzinfo is UTC
    assert clock.now() >= first


def test_a_frozen_clock_stands_still_until_moved_and_is_restored() -> None:
    before = clock.now()
    with clock.frozen(datetime(2024, 3, 31, 0, 30, tzinfo=UTC)) as frozen:
        assert clock.now() == datetime(2024, 3, 31, 0, 30, tzinfo=UTC)
        assert clock.now() == clock.now()
        assert frozen.advance(hours=23) == datetime(2024, 3, 31, 23, 30, tzinfo=UTC)
        assert clock.today() == date(2024, 3, 31)
        # the clocks went forward that night: 23:30 UTC is 00:30 on 1 April in London
        assert clock.today(LONDON) == date(2024, 4, 1)
        frozen.set(datetime(2025, 1, 1, 12, tzinfo=timezone(timedelta(hours=5))))
        assert clock.now() == datetime(2025, 1, 1, 7, tzinfo=UTC)
        assert clock.now().tzinfo is UTC
    assert clock.now() >= before


def test_frozen_clocks_nest() -> None:
    with clock.frozen(datetime(2024, 1, 1, tzinfo=UTC)):
        with clock.frozen(datetime(2030, 1, 1, tzinfo=UTC)):
            assert clock.today() == date(2030, 1, 1)
        assert clock.today() == date(2024, 1, 1)


async def test_a_task_started_before_the_clock_was_frozen_reads_the_frozen_time() -> None:
    """Process-wide, not per context: a worker started at lifespan sees the test's time."""
    started = asyncio.Event()
    go = asyncio.Event()

    async def worker() -> datetime:
        started.set()
        await go.wait()
        return clock.now()

    task = asyncio.create_task(worker())
    await started.wait()
    with clock.frozen(datetime(2024, 6, 1, tzinfo=UTC)):
        go.set()
        assert await task == datetime(2024, 6, 1, tzinfo=UTC)


def test_freezing_at_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"), clock.frozen(datetime(2024, 1, 1)):
        pass


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2024, 3, 1, 9, 30), datetime(2024, 3, 1, 9, 30, tzinfo=UTC)),
        (
            datetime(2024, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=1))),
            datetime(2024, 3, 1, 8, 30, tzinfo=UTC),
        ),
        (datetime(2024, 7, 1, 9, 30, tzinfo=LONDON), datetime(2024, 7, 1, 8, 30, tzinfo=UTC)),
    ],
)
def test_as_utc_reads_naive_moments_as_utc_and_converts_the_others(
    moment: datetime, expected: datetime
) -> None:
    assert clock.as_utc(moment) == expected
    assert clock.as_utc(moment).utcoffset() == timedelta(0)
    assert clock.as_utc_or_none(moment) == expected
    assert clock.as_utc_or_none(None) is None


def test_at_noon_keeps_the_day_in_every_european_zone() -> None:
    noon = clock.at_noon(date(2024, 10, 27))
    assert noon == datetime(2024, 10, 27, 12, tzinfo=UTC)
    for zone in ("Europe/London", "Europe/Lisbon", "Europe/Helsinki", "Atlantic/Azores"):
        assert noon.astimezone(ZoneInfo(zone)).date() == date(2024, 10, 27)


def test_audit_and_outbox_rows_are_stamped_by_the_clock() -> None:
    caller = Caller(subject="s", agency="idas", scopes=frozenset())
    at = datetime(2024, 2, 29, 23, 59, tzinfo=UTC)
    with clock.frozen(at):
        audit = access_statement(
            caller=caller, action="read", record_type="item", record_ids=["a", "b"], purpose="p"
        )
        event = outbox_row(ItemCreated(item_id=uuid.uuid4(), area="york"), key="k")
    assert [row["at"] for row in audit.rows] == [at, at]
    assert event["time"] == at
