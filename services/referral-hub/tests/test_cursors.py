"""Page cursors: what is issued reads back; anything else is a ValueError (answered 400)."""

import base64
import json
import uuid
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from csp_common.fields import StrictDate
from referral_hub.cursors import NOT_ISSUED, Moment, Score, decode_cursor, encode_cursor

ROW = uuid.UUID("7f0c3c1e-8f9a-4a55-9a49-1d1f5f3f7b10")


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        (datetime(2024, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=1))), Moment, None),
        (datetime(2024, 3, 1, 9, 30), Moment, datetime(2024, 3, 1, 9, 30, tzinfo=UTC)),
        (date(2024, 2, 29), StrictDate, None),
        (17, Score, None),
    ],
)
def test_issued_cursors_read_back(value: object, kind: object, expected: object) -> None:
    position, row = decode_cursor(encode_cursor(value, ROW), kind)  # type: ignore[arg-type]
    assert (position, row) == (expected or value, ROW)


def forged(raw: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(raw).encode()).decode()


@pytest.mark.parametrize(
    ("cursor", "kind"),
    [
        (forged([10**30, str(ROW)]), Score),
        (forged([2**31, str(ROW)]), Score),
        (forged([True, str(ROW)]), Score),
        (forged([1.5, str(ROW)]), Score),
        (forged(["9999-12-31T23:59:59-14:00", str(ROW)]), Moment),
        (forged(["0001-01-01T00:00:00+14:00", str(ROW)]), Moment),
        (forged([0, str(ROW)]), Moment),
        (forged(["0001-01-01", str(ROW)]), StrictDate),
        (forged(["2024-01-01", 10**40]), StrictDate),
        (forged(["2024-01-01", str(ROW), "extra"]), StrictDate),
        (forged({"value": 1}), Score),
        (base64.urlsafe_b64encode(b"[" * 100_000).decode()[:500], Score),
        ("A" * 501, Score),
        ("not base64!", Score),
        (base64.urlsafe_b64encode(b"\xff\xfe").decode(), Score),
    ],
)
def test_cursors_this_api_did_not_issue_are_value_errors(cursor: str, kind: object) -> None:
    with pytest.raises(ValueError, match=NOT_ISSUED):
        decode_cursor(cursor, kind)
