"""What reporting consumes: every topic with an event type it projects.

One consumer group, `reporting-read-models`, applies each batch of new events (the
shared consumer has already dropped those it saw before) in one transaction: it reads
which slots to write (the live one, and the one a rebuild is filling), turns the
events into facts and upserts them, then anonymises the facts of erased referrals.
"""

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.consumer import ConsumerSpec
from csp_common.events import ReceivedEvent

# Importing the domains' flows registers their projections.
from reporting.attendance import flows as _attendance  # noqa: F401
from reporting.dhr import flows as _dhr  # noqa: F401
from reporting.erasure.flows import apply_erasures, erased_referrals
from reporting.hate_crime import flows as _hate_crime  # noqa: F401
from reporting.hubs import flows as _hubs  # noqa: F401
from reporting.marac import flows as _marac  # noqa: F401
from reporting.matac import flows as _matac  # noqa: F401
from reporting.projection import project, topics
from reporting.providers import flows as _providers  # noqa: F401
from reporting.read_models import read_slots, write_facts
from reporting.referrals import flows as _referrals  # noqa: F401
from reporting.settings import ReportingSettings
from reporting.svd_fund import flows as _svd_fund  # noqa: F401

CONSUMER_NAME = "reporting-read-models"
"""The default group; `REPORTING_CONSUMER_GROUP` names another."""


def read_model_consumer(settings: ReportingSettings) -> ConsumerSpec:
    async def apply(session: AsyncSession, events: Sequence[ReceivedEvent]) -> None:
        slots = await read_slots(session, lock=True)
        await write_facts(session, project(events, settings), slots.writing)
        await apply_erasures(session, referral_ids=erased_referrals(events), slots=slots.writing)

    return ConsumerSpec(name=settings.consumer_group, topics=topics(), handler=apply)
