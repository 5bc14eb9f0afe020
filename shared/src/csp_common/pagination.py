"""Keyset (cursor) pagination for every list: one cursor format, one `invalid-cursor`
problem, one `Page[T]` answer.

A list declares its sort keys once, as NOT NULL columns, with the id column that
breaks ties:

    CASES = Keyset(sorts={"referred_on": case.c.referred_on}, id_column=case.c.id)
    CasePages = Annotated[PageRequest, Depends(signed_sort_params(CASES, default="-referred_on"))]

    async def list_cases(session: DbSession, pages: CasePages) -> Page[CaseOut]:
        rows = (await session.execute(CASES.select(statement, pages))).all()
        return CASES.page(rows, pages, case_out)

A cursor is the sort (with its direction), the sort value and the id of a page's last
item, as compact JSON in unpadded base64url. It comes back from the caller, so it is
input like any other: read strictly, with the types and bounds of the sort column
(a number the column cannot hold, a date outside 1900..2199, a boolean for a number,
another list's or another sort's cursor, bad base64, JSON or UTF-8), and anything this
list did not give out is a 400 `invalid-cursor` problem, never a 500.
"""

import base64
import binascii
import inspect
import json
import math
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Generic, Literal, TypeVar

from fastapi import Query
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    Strict,
    StringConstraints,
    TypeAdapter,
    ValidationError,
)
from sqlalchemy import Column, ColumnElement, Select, and_, or_, types
from sqlalchemy.types import TypeDecorator, TypeEngine

from csp_common import clock
from csp_common.errors import Problem
from csp_common.fields import StrictDate, StrictDatetime, check_text

T = TypeVar("T")

MAX_CURSOR_LENGTH = 500
"""Characters; a cursor this module gives out is far shorter."""
MAX_LIMIT = 1000
"""No list gives out more items at once, whatever its own bound."""
MAX_TEXT = 200
"""Characters of a text sort value or id (when its column is not shorter)."""

_INT_BOUNDS = {
    types.SmallInteger: (-(2**15), 2**15 - 1),
    types.BigInteger: (-(2**63), 2**63 - 1),
    types.Integer: (-(2**31), 2**31 - 1),
}


class InvalidCursor(Problem):
    """A cursor this list did not give out (400, problem type `invalid-cursor`)."""

    def __init__(self) -> None:
        super().__init__(
            400,
            "Invalid cursor",
            "The cursor is not one this list gave out with the same sort; start again "
            "without a cursor.",
            type="invalid-cursor",
        )


class Page(BaseModel, Generic[T]):
    """One page of a list. Subclass it (`class CasePage(Page[CaseOut])`) to give the
    page its own name in the OpenAPI document."""

    items: list[T]
    next_cursor: str | None = Field(
        default=None, description="Pass as `cursor` for the next page; null on the last page"
    )


@dataclass(frozen=True)
class PageRequest:
    """Which page a caller asks for: a sort key, its direction, how many, after what."""

    sort: str
    descending: bool = False
    limit: int = 50
    cursor: str | None = None

    @classmethod
    def signed(cls, sort: str, *, limit: int = 50, cursor: str | None = None) -> "PageRequest":
        """From a `sort` such as `-referred_on` (a leading minus: descending)."""
        return cls(sort.removeprefix("-"), sort.startswith("-"), limit, cursor)

    @property
    def signed_sort(self) -> str:
        return f"-{self.sort}" if self.descending else self.sort


@dataclass(frozen=True)
class _Kind:
    """How one column's values travel in a cursor."""

    adapter: TypeAdapter[Any]
    encode: Callable[[Any], Any]


def _finite_number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("not a number")
    number = float(value)  # OverflowError for an int beyond any float: refused by the caller
    if not math.isfinite(number):
        raise ValueError("not a finite number")
    return number


def _canonical_uuid(value: Any) -> uuid.UUID:
    if not isinstance(value, str) or len(value) != 36:
        raise ValueError("not an id")
    parsed = uuid.UUID(value)
    if str(parsed) != value:
        raise ValueError("not an id in its canonical form")
    return parsed


def _iso(value: date) -> str:
    return value.isoformat()


def _utc_iso(value: datetime) -> str:
    return clock.as_utc(value).isoformat()


def _plain(value: Any) -> Any:
    return value


