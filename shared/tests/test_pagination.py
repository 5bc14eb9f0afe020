"""Keyset pagination: what a list gives out reads back and walks every row once, in
order, on PostgreSQL and SQLite; anything else is a 400 `invalid-cursor` problem."""

import base64
import json
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
from sqlalchemy import Column, Integer, MetaData, PickleType, String, Table, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.pagination import (
    MAX_CURSOR_LENGTH,
    InvalidCursor,
    Keyset,
    PageRequest,
    fixed_sort_params,
    signed_sort_params,
)
from csp_devtools.kits.probe.kit import ENTRIES, FACTS, entry_table, fact_table

ROW = uuid.UUID("7f0c3c1e-8f9a-4a55-9a49-1d1f5f3f7b10")
T0 = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def forged(*parts: Any) -> str:
    return b64(json.dumps(list(parts)).encode())


@pytest.mark.parametrize(
    ("sort", "value", "expected"),
    [
        ("happened_at", T0, T0),
        (
            "happened_at",
            datetime(2024, 3, 1, 10, 30, 0, 5, tzinfo=timezone(timedelta(hours=1))),
            datetime(2024, 3, 1, 9, 30, 0, 5, tzinfo=UTC),
        ),
        ("happened_at", datetime(2024, 3, 1, 9, 30), T0),  # SQLite's naive UTC
        ("day", date(2024, 2, 29), date(2024, 2, 29)),
        ("score", 17, 17),
        ("score", -(2**31), -(2**31)),
        ("big", 2**63 - 1, 2**63 - 1),
        ("weight", 2.5, 2.5),
        ("weight", 3, 3.0),
        ("label", "ælfrida", "ælfrida"),
    ],
)
@pytest.mark.parametrize("descending", [False, True])
def test_a_cursor_given_out_reads_back(
    sort: str, value: Any, expected: Any, descending: bool
) -> None:
    request = PageRequest(sort, descending)
    cursor = ENTRIES.make_cursor(request, value, ROW)
    assert set(cursor) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    position, row_id = ENTRIES.read_cursor(cursor, request)
    assert (position, row_id) == (expected, ROW)
    assert type(position) is type(expected)
    assert ENTRIES.read_cursor(cursor + "=" * (-len(cursor) % 4), request) == (position, row_id)


def test_a_text_id_reads_back_as_text() -> None:
    request = PageRequest("event_time")
    cursor = FACTS.make_cursor(request, T0, "case-17")
    assert FACTS.read_cursor(cursor, request) == (T0, "case-17")


