"""Keyset (cursor) pagination over a sort column and the id, for every list endpoint."""

import base64
import json
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


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and "d" in value:
        text = value["d"]
        return datetime.fromisoformat(text) if value.get("t") == "dt" else date.fromisoformat(text)
    return value


def make_cursor(sort: str, value: Any, row_id: str) -> str:
    raw = json.dumps({"s": sort, "v": _encode(value), "id": row_id}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def read_cursor(cursor: str, sort: str, expected: type) -> tuple[Any, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if data["s"] != sort:
            raise ValueError("sort changed")
        value, row_id = _decode(data["v"]), data["id"]
        if not isinstance(value, expected) or not isinstance(row_id, str):
            raise ValueError("not a cursor of this list")
        return value, row_id
    except Exception as exc:
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


def _python_type(column: Column) -> type:
    python_type = column.type.python_type
    return (int, float) if python_type is float else python_type  # type: ignore[return-value]