def _text_kind(length: int | None) -> _Kind:
    limit = min(length or MAX_TEXT, MAX_TEXT)
    text = Annotated[str, Strict(), StringConstraints(max_length=limit), AfterValidator(check_text)]
    return _Kind(TypeAdapter(text), _plain)


def _base_type(column: Column[Any] | ColumnElement[Any]) -> TypeEngine[Any]:
    kind: TypeEngine[Any] = column.type
    while isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    return kind


def _kind_of(column: Column[Any] | ColumnElement[Any], *, as_id: bool = False) -> _Kind:
    kind = _base_type(column)
    if isinstance(kind, types.DateTime):
        moment = Annotated[StrictDatetime, AfterValidator(clock.as_utc)]
        return _Kind(TypeAdapter(moment), _utc_iso)
    if isinstance(kind, types.Date):
        return _Kind(TypeAdapter(StrictDate), _iso)
    if isinstance(kind, types.Integer):
        low, high = next(b for t, b in _INT_BOUNDS.items() if isinstance(kind, t))
        return _Kind(TypeAdapter(Annotated[int, Strict(), Field(ge=low, le=high)]), _plain)
    if isinstance(kind, types.Float | types.Numeric) and not as_id:
        return _Kind(TypeAdapter(Annotated[float, BeforeValidator(_finite_number)]), _plain)
    if isinstance(kind, types.Uuid):
        return _Kind(TypeAdapter(Annotated[uuid.UUID, BeforeValidator(_canonical_uuid)]), str)
    if isinstance(kind, types.String):
        return _text_kind(kind.length)
    raise TypeError(f"cannot page by {column!r} of type {kind!r}")


def _refuse_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a sort value")


class Keyset:
    """The sort keys of one list and the id that breaks ties between equal values."""

    def __init__(self, *, sorts: Mapping[str, Column[Any]], id_column: Column[Any]) -> None:
        if not sorts:
            raise ValueError("a keyset needs at least one sort key")
        for name, column in {**sorts, "id": id_column}.items():
            if column.nullable:
                # NULLs never compare, so rows with one would vanish from every later page.
                raise ValueError(f"sort key {name!r}: page only by NOT NULL columns")
        self.sorts = dict(sorts)
        self.id_column = id_column
        self._kinds = {name: _kind_of(column) for name, column in self.sorts.items()}
        self._id_kind = _kind_of(id_column, as_id=True)

    def sort_pattern(self) -> str:
        """The pattern of a signed `sort` parameter (`field` or `-field`)."""
        return "^-?(" + "|".join(self.sorts) + ")$"

    def check(self, request: PageRequest) -> None:
        if request.sort not in self.sorts:
            raise ValueError(f"unknown sort key {request.sort!r}")
        if not 1 <= request.limit <= MAX_LIMIT:
            raise ValueError(f"limit must be from 1 to {MAX_LIMIT}")

    def select(self, statement: Select[Any], request: PageRequest) -> Select[Any]:
        """`statement` ordered by the sort key then the id, past the cursor, with one row
        more than the page (so `page()` knows whether another follows)."""
        self.check(request)
        column, id_column = self.sorts[request.sort], self.id_column
        if request.cursor:
            value, last_id = self.read_cursor(request.cursor, request)
            if request.descending:
                after = or_(column < value, and_(column == value, id_column < last_id))
            else:
                after = or_(column > value, and_(column == value, id_column > last_id))
            statement = statement.where(after)
        order = (column.desc(), id_column.desc()) if request.descending else (column, id_column)
        return statement.order_by(*order).limit(request.limit + 1)

    def page(
        self,
        rows: Sequence[Any],
        request: PageRequest,
        item: Callable[[Any], T],
        *,
        value: Callable[[Any], Any] | None = None,
    ) -> Page[T]:
        """The page of `rows` fetched with `select()`: at most `limit` items, and the
        cursor of the next page if there is one. A row's sort value is its attribute named
        after the sort column, unless `value` reads it."""
        kept = rows[: request.limit]
        next_cursor = None
        if len(rows) > request.limit and kept:
            last = kept[-1]
            column = self.sorts[request.sort]
            position = value(last) if value is not None else getattr(last, column.key)
            next_cursor = self.make_cursor(request, position, getattr(last, self.id_column.key))
        return Page(items=[item(row) for row in kept], next_cursor=next_cursor)

    def make_cursor(self, request: PageRequest, value: Any, row_id: Any) -> str:
        encoded = [
            request.signed_sort,
            self._kinds[request.sort].encode(value),
            self._id_kind.encode(row_id),
        ]
        raw = json.dumps(encoded, separators=(",", ":"), ensure_ascii=True).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def read_cursor(self, cursor: str, request: PageRequest) -> tuple[Any, Any]:
        """(sort value, id) of a cursor this list gave out for this sort; InvalidCursor
        for anything else."""
        try:
            if len(cursor) > MAX_CURSOR_LENGTH:
                raise ValueError("too long")
            padded = cursor.encode("ascii") + b"=" * (-len(cursor) % 4)
            raw = base64.b64decode(padded, altchars=b"-_", validate=True)
            data = json.loads(raw, parse_constant=_refuse_constants)
            if not isinstance(data, list) or len(data) != 3 or data[0] != request.signed_sort:
                raise ValueError("not a cursor of this list and sort")
            value = self._kinds[request.sort].adapter.validate_python(data[1])
            row_id = self._id_kind.adapter.validate_python(data[2])
        except (
            ValueError,  # also UnicodeError, json.JSONDecodeError
            TypeError,
            OverflowError,
            RecursionError,
            binascii.Error,
            ValidationError,
        ) as exc:
            raise InvalidCursor() from exc
        return value, row_id


