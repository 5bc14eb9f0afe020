"""Applying referral-hub's events: the consumer's hot path.

A batch of `MaracReferralMade` becomes cases with a handful of Core statements: one
look-up of existing referrals, one of the pairs' history, the meetings of the areas
involved, one multi-row insert of cases and one of outbox rows. `ReferralReceived` and
`ReferralRouted` are kept as ids and agency codes (who may see which referral), each
kind in one multi-row insert. A merge or split of people applies what came before it.
"""

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.contracts.referrals import (
    MaracReferralMade,
    PersonsMerged,
    PersonSplit,
    ReferralReceived,
    ReferralRouted,
)
from csp_common.events import ReceivedEvent
from csp_common.outbox import add_events
from marac.case.models import NewCase
from marac.case.service import (
    create_cases,
    creation_events,
    merge_persons,
    moved_case_events,
    split_person,
)
from marac.config.service import get_area_configs, get_policy
from marac.referral.service import follow_merge, follow_split, record_referrals, record_routes
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


def _referral_row(event: ReferralReceived | MaracReferralMade) -> dict:
    return {
        "id": str(event.referral_id),
        "referring_agency": event.referring_agency,
        "victim_id": str(event.victim_id),
        "perpetrator_id": str(event.perpetrator_id) if event.perpetrator_id else None,
    }


class _Pending:
    """What a batch has read and not yet written."""

    def __init__(self) -> None:
        self.referrals: list[dict] = []
        self.routes: list[dict] = []
        self.cases: list[NewCase] = []


def referral_handler(settings: MaracSettings):  # type: ignore[no-untyped-def]
    async def apply(session: AsyncSession, events: Sequence[ReceivedEvent]) -> None:
        policy = await get_policy(session, settings=settings)
        configs = {
            a: c for a, (c, _) in (await get_area_configs(session, settings=settings)).items()
        }
        pending = _Pending()

        async def flush() -> None:
            nonlocal pending
            await record_referrals(session, rows=pending.referrals)
            await record_routes(session, rows=pending.routes)
            await _create(session, pending.cases, policy=policy, configs=configs)
            pending = _Pending()

        for event in events:
            payload = event.payload
            if isinstance(payload, ReferralReceived):
                pending.referrals.append(_referral_row(payload))
            elif isinstance(payload, ReferralRouted):
                pending.routes.append(
                    {"referral_id": str(payload.referral_id), "provider": payload.provider}
                )
            elif isinstance(payload, MaracReferralMade):
                if payload.marac_area not in configs:
                    raise ValueError(f"unknown MARAC area {payload.marac_area!r}")
                pending.referrals.append(_referral_row(payload))
                pending.cases.append(
                    case_from_referral(payload, urgent_score_from=policy.urgent_score_from)
                )
            elif isinstance(payload, PersonsMerged):
                # A merge or split must see what came before it in the batch.
                await flush()
                surviving = str(payload.surviving_person_id)
                merged = str(payload.merged_person_id)
                await merge_persons(session, surviving=surviving, merged=merged)
                await follow_merge(session, surviving=surviving, merged=merged)
            elif isinstance(payload, PersonSplit):
                await flush()
                split = {
                    "person_id": str(payload.person_id),
                    "new_person_id": str(payload.new_person_id),
                    "referral_ids": [str(r) for r in payload.referral_ids],
                }
                await split_person(session, **split)
                await follow_split(session, **split)
        await flush()

    return apply


async def _create(session: AsyncSession, referrals: list[NewCase], *, policy, configs) -> None:  # type: ignore[no-untyped-def]
    if not referrals:
        return
    result = await create_cases(
        session, cases=referrals, policy=policy, configs=configs, today=clock.today()
    )
    await add_events(
        session,
        creation_events(result.created) + await moved_case_events(session, result.moves),
    )
