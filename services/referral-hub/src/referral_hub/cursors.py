"""Opaque page cursors of every list: the sort value and the id of a page's last item.

A cursor comes back from the caller, so it is input like any other: it is read with
the same strict types as a request (`csp_common.fields`), and one this API did not
issue (a forged number too large for the database, a date outside the calendar, a
deep JSON array) is a `ValueError`, which the views answer with 400.
"""

import base64
import binascii
import json
import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Any, TypeVar

from pydantic import Field, TypeAdapter, ValidationError

from csp_common.fields import StrictDate, StrictInt, naive_in

MAX_CURSOR = 500
"""Characters: the views refuse longer cursors; issued ones are far shorter."""
NOT_ISSUED = "the cursor is not one this API issued"

INT32 = 2**31 - 1
Moment = Annotated[datetime, naive_in(UTC)]
Score = Annotated[StrictInt, Field(ge=-INT32 - 1, le=INT32)]
Value = TypeVar("Value")

_ADAPTERS: dict[Any, TypeAdapter[Any]] = {
    kind: TypeAdapter(tuple[kind, uuid.UUID]) for kind in (Moment, StrictDate, Score)
}


def encode_cursor(value: datetime | date | int, row_id: uuid.UUID) -> str:
    """The cursor of a page that ends at (`value`, `row_id`); a naive date-time (SQLite
    gives them back) is UTC."""
    position: str | int
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        position = aware.astimezone(UTC).isoformat()
    elif isinstance(value, date):
        position = value.isoformat()
    else:
        position = value
    return base64.urlsafe_b64encode(json.dumps([position, str(row_id)]).encode()).decode()


def decode_cursor(cursor: str, kind: Any) -> tuple[Any, uuid.UUID]:
    """(value, id) of a cursor whose value is a `kind` (`Moment`, `StrictDate` or
    `Score`); ValueError if this API did not issue it."""
    if len(cursor) > MAX_CURSOR:
        raise ValueError(NOT_ISSUED)
    try:
        raw = base64.urlsafe_b64decode(cursor.encode("ascii"))
        # Issued cursors are a flat pair: anything nested is refused before json parses it.
        if raw.count(b"[") + raw.count(b"{") > 1:
            raise ValueError(NOT_ISSUED)
        values = json.loads(raw)
        value, row_id = _ADAPTERS[kind].validate_python(values)
    except (ValueError, UnicodeError, binascii.Error, ValidationError) as exc:
        raise ValueError(NOT_ISSUED) from exc
    if isinstance(value, datetime):
        value = value.astimezone(UTC)
    return value, row_id