SOME_ID = str(ROW)
FORGED: list[tuple[str, str]] = [
    # out of range for the column, or a number that is not one
    ("score", forged("score", 2**31, SOME_ID)),
    ("score", forged("score", -(2**31) - 1, SOME_ID)),
    ("score", forged("score", 10**30, SOME_ID)),
    ("score", forged("score", True, SOME_ID)),
    ("score", forged("score", 1.5, SOME_ID)),
    ("score", forged("score", 5.0, SOME_ID)),
    ("score", forged("score", "5", SOME_ID)),
    ("score", forged("score", None, SOME_ID)),
    ("score", forged("score", [5], SOME_ID)),
    ("big", forged("big", 2**63, SOME_ID)),
    ("weight", b64(b'["weight",1e309,"' + SOME_ID.encode() + b'"]')),
    ("weight", b64(b'["weight",NaN,"' + SOME_ID.encode() + b'"]')),
    ("weight", b64(b'["weight",-Infinity,"' + SOME_ID.encode() + b'"]')),
    ("weight", forged("weight", False, SOME_ID)),
    ("weight", forged("weight", "2.5", SOME_ID)),
    # dates and times outside the calendar the platform keeps, or of the wrong kind
    ("happened_at", forged("happened_at", "9999-12-31T23:59:59-14:00", SOME_ID)),
    ("happened_at", forged("happened_at", "0001-01-01T00:00:00+14:00", SOME_ID)),
    ("happened_at", forged("happened_at", "1899-12-31T23:59:59Z", SOME_ID)),
    ("happened_at", forged("happened_at", "2024-01-01T00:00:00", SOME_ID)),
    ("happened_at", forged("happened_at", "2024-01-01", SOME_ID)),
    ("happened_at", forged("happened_at", 0, SOME_ID)),
    ("happened_at", forged("happened_at", 1_700_000_000, SOME_ID)),
    ("day", forged("day", "0001-01-01", SOME_ID)),
    ("day", forged("day", "2200-01-01", SOME_ID)),
    ("day", forged("day", "2024-02-30", SOME_ID)),
    ("day", forged("day", "2024-01-01T00:00:00", SOME_ID)),
    ("day", forged("day", 20240101, SOME_ID)),
    ("day", forged("day", {"d": "2024-01-01", "t": "d"}, SOME_ID)),
    # text a database cannot store, or longer than the column
    ("label", forged("label", "\x00", SOME_ID)),
    ("label", forged("label", "\ud800", SOME_ID)),
    ("label", forged("label", "x" * 41, SOME_ID)),
    ("label", forged("label", 5, SOME_ID)),
    # ids that are not ids
    ("score", forged("score", 5, "not-an-id")),
    ("score", forged("score", 5, 10**40)),
    ("score", forged("score", 5, SOME_ID.upper())),
    ("score", forged("score", 5, "{" + SOME_ID + "}")),
    ("score", forged("score", 5, SOME_ID.replace("-", ""))),
    ("score", forged("score", 5, None)),
    # another shape, another list's or another sort's cursor
    ("score", forged("score", 5)),
    ("score", forged("score", 5, SOME_ID, "extra")),
    ("score", forged("-score", 5, SOME_ID)),
    ("score", forged("day", 5, SOME_ID)),
    ("score", forged(5, SOME_ID)),
    ("score", b64(json.dumps({"s": "score", "v": 5, "id": SOME_ID}).encode())),
    ("score", b64(json.dumps("score").encode())),
    ("score", b64(b"null")),
    # not base64, JSON or UTF-8; too long; too deep
    ("score", "not base64!"),
    ("score", "%%%"),
    ("score", "é"),
    ("score", "A"),
    ("score", "A" * (MAX_CURSOR_LENGTH + 1)),
    ("score", b64(b"\xff\xfe")),
    ("score", b64(b"[" * 370)),
    ("score", b64(b'["score", 5, "' + SOME_ID.encode() + b'"')),
    ("score", "bm9wZQ=="),
]


@pytest.mark.parametrize(("sort", "cursor"), FORGED)
def test_a_cursor_this_list_did_not_give_out_is_an_invalid_cursor(sort: str, cursor: str) -> None:
    with pytest.raises(InvalidCursor) as refused:
        ENTRIES.read_cursor(cursor, PageRequest(sort))
    assert (refused.value.status, refused.value.type) == (400, "invalid-cursor")


def test_a_cursor_of_one_direction_is_refused_in_the_other() -> None:
    cursor = ENTRIES.make_cursor(PageRequest("score"), 5, ROW)
    with pytest.raises(InvalidCursor):
        ENTRIES.read_cursor(cursor, PageRequest("score", descending=True))


# --- walking a real table ----------------------------------------------------------------

LABELS = ["alpha", "bravo", "charlie", "delta"]


def _entries(count: int) -> list[dict[str, Any]]:
    """Rows with many ties in every sort key, so the id decides often."""
    return [
        {
            "id": uuid.uuid4(),
            "label": LABELS[n % 4],
            "happened_at": T0 + timedelta(microseconds=n % 3),
            "day": date(2024, 1, 1) + timedelta(days=n % 5),
            "score": n % 4 - 2,
            "weight": (n % 6) / 4,
            "big": (n % 3) * 2**40,
        }
        for n in range(count)
    ]


