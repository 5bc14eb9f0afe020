"""What dhr-tracker publishes on `csp.dhr` (payloads in `csp_common.contracts.dhr`):
review notified, decided (and a Home Office overturn), stage changed, paused, resumed,
deadline missed, QA outcome, published. Ids, codes, dates, the area and the victim's
age band, gender and ethnic group only.

It consumes one event from `csp.referrals`: `RecordsErased` (an erased person's id goes
from the reviews that named it, `dhr_tracker.erasure`). What else it needs from
referral-hub and marac it asks for over HTTP.
"""

from csp_common.consumer import ConsumerSpec
from csp_common.contracts.dhr import DHR
from csp_common.contracts.referrals import REFERRALS
from dhr_tracker.erasure.flows import apply_erasures
from dhr_tracker.settings import DhrSettings

TOPIC = DHR


def consumers(settings: DhrSettings) -> list[ConsumerSpec]:
    return [
        ConsumerSpec(
            name=settings.erasure_consumer_group, topics=(REFERRALS,), handler=apply_erasures
        )
    ]
