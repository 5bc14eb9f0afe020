"""The consumer of marac's case events: where each MARAC case about a referral is held.

`CaseReferred` (with a referral id) records the case and its area; `CaseTransferred`
moves it. Both are keyed by the case, so they arrive in order. Every other event of
`csp.marac` is ignored. The events carry ids and codes only.
"""

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.contracts.marac import CaseReferred, CaseTransferred
from csp_common.events import ReceivedEvent
from referral_hub.marac_cases.service import move_case, record_cases


async def apply_marac_events(session: AsyncSession, events: Sequence[ReceivedEvent]) -> None:
    for event in events:
        payload = event.payload
        if isinstance(payload, CaseReferred) and payload.referral_id is not None:
            await record_cases(
                session,
                rows=[
                    {
                        "case_id": payload.case_id,
                        "referral_id": payload.referral_id,
                        "marac_area": payload.marac_area,
                    }
                ],
            )
        elif isinstance(payload, CaseTransferred):
            await move_case(session, case_id=payload.case_id, to_area=payload.to_marac_area)
