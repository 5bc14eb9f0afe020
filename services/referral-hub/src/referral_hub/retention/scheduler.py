"""The retention job: erases the people past their retention period, and deletes the
audit rows past the audit period, every `retention_check_seconds` (when
`retention_job_enabled`).

Once is kept by the database: each person is erased in a transaction of its own with
their row locked, and only while not yet erased, so a second replica or a rerun finds
nothing left to do and publishes nothing twice.
"""

import logging
from datetime import date

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from csp_common.app import Worker
from csp_common.audit_retention import delete_expired_audit
from csp_common.auth import Caller
from csp_common.partnership import load_partnership
from csp_common.periodic import periodic_worker
from csp_common.retention import RetentionConfiguration
from csp_common.unit_of_work import unit_of_work
from referral_hub.retention import flows, rules, service
from referral_hub.settings import ReferralHubSettings

log = logging.getLogger(__name__)
PURPOSE = "retention period ended"


def job_caller(partnership_code: str) -> Caller:
    return Caller(subject=flows.JOB_SUBJECT, agency=partnership_code, scopes=frozenset())


async def erase_due(
    session_factory: async_sessionmaker[AsyncSession],
    *,
    retention: RetentionConfiguration,
    caller: Caller,
    today: date,
    batch: int,
) -> int:
    """One round: how many people were erased (at most `batch`)."""
    async with session_factory() as session:
        person_ids = await service.due_persons(
            session, retention=retention, today=today, limit=batch
        )
    erased = 0
    for person_id in person_ids:
        async with unit_of_work(session_factory, caller=caller, purpose=PURPOSE) as work:
            erased += await flows.erase_if_due(
                work, person_id=person_id, retention=retention, today=today
            )
    return erased


async def expire_audit(
    session_factory: async_sessionmaker[AsyncSession],
    *,
    retention: RetentionConfiguration,
    today: date,
) -> int:
    async with session_factory() as session, session.begin():
        return await delete_expired_audit(session, before=retention.cutoff("audit", today))


def retention_worker(settings: ReferralHubSettings) -> Worker:
    async def run(app: FastAPI) -> int:
        partnership = load_partnership()
        today = rules.today()
        erased = await erase_due(
            app.state.session_factory,
            retention=partnership.retention,
            caller=job_caller(partnership.code),
            today=today,
            batch=settings.retention_batch,
        )
        expired = await expire_audit(
            app.state.session_factory, retention=partnership.retention, today=today
        )
        if expired:
            log.info("audit rows past the audit period deleted", extra={"audit_rows": expired})
        return erased

    return periodic_worker(
        run,
        name="retention-job",
        every_seconds=settings.retention_check_seconds,
        enabled=settings.retention_job_enabled,
        log=log,
        counted="persons",
        done="people past their retention period erased",
    )
