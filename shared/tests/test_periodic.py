import asyncio
import logging

from fastapi import FastAPI

from csp_common.periodic import periodic_worker


async def test_a_job_runs_every_interval_and_survives_a_failed_round() -> None:
    rounds: list[int] = []
    third = asyncio.Event()

    async def job(app: FastAPI) -> int:
        rounds.append(len(rounds))
        if len(rounds) == 3:
            third.set()
        if len(rounds) == 1:
            raise RuntimeError("the first round fails")
        return 1

    worker = periodic_worker(
        job,
        name="test-job",
        every_seconds=0.01,
        enabled=True,
        log=logging.getLogger("test"),
        done="done",
        counted="things",
    )
    async with worker(FastAPI()):
        await asyncio.wait_for(third.wait(), timeout=5)
    stopped_at = len(rounds)
    await asyncio.sleep(0.05)
    assert len(rounds) == stopped_at


async def test_a_disabled_job_never_runs() -> None:
    async def job(app: FastAPI) -> int:
        raise AssertionError("ran")

    worker = periodic_worker(
        job,
        name="off",
        every_seconds=0.01,
        enabled=False,
        log=logging.getLogger("t"),
        done="done",
        counted="n",
    )
    async with worker(FastAPI()):
        await asyncio.sleep(0.05)
