"""Keyset (cursor) pagination over a sort column and the id, for every list endpoint."""

import base64
import json
import math
import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field
from sqlalchemy import Column, Select, and_, or_

from csp_common.errors import Problem

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(
        default=None, description="Pass as `cursor` for the next page; null on the last page"
    )


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return {"d": value.isoformat(), "t": "dt" if isinstance(value, datetime) else "d"}
    return value


CURSOR_EARLIEST = date(1900, 1, 1)
CURSOR_LATEST = date(2199, 12, 31)
CURSOR_NUMBER = 10**12
"""A sort value in a cursor is one a list can have given out: a date or time within
these years, a finite number within this bound. Anything else is a forged cursor
(an out-of-range value would fail in the database driver, not here)."""


class _NotOurs(ValueError):
    pass


def _decode(value: Any, expected: type | tuple[type, ...]) -> Any:
    if isinstance(value, dict):
        if set(value) != {"d", "t"} or not isinstance(value["d"], str) or len(value["d"]) > 40:
            raise _NotOurs("not a date")
        if value["t"] == "dt":
            decoded: date = datetime.fromisoformat(value["d"])
        elif value["t"] == "d":
            decoded = date.fromisoformat(value["d"])
        else:
            raise _NotOurs("not a date")
        day = decoded.date() if isinstance(decoded, datetime) else decoded
        if not CURSOR_EARLIEST <= day <= CURSOR_LATEST:
            raise _NotOurs("date out of range")
    elif isinstance(value, bool) or not isinstance(value, int | float):
        raise _NotOurs("not a sort value")
    elif not (math.isfinite(value) and -CURSOR_NUMBER <= value <= CURSOR_NUMBER):
        raise _NotOurs("number out of range")
    else:
        decoded = value
    # A datetime is a date: the column's type decides, strictly.
    wanted = expected if isinstance(expected, tuple) else (expected,)
    if type(decoded) not in wanted:
        raise _NotOurs("not a cursor of this list")
    return decoded


def make_cursor(sort: str, value: Any, row_id: str) -> str:
    raw = json.dumps({"s": sort, "v": _encode(value), "id": row_id}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def read_cursor(cursor: str, sort: str, expected: type | tuple[type, ...]) -> tuple[Any, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(data, dict) or set(data) != {"s", "v", "id"} or data["s"] != sort:
            raise _NotOurs("sort changed")
        row_id = data["id"]
        if not isinstance(row_id, str) or str(uuid.UUID(row_id)) != row_id:
            raise _NotOurs("not an id")
        return _decode(data["v"], expected), row_id
    except (ValueError, TypeError, RecursionError) as exc:
        raise Problem(
            400,
            "Invalid cursor",
            "The cursor is not one this list gave out with the same sort; start again "
            "without a cursor.",
            type="invalid-cursor",
        ) from exc


def paginate(
    statement: Select,
    *,
    sort: str,
    columns: dict[str, Column],
    id_column: Column,
    limit: int,
    cursor: str | None,
) -> Select:
    """Order by `sort` ("field" or "-field", a key of `columns`) then id; seek past the cursor."""
    descending = sort.startswith("-")
    column = columns[sort.lstrip("-")]
    if cursor:
        value, last_id = read_cursor(cursor, sort, _python_type(column))
        if descending:
            statement = statement.where(
                or_(column < value, and_(column == value, id_column < last_id))
            )
        else:
            statement = statement.where(
                or_(column > value, and_(column == value, id_column > last_id))
            )
    order = (column.desc(), id_column.desc()) if descending else (column.asc(), id_column.asc())
    return statement.order_by(*order).limit(limit + 1)


def page_of(rows: Sequence[Any], *, sort: str, limit: int, key: str, to_item) -> Page:  # type: ignore[no-untyped-def]
    """Turn `limit + 1` fetched rows into a page; `key` is the sort attribute of a row."""
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = None
    if more and rows:
        last = rows[-1]
        next_cursor = make_cursor(sort, getattr(last, key), str(last.id))
    return Page(items=[to_item(row) for row in rows], next_cursor=next_cursor)


def sort_pattern(fields: Sequence[str]) -> str:
    return "^-?(" + "|".join(fields) + ")$"


def _python_type(column: Column) -> type | tuple[type, ...]:
    python_type = column.type.python_type
    return (int, float) if python_type is float else python_type
