"""Sending a file to one of referral-hub's imports and waiting for its job."""

import asyncio
import json
from collections.abc import Iterable
from typing import Any

import httpx


class DemoLoadFailed(RuntimeError):
    pass


def ndjson(rows: Iterable[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(row) + "\n" for row in rows).encode()


async def import_file(
    client: httpx.AsyncClient, kind: str, content_type: str, content: bytes
) -> dict:
    """The finished job of `POST /v1/imports/{kind}`; DemoLoadFailed unless every row went in."""
    answer = await client.post(
        f"/v1/imports/{kind}", content=content, headers={"Content-Type": content_type}
    )
    if answer.status_code != 202:
        raise DemoLoadFailed(f"import of {kind} refused: {answer.status_code} {answer.text}")
    location = answer.headers["location"]
    while True:
        job = (await client.get(location)).json()
        if job["status"] in {"completed", "failed"}:
            break
        await asyncio.sleep(0.1)
    if job["status"] != "completed" or job["rows_failed"]:
        errors = (await client.get(job["errors_url"], params={"limit": 5})).json()
        raise DemoLoadFailed(f"import of {kind} did not complete cleanly: {job} {errors}")
    return job
