"""Cursors no list gave out, in the platform's cursor format (`csp_common.pagination`:
[signed sort, value, id] as base64url JSON), for tests that every list refuses them."""

import base64
import json

FORGED_POSITIONS: list[object] = [
    10**30,
    -(10**30),
    2**31,
    "9999-12-31T23:59:59-14:00",
    "0001-01-01T00:00:00+14:00",
    "0001-01-01",
    "9999-12-31",
    1e308,
    -1,
    1.5,
    True,
    None,
    [[[[1]]]],
    {"a": 1},
    "2024-01-01T00:00:00Z",
]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def forged_cursors(signed_sort: str) -> list[str]:
    """Out-of-range numbers and dates, wrong types and shapes, a forged id, another sort's
    cursor, bytes that are not base64, JSON or UTF-8."""
    some_id = "7f0c3c1e-8f9a-4a55-9a49-1d1f5f3f7b10"
    forged = [
        _b64(json.dumps([signed_sort, value, some_id]).encode()) for value in FORGED_POSITIONS
    ]
    return [
        *forged,
        _b64(json.dumps([signed_sort, "2024-01-01T00:00:00Z", 10**40]).encode()),
        _b64(json.dumps([signed_sort, "2024-01-01T00:00:00Z", "not-an-id"]).encode()),
        _b64(json.dumps(["-other", "2024-01-01T00:00:00Z", some_id]).encode()),
        _b64(f'["{signed_sort}", 1e999, "{some_id}"]'.encode()),
        _b64(f'["{signed_sort}", NaN, "{some_id}"]'.encode()),
        _b64(b"[" * 300),
        _b64(b"\xff\xfe"),
        "!!!",
        "bm9wZQ",
    ]
