"""Applying referral-hub's events: the consumer's hot path.

A batch of `MaracReferralMade` becomes cases with a handful of Core statements: one
look-up of existing referrals, one of the pairs' history, the meetings of the areas
involved, one multi-row insert of cases and one of outbox rows. `ReferralReceived` and
`ReferralRouted` are kept as ids and agency codes (who may see which referral), each
kind in one multi-row insert. A merge or split of people, a change of a referral's
consent (`ConsentChanged`, shown on its case) and an erasure apply what came before them.
"""

from collections.abc import Sequence
from datetime import date

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.auth import Caller
from csp_common.bulk import copy_rows
from csp_common.contracts.referrals import (
    ConsentChanged,
    MaracReferralMade,
    PersonsMerged,
    PersonSplit,
    ReferralReceived,
    ReferralRouted,
)
from csp_common.contracts.retention import RecordsErased
from csp_common.db import RowsInsert, execute_together
from csp_common.errors import Problem
from csp_common.events import ReceivedEvent
from csp_common.outbox import outbox_row
from csp_common.tables import outbox_table
from csp_common.unit_of_work import Work
from marac.areas import check_marac_area, hub_marac_area, referrer_kind
from marac.case.erasure import apply_erasure
from marac.case.schemas import DirectReferralIn, NewCase
from marac.case.service import (
    EQUALITY_FIELDS,
    close_case,
    create_cases,
    creation_events,
    follow_consent,
    merge_persons,
    moved_case_events,
    split_person,
    transfer_case,
)
from marac.config.service import get_area_configs, get_policy
from marac.matac import service as matac_service
from marac.policy import AreaConfig, MaracPolicy
from marac.referral.service import (
    UNKNOWN_REFERRAL,
    follow_merge,
    follow_split,
    referrals_insert,
    routes_insert,
    visible_referral,
)
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
        consent_status=event.consent_status,
        lawful_basis=event.lawful_basis,
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
            # One statement for the referrals, routes, meetings and cases on PostgreSQL.
            together = [referrals_insert(pending.referrals), routes_insert(pending.routes)]
            await _create(session, pending.cases, policy=policy, configs=configs, together=together)
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
                case = case_from_referral(payload, urgent_score_from=policy.urgent_score_from)
                pending.referrals.append(
                    {
                        "id": case.referral_id,
                        "referring_agency": case.referring_agency,
                        "victim_id": case.victim_id,
                        "perpetrator_id": case.perpetrator_id,
                    }
                )
                pending.cases.append(case)
            elif isinstance(payload, ConsentChanged):
                await flush()  # the case may be in this batch
                await follow_consent(
                    session,
                    referral_id=str(payload.referral_id),
                    consent_status=payload.status,
                    lawful_basis=payload.lawful_basis,
                )
            elif isinstance(payload, PersonsMerged):
                # A merge or split must see what came before it in the batch.
                await flush()
                surviving = str(payload.surviving_person_id)
                merged = str(payload.merged_person_id)
                await merge_persons(session, surviving=surviving, merged=merged)
                await follow_merge(session, surviving=surviving, merged=merged)
                await matac_service.follow_merge(session, surviving=surviving, merged=merged)
            elif isinstance(payload, PersonSplit):
                await flush()
                split = {
                    "person_id": str(payload.person_id),
                    "new_person_id": str(payload.new_person_id),
                    "referral_ids": [str(r) for r in payload.referral_ids],
                }
                await split_person(session, **split)
                await follow_split(session, **split)
            elif isinstance(payload, RecordsErased):
                await flush()
                await apply_erasure(session, payload)
        await flush()

    return apply


async def _create(
    session: AsyncSession,
    referrals: list[NewCase],
    *,
    policy: MaracPolicy,
    configs: dict[str, AreaConfig],
    together: list[RowsInsert],
) -> None:
    if not referrals:
        await execute_together(session, together)
        return
    result = await create_cases(
        session,
        cases=referrals,
        policy=policy,
        configs=configs,
        today=clock.today(),
        together=together,
    )
    events = creation_events(result.created) + await moved_case_events(session, result.moves)
    await copy_rows(
        session, outbox_table, [outbox_row(e.payload, key=e.key, time=e.time) for e in events]
    )


# --- direct referrals, transfer and closing (the views' orchestration) -------------------