# --- query parameters ------------------------------------------------------------------

CURSOR_DESCRIPTION = "`next_cursor` of the previous page"
PageParams = Callable[..., Awaitable[PageRequest]]
"""A dependency that reads a page request from the query (use it with `Depends`)."""


def _parameter(name: str, annotation: Any, default: Any) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default
    )


def _bounds(limit: int, max_limit: int) -> None:
    if not 1 <= limit <= max_limit <= MAX_LIMIT:
        raise ValueError(f"need 1 <= limit ({limit}) <= max_limit ({max_limit}) <= {MAX_LIMIT}")


def _limit_and_cursor(limit: int, max_limit: int) -> list[inspect.Parameter]:
    return [
        _parameter("limit", Annotated[int, Query(ge=1, le=max_limit)], limit),
        _parameter(
            "cursor",
            Annotated[
                str | None, Query(max_length=MAX_CURSOR_LENGTH, description=CURSOR_DESCRIPTION)
            ],
            None,
        ),
    ]


def _dependency(
    build: Callable[..., PageRequest], parameters: list[inspect.Parameter]
) -> PageParams:
    async def page_request(**values: Any) -> PageRequest:
        return build(**values)

    page_request.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        parameters, return_annotation=PageRequest
    )
    return page_request


def signed_sort_params(
    keyset: Keyset, *, default: str, limit: int = 50, max_limit: int = 200
) -> PageParams:
    """A dependency reading `?sort=field|-field&limit=&cursor=` into a PageRequest."""
    _bounds(limit, max_limit)
    keyset.check(PageRequest.signed(default))
    sort = Annotated[str, Query(max_length=40, pattern=keyset.sort_pattern())]
    return _dependency(
        lambda sort, limit, cursor: PageRequest.signed(sort, limit=limit, cursor=cursor),
        [_parameter("sort", sort, default), *_limit_and_cursor(limit, max_limit)],
    )


def sort_and_order_params(
    keyset: Keyset,
    *,
    default: str,
    order: Literal["asc", "desc"] = "desc",
    limit: int = 50,
    max_limit: int = 200,
) -> PageParams:
    """A dependency reading `?sort=field&order=asc|desc&limit=&cursor=` into a PageRequest."""
    _bounds(limit, max_limit)
    keyset.check(PageRequest(default))
    keys = Literal.__getitem__(tuple(keyset.sorts))
    return _dependency(
        lambda sort, order, limit, cursor: PageRequest(sort, order == "desc", limit, cursor),
        [
            _parameter("sort", Annotated[keys, Query()], default),
            _parameter("order", Annotated[Literal["asc", "desc"], Query()], order),
            *_limit_and_cursor(limit, max_limit),
        ],
    )


def fixed_sort_params(
    keyset: Keyset, *, sort: str, descending: bool = False, limit: int = 50, max_limit: int = 200
) -> PageParams:
    """A dependency reading `?limit=&cursor=` of a list in one fixed order."""
    _bounds(limit, max_limit)
    keyset.check(PageRequest(sort))
    return _dependency(
        lambda limit, cursor: PageRequest(sort, descending, limit, cursor),
        _limit_and_cursor(limit, max_limit),
    )
