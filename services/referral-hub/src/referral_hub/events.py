"""What referral-hub publishes (payloads in `csp_common.contracts`).

On `csp.referrals`: referral received, risk assessed, routed, MARAC referral made,
provider and referral status changed, hate incident reported, persons merged and split.
On `csp.hubs`: community safety hub cases, their risk assessments, plans and
interventions. Ids, codes, dates, areas, scores and equality categories only, never a
name, an address or free text.

Consumes from `csp.marac`: `CaseReferred` and `CaseTransferred`, so it knows which area's
MARAC holds the case about a referral now (a transfer lets the receiving area's
coordinator read the referral). Every other marac event is ignored.
"""

from csp_common.consumer import ConsumerSpec
from csp_common.contracts.hubs import HUBS
from csp_common.contracts.marac import MARAC
from csp_common.contracts.referrals import REFERRALS
from referral_hub.marac_cases.flows import apply_marac_events
from referral_hub.settings import ReferralHubSettings

TOPICS = (REFERRALS, HUBS)


def consumers(settings: ReferralHubSettings) -> list[ConsumerSpec]:
    return [
        ConsumerSpec(
            name=settings.marac_consumer_group, topics=(MARAC,), handler=apply_marac_events
        )
    ]
