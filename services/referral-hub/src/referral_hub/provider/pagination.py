"""Opaque cursors of the provider lists: a position (a time and an id) after which the
next page starts."""

import uuid
from datetime import UTC, datetime

from referral_hub.provider.clock import as_utc
from referral_hub.referral.service import decode_cursor, encode_cursor


def position_cursor(at: datetime, row_id: uuid.UUID) -> str:
    return encode_cursor([as_utc(at).isoformat(), str(row_id)])


def read_position(cursor: str) -> tuple[datetime, uuid.UUID]:
    """The (time, id) of a cursor; ValueError if this API did not issue it."""
    raw_at, raw_id = decode_cursor(cursor)
    try:
        # astimezone refuses times that leave the calendar in UTC (year 1 at +14:00...)
        return as_utc(datetime.fromisoformat(str(raw_at))).astimezone(UTC), uuid.UUID(str(raw_id))
    except (TypeError, ValueError, OverflowError) as exc:
        raise ValueError("the cursor is not one this API issued") from exc
