"""The baseline for POST /v1/referrals: validate the same body, insert the referral row
and one outbox row with raw asyncpg. Nothing else (no auth, matching, routing, audit)."""

import contextlib
import json
import os
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import asyncpg
from fastapi import FastAPI
from fastapi.responses import JSONResponse

from referral_hub.referral.schemas import ReferralIn

SCHEMA = """
CREATE TABLE IF NOT EXISTS minimal_referral (
    id uuid PRIMARY KEY, area text NOT NULL, incident_date date NOT NULL,
    received_at timestamptz NOT NULL, body jsonb NOT NULL);
CREATE TABLE IF NOT EXISTS minimal_outbox (
    id bigserial PRIMARY KEY, topic text NOT NULL, key text NOT NULL, event_type text NOT NULL,
    data bytea NOT NULL, created_at timestamptz NOT NULL);
"""


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    pool = await asyncpg.create_pool(os.environ["MINIMAL_DSN"], min_size=10, max_size=10)
    async with pool.acquire() as conn:
        await conn.execute(SCHEMA)
    app.state.pool = pool
    yield
    await pool.close()


app = FastAPI(lifespan=lifespan)


@app.post("/v1/referrals", status_code=201)
async def create(body: ReferralIn) -> JSONResponse:
    referral_id = uuid.uuid4()
    now = datetime.now(UTC)
    async with app.state.pool.acquire() as conn, conn.transaction():
        await conn.execute(
            "INSERT INTO minimal_referral VALUES ($1, $2, $3, $4, $5)",
            referral_id,
            body.area,
            body.incident_date,
            now,
            body.model_dump_json(),
        )
        await conn.execute(
            "INSERT INTO minimal_outbox (topic, key, event_type, data, created_at) "
            "VALUES ($1, $2, $3, $4, $5)",
            "csp.referrals",
            str(referral_id),
            "csp.referral.received.v1",
            json.dumps({"referral_id": str(referral_id)}).encode(),
            now,
        )
    return JSONResponse({"id": str(referral_id)}, status_code=201)