async def _walk(session: AsyncSession, request: PageRequest) -> list[uuid.UUID]:
    seen: list[uuid.UUID] = []
    cursor = None
    for _ in range(100):
        page_request = PageRequest(request.sort, request.descending, request.limit, cursor)
        rows = (await session.execute(ENTRIES.select(select(entry_table), page_request))).all()
        page = ENTRIES.page(rows, page_request, lambda row: row.id)
        assert len(page.items) <= request.limit
        seen += page.items
        cursor = page.next_cursor
        if cursor is None:
            return seen
    raise AssertionError("the walk does not end")


async def test_walking_every_sort_both_ways_gives_every_row_once_in_order(
    kit_any_session: AsyncSession,
) -> None:
    session = kit_any_session
    rows = _entries(23)
    await session.execute(insert(entry_table), rows)
    for sort in ENTRIES.sorts:
        for descending in (False, True):
            expected = [
                r["id"] for r in sorted(rows, key=lambda r: (r[sort], r["id"]), reverse=descending)
            ]
            for limit in (1, 4, 23, 50):
                walked = await _walk(session, PageRequest(sort, descending, limit))
                assert walked == expected, (sort, descending, limit)


async def test_the_last_page_has_no_cursor_and_an_empty_list_is_one_empty_page(
    kit_session: AsyncSession,
) -> None:
    request = PageRequest("score", limit=3)
    empty = ENTRIES.page(
        (await kit_session.execute(ENTRIES.select(select(entry_table), request))).all(),
        request,
        lambda row: row.id,
    )
    assert (empty.items, empty.next_cursor) == ([], None)
    await kit_session.execute(insert(entry_table), _entries(3))
    rows = (await kit_session.execute(ENTRIES.select(select(entry_table), request))).all()
    assert ENTRIES.page(rows, request, lambda row: row.id).next_cursor is None


async def test_a_sort_value_can_be_read_from_a_row_by_its_own_rule(
    kit_session: AsyncSession,
) -> None:
    """A joined or labelled select names the sort value its own way."""
    await kit_session.execute(
        insert(fact_table),
        [{"key": f"k{n}", "value": n, "event_time": T0 + timedelta(seconds=n)} for n in range(3)],
    )
    request = PageRequest("event_time", limit=2)
    statement = select(fact_table.c.key, fact_table.c.event_time.label("seen_at"))
    rows = (await kit_session.execute(FACTS.select(statement, request))).all()
    page = FACTS.page(rows, request, lambda row: row.key, value=lambda row: row.seen_at)
    assert page.items == ["k0", "k1"]
    assert page.next_cursor is not None
    assert FACTS.read_cursor(page.next_cursor, request) == (T0 + timedelta(seconds=1), "k1")


# --- over HTTP ---------------------------------------------------------------------------


