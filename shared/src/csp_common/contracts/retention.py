"""Erasure, published by referral-hub on `csp.referrals` when it has erased or
anonymised people and referrals (their retention period ended, or a right-to-erasure
request was granted).

Every service holding links to them drops or anonymises those links when it applies the
event (marac, reporting, dhr-tracker). Ids and codes only: the event names what was
erased, never what it held.
"""

import uuid
from datetime import date
from typing import Literal

from pydantic import Field

from csp_common.contracts.referrals import REFERRALS
from csp_common.events import EventPayload

ErasureReason = Literal["retention_period", "erasure_request"]


class RecordsErased(EventPayload):
    type = "csp.referral.records_erased.v1"
    topic = REFERRALS
    erasure_id: uuid.UUID
    reason: ErasureReason
    person_ids: list[uuid.UUID] = Field(default_factory=list)
    referral_ids: list[uuid.UUID] = Field(default_factory=list)
    erased_on: date