async def _people_of(
    session: AsyncSession, *, caller: Caller, referral: DirectReferralIn
) -> tuple[str, str | None] | None:
    """(victim_id, perpetrator_id) of the direct case; a named referral must be visible
    to the caller and about the same people. Else 422, the same for every referral the
    caller may not see as for one that does not exist."""
    if referral.referral_id is None:
        return None
    known = await visible_referral(
        session, referral_id=str(referral.referral_id), agency=caller.agency
    )
    if known is None:
        raise Problem(
            422,
            "Unknown referral",
            f"referral_id {UNKNOWN_REFERRAL}",
            type="unknown-referral",
            errors=[{"pointer": "#/referral_id", "detail": "no such referral of yours"}],
        )
    perpetrator = str(referral.perpetrator_id) if referral.perpetrator_id else None
    if known.victim_id != str(referral.victim_id) or (
        perpetrator and known.perpetrator_id and perpetrator != known.perpetrator_id
    ):
        raise Problem(
            422,
            "Not this referral's people",
            "victim_id and perpetrator_id must be the referral's (see the referral in "
            "referral-hub); leave perpetrator_id out to take the referral's.",
            type="validation",
        )
    return known.victim_id, perpetrator or known.perpetrator_id


async def refer_directly(
    work: Work, *, caller: Caller, referral: DirectReferralIn, settings: MaracSettings
) -> str:
    """A case referred by an agency itself, listed at its area's next meeting: its id."""
    session = work.session
    marac_area = hub_marac_area(referral.area) or check_marac_area(referral.area)
    if referral.referred_on > clock.today():
        raise Problem(
            422, "Invalid referral", "referred_on must not be in the future.", type="validation"
        )
    people = await _people_of(session, caller=caller, referral=referral)
    victim_id, perpetrator_id = people or (
        str(referral.victim_id),
        str(referral.perpetrator_id) if referral.perpetrator_id else None,
    )
    policy = await get_policy(session, settings=settings)
    configs = {a: c for a, (c, _) in (await get_area_configs(session, settings=settings)).items()}
    new_case = NewCase(
        referral_id=str(referral.referral_id) if referral.referral_id else None,
        source="direct",
        victim_id=victim_id,
        perpetrator_id=perpetrator_id,
        area=referral.area if referral.area != marac_area else None,
        marac_area=marac_area,
        urgent=referral.urgent or (referral.score or 0) >= policy.urgent_score_from,
        referring_agency=caller.agency,
        referrer_kind=referrer_kind(caller.agency),  # type: ignore[arg-type]
        criteria=list(referral.criteria),
        score=referral.score,
        children_in_household=referral.children_in_household,
        **referral.model_dump(include={*EQUALITY_FIELDS, "referred_on"}),
    )
    result = await create_cases(
        session, cases=[new_case], policy=policy, configs=configs, today=clock.today()
    )
    if not result.created:
        raise Problem(409, "Conflict", "This referral already has a MARAC case.", type="duplicate")
    work.emit_all(creation_events(result.created) + await moved_case_events(session, result.moves))
    case_id = result.created[0].id
    work.audit(action="create", record_type="marac_case", record_ids=[case_id])
    return case_id


async def transfer(
    work: Work, *, case: Row, to_area: str, on: date, settings: MaracSettings
) -> None:
    """To another area's MARAC: 409 for a closed case or one already there."""
    if case.status == "closed":
        raise Problem(409, "Conflict", "A closed case cannot be transferred.", type="invalid-state")
    if to_area == case.marac_area:
        raise Problem(409, "Conflict", f"The case is already at {to_area}.", type="invalid-state")
    session = work.session
    configs = {a: c for a, (c, _) in (await get_area_configs(session, settings=settings)).items()}
    work.emit_all(
        await transfer_case(
            session,
            case=case,
            to_area=to_area,
            on=on,
            policy=await get_policy(session, settings=settings),
            configs=configs,
        )
    )
    work.audit(action="transfer", record_type="marac_case", record_ids=[case.id])


async def close(work: Work, *, case: Row, on: date) -> None:
    """A heard case closes (actions complete or not); 409 before it is heard."""
    if case.status not in ("heard", "actions_complete"):
        raise Problem(
            409,
            "Conflict",
            f"A {case.status} case cannot be closed; it must be heard first.",
            type="invalid-state",
        )
    if case.heard_on and on < case.heard_on:
        raise Problem(
            422, "Invalid date", "closed_on is before the case was heard.", type="validation"
        )
    work.emit_all([await close_case(work.session, case=case, on=on)])
    work.audit(action="close", record_type="marac_case", record_ids=[case.id])
