"""Applying referral-hub's events: the consumer's hot path.

A batch of `MaracReferralMade` becomes cases with a handful of Core statements: one
look-up of existing referrals, one of the pairs' history, the meetings of the areas
involved, one multi-row insert of cases and one of outbox rows.
"""

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.contracts.referrals import MaracReferralMade, PersonsMerged
from csp_common.events import ReceivedEvent
from csp_common.outbox import add_events
from marac.case.models import NewCase
from marac.case.service import create_cases, creation_events, merge_persons, moved_case_events
from marac.common import today
from marac.config.service import get_area_configs, get_policy
from marac.settings import MaracSettings


def case_from_referral(event: MaracReferralMade, *, urgent_score_from: int) -> NewCase:
    return NewCase(
        referral_id=str(event.referral_id),
        source="referral-hub",
        victim_id=str(event.victim_id),
        perpetrator_id=str(event.perpetrator_id) if event.perpetrator_id else None,
        area=event.area,
        marac_area=event.marac_area,
        repeat_hint=event.repeat,
        urgent=event.score >= urgent_score_from,
        referring_agency=event.referring_agency,
        referrer_kind=event.referrer_kind,
        criteria=list(event.criteria),
        score=event.score,
        children_in_household=event.children_in_household,
        victim_age_band=event.victim_age_band,
        victim_gender=event.victim_gender,
        victim_ethnicity=event.victim_ethnicity,
        victim_disability=event.victim_disability,
        victim_lgbt=event.victim_lgbt,
        perpetrator_age_band=event.perpetrator_age_band,
        perpetrator_gender=event.perpetrator_gender,
        referred_on=event.referred_on,
    )


def referral_handler(settings: MaracSettings):  # type: ignore[no-untyped-def]
    async def apply(session: AsyncSession, events: Sequence[ReceivedEvent]) -> None:
        policy = await get_policy(session, settings=settings)
        configs = {
            a: c for a, (c, _) in (await get_area_configs(session, settings=settings)).items()
        }
        referrals: list[NewCase] = []
        for event in events:
            payload = event.payload
            if isinstance(payload, MaracReferralMade):
                if payload.marac_area not in configs:
                    raise ValueError(f"unknown MARAC area {payload.marac_area!r}")
                referrals.append(
                    case_from_referral(payload, urgent_score_from=policy.urgent_score_from)
                )
            elif isinstance(payload, PersonsMerged):
                # A merge must see the cases created before it in the batch.
                await _create(session, referrals, policy=policy, configs=configs)
                referrals = []
                await merge_persons(
                    session,
                    surviving=str(payload.surviving_person_id),
                    merged=str(payload.merged_person_id),
                )
        await _create(session, referrals, policy=policy, configs=configs)

    return apply


async def _create(session: AsyncSession, referrals: list[NewCase], *, policy, configs) -> None:  # type: ignore[no-untyped-def]
    if not referrals:
        return
    result = await create_cases(
        session, cases=referrals, policy=policy, configs=configs, today=today()
    )
    await add_events(
        session,
        creation_events(result.created) + await moved_case_events(session, result.moves),
    )