async def test_forged_cursors_are_400_problems_never_500(
    kit_client: httpx.AsyncClient, auth_header: Callable[..., dict[str, str]]
) -> None:
    headers = auth_header(agency="idas", scopes=["kit:write"])
    await kit_client.post("/v1/entries", json={"label": "alpha"}, headers=headers)
    for sort, cursor in FORGED:
        params = {"sort": sort, "order": "asc", "cursor": cursor}
        answer = await kit_client.get("/v1/entries", params=params, headers=headers)
        if len(cursor) > MAX_CURSOR_LENGTH:
            assert answer.status_code == 422, (params, answer.text)
            continue
        assert answer.status_code == 400, (params, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
        problem = answer.json()
        assert problem["type"].endswith("/invalid-cursor")
        assert problem["title"] == "Invalid cursor"


async def test_pages_over_http_and_a_cursor_is_bound_to_its_sort(
    kit_client: httpx.AsyncClient, auth_header: Callable[..., dict[str, str]]
) -> None:
    headers = auth_header(agency="idas", scopes=["kit:write"])
    for score in (3, 1, 2, 1):
        body = {"label": "alpha", "score": score}
        assert (await kit_client.post("/v1/entries", json=body, headers=headers)).is_success
    scores: list[int] = []
    params: dict[str, Any] = {"sort": "score", "order": "desc", "limit": 3}
    first = (await kit_client.get("/v1/entries", params=params, headers=headers)).json()
    scores += [item["score"] for item in first["items"]]
    second = await kit_client.get(
        "/v1/entries", params=params | {"cursor": first["next_cursor"]}, headers=headers
    )
    scores += [item["score"] for item in second.json()["items"]]
    assert (scores, second.json()["next_cursor"]) == ([3, 2, 1, 1], None)
    for other in ({"order": "asc"}, {"sort": "day"}):
        moved = params | other | {"cursor": first["next_cursor"]}
        answer = await kit_client.get("/v1/entries", params=moved, headers=headers)
        assert answer.status_code == 400, other
    signed = await kit_client.get(
        "/v1/entries/signed", params={"sort": "-score", "limit": 1}, headers=headers
    )
    assert [i["score"] for i in signed.json()["items"]] == [3]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/v1/entries", {"limit": 0}),
        ("/v1/entries", {"limit": 201}),
        ("/v1/entries", {"limit": "ten"}),
        ("/v1/entries", {"sort": "id"}),
        ("/v1/entries", {"sort": "-score"}),
        ("/v1/entries", {"order": "up"}),
        ("/v1/entries/signed", {"sort": "score;drop"}),
        ("/v1/entries/signed", {"sort": "--score"}),
        ("/v1/entries/signed", {"limit": 501}),
    ],
)
async def test_bad_page_parameters_are_422(
    kit_client: httpx.AsyncClient,
    auth_header: Callable[..., dict[str, str]],
    path: str,
    params: dict[str, Any],
) -> None:
    headers = auth_header(agency="idas", scopes=["kit:write"])
    answer = await kit_client.get(path, params=params, headers=headers)
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"


async def test_the_page_parameters_are_documented_with_their_bounds(kit_app: Any) -> None:
    operations = kit_app.openapi()["paths"]
    listed = {p["name"]: p["schema"] for p in operations["/v1/entries"]["get"]["parameters"]}
    assert listed["sort"]["enum"] == list(ENTRIES.sorts)
    assert listed["sort"]["default"] == "day"
    assert listed["order"]["enum"] == ["asc", "desc"]
    assert (listed["limit"]["minimum"], listed["limit"]["maximum"]) == (1, 200)
    cursor = listed["cursor"]["anyOf"][0]
    assert cursor["maxLength"] == MAX_CURSOR_LENGTH
    signed = {p["name"]: p for p in operations["/v1/entries/signed"]["get"]["parameters"]}
    assert signed["sort"]["schema"]["pattern"] == ENTRIES.sort_pattern()
    assert signed["sort"]["schema"]["default"] == "-happened_at"
    assert signed["limit"]["schema"]["maximum"] == 500
    assert "X-Purpose" in {p["name"] for p in operations["/v1/entries"]["get"]["parameters"]}


# --- definitions ---------------------------------------------------------------------------


def test_a_list_is_paged_only_by_not_null_columns_of_a_known_kind() -> None:
    table = Table(
        "things",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("maybe", String(10), nullable=True),
        Column("blob", PickleType, nullable=False),
    )
    with pytest.raises(ValueError, match="NOT NULL"):
        Keyset(sorts={"maybe": table.c.maybe}, id_column=table.c.id)
    with pytest.raises(TypeError, match="cannot page"):
        Keyset(sorts={"blob": table.c.blob}, id_column=table.c.id)
    with pytest.raises(ValueError, match="unknown sort"):
        signed_sort_params(ENTRIES, default="-nothing")
    with pytest.raises(ValueError, match="max_limit"):
        fixed_sort_params(ENTRIES, sort="day", limit=50, max_limit=5000)
    with pytest.raises(ValueError, match="limit"):
        ENTRIES.select(select(entry_table), PageRequest("day", limit=0))
