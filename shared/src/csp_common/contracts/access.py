"""The access alert: one caller has read many people's records outside their own agency
or area in a short time (csp_common.access_watch). Each service that holds records about
people publishes it on its own topic.

Codes, counts and moments only: the agency and area of the caller, never the token's
subject nor the people read. Who it was is in the service's audit trail
(`GET /v1/audit?agency=`), for those with `audit:read`.
"""

import uuid
from datetime import datetime

from csp_common.contracts.dhr import DHR
from csp_common.contracts.marac import MARAC
from csp_common.contracts.referrals import REFERRALS
from csp_common.events import Code, EventPayload


class AccessAlert(EventPayload):
    """Many person records read outside the caller's agency or area within the window."""

    alert_id: uuid.UUID
    service: Code
    agency: Code
    area: Code | None = None
    records_read: int
    threshold: int
    window_seconds: int
    first_read_at: datetime
    alerted_at: datetime


class ReferralHubAccessAlert(AccessAlert):
    type = "csp.referral.access_alert.v1"
    topic = REFERRALS


class MaracAccessAlert(AccessAlert):
    type = "csp.marac.access_alert.v1"
    topic = MARAC


class DhrAccessAlert(AccessAlert):
    type = "csp.dhr.access_alert.v1"
    topic = DHR
