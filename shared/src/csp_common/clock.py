"""The one clock of every service: `now()` and `today()` in UTC, and the normalisers of
the moments a database gives back.

Everything stored is UTC; SQLite gives date-times back without their offset, so
`as_utc` reads a naive one as UTC. Tests set the clock with `frozen(...)`:

    with clock.frozen(datetime(2024, 3, 1, 9, tzinfo=UTC)) as frozen:
        ...                    # clock.now() is 09:00 everywhere in the process
        frozen.advance(days=1)

The clock is process-wide (not a context variable): a request served by an in-process
app, a background worker started before the test, and the test itself all read the
same time.
"""

import contextlib
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo

_source: Callable[[], datetime] | None = None


def now() -> datetime:
    """The current moment, timezone-aware, in UTC."""
    return _source() if _source is not None else datetime.now(UTC)


def today(zone: tzinfo = UTC) -> date:
    """Today's date in `zone` (UTC unless a service's civil time zone decides the day)."""
    return now().astimezone(zone).date()


def as_utc(moment: datetime) -> datetime:
    """`moment` in UTC; a naive one (SQLite gives them back) is taken to be UTC already."""
    if moment.tzinfo is UTC:  # events and the database give most moments in UTC already
        return moment
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def as_utc_or_none(moment: datetime | None) -> datetime | None:
    return None if moment is None else as_utc(moment)


def at_noon(day: date) -> datetime:
    """The moment that stands for something known only by its date (noon UTC keeps it on
    that date in every European time zone)."""
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


class FrozenClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None or at.utcoffset() is None:
            raise ValueError("freeze the clock at an aware datetime")
        self.at = at.astimezone(UTC)

    def __call__(self) -> datetime:
        return self.at

    def set(self, at: datetime) -> None:
        self.at = FrozenClock(at).at

    def advance(self, delta: timedelta | None = None, **parts: float) -> datetime:
        """Move forward by `delta` or by `timedelta(**parts)`; returns the new time."""
        self.at += delta if delta is not None else timedelta(**parts)
        return self.at


@contextlib.contextmanager
def frozen(at: datetime) -> Iterator[FrozenClock]:
    """Within the block, `now()` answers `at` (and what the test advances it to)."""
    global _source
    previous = _source
    clock = FrozenClock(at)
    _source = clock
    try:
        yield clock
    finally:
        _source = previous
