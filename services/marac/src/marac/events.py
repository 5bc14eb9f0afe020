"""What marac publishes and consumes.

Publishes on `csp.marac` (payloads in `csp_common.contracts.marac`): case referred,
listed, heard, transferred, closed; action created and completed; attendance recorded;
escalation raised; MATAC nominated, scored, intervention. Ids, codes, dates, areas, age
bands and equality categories only.

Consumes from `csp.referrals`: `MaracReferralMade` (a case); `ReferralReceived` and
`ReferralRouted` (which agency made a referral and which it was sent to, for the rule
of who may name it in a direct case); `ConsentChanged` (the case shows the referral's
consent and lawful basis now); `PersonsMerged` and `PersonSplit` (follow referral-hub's
person ids); `RecordsErased` (drop the erased referrals' copies and replace the erased
people's ids, `marac.case.erasure`). Every other referral event is ignored.
"""

from csp_common.consumer import ConsumerSpec
from csp_common.contracts.referrals import REFERRALS
from marac.case.flows import referral_handler
from marac.settings import MaracSettings


def consumers(settings: MaracSettings) -> list[ConsumerSpec]:
    return [
        ConsumerSpec(
            name=settings.referrals_consumer_group,
            topics=(REFERRALS,),
            handler=referral_handler(settings),
        )
    ]
