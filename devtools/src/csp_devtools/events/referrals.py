"""Factories of the `csp.referrals` contract's events (referral-hub publishes them)."""

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from csp_common.contracts.referrals import (
    ConsentChanged,
    HateIncidentReported,
    MaracReferralMade,
    ProviderStatusChanged,
    ReferralReceived,
    ReferralRouted,
    RiskAssessed,
)


def referral_received(
    *, received_on: date, area: str = "york", **fields: object
) -> ReferralReceived:
    values: dict[str, object] = {
        "referral_id": uuid.uuid4(),
        "victim_id": uuid.uuid4(),
        "area": area,
        "referring_agency": "north-yorkshire-police",
        "referrer_kind": "police",
        "relationship": "ex_partner",
        "incident_date": received_on - timedelta(days=1),
        "received_on": received_on,
        "children_in_household": 1,
        "victim_age_band": "25_34",
        "victim_gender": "female",
        "victim_ethnicity": "white",
    }
    values.update(fields)
    return ReferralReceived(**values)


def risk_assessed(*, referral_id: uuid.UUID, level: str = "high", **fields: object) -> RiskAssessed:
    values: dict[str, object] = {
        "referral_id": referral_id,
        "area": "york",
        "score": {"standard": 3, "medium": 11, "high": 16}[level],
        "level": level,
        "criteria": ["visible_high_risk"] if level == "high" else [],
        "marac_referral": level == "high",
        "assessed_on": date(2024, 1, 1),
    }
    values.update(fields)
    return RiskAssessed(**values)


def referral_routed(
    *,
    referral_id: uuid.UUID,
    routed_at: datetime,
    provider: str = "idas",
    service: str = "idas_community_support",
    **fields: object,
) -> ReferralRouted:
    values: dict[str, object] = {
        "referral_id": referral_id,
        "route_id": uuid.uuid4(),
        "area": "york",
        "provider": provider,
        "service": service,
        "routed_at": routed_at,
    }
    values.update(fields)
    return ReferralRouted(**values)


def provider_status(
    route: ReferralRouted, *, previous: str, status: str, occurred_at: datetime, **fields: object
) -> ProviderStatusChanged:
    values: dict[str, object] = {
        "referral_id": route.referral_id,
        "route_id": route.route_id,
        "area": route.area,
        "provider": route.provider,
        "service": route.service,
        "previous_status": previous,
        "status": status,
        "routed_at": route.routed_at,
        "occurred_at": occurred_at,
    }
    values.update(fields)
    return ProviderStatusChanged(**values)


def marac_referral_made(*, referred_on: date, **fields: object) -> MaracReferralMade:
    values: dict[str, object] = {
        "referral_id": uuid.uuid4(),
        "victim_id": uuid.uuid4(),
        "area": "york",
        "marac_area": "york",
        "referring_agency": "north-yorkshire-police",
        "referrer_kind": "police",
        "criteria": ["visible_high_risk"],
        "repeat": False,
        "score": 15,
        "level": "high",
        "children_in_household": 0,
        "referred_on": referred_on,
        "victim_age_band": "25_34",
        "victim_gender": "female",
        "victim_ethnicity": "white",
    }
    values.update(fields)
    return MaracReferralMade(**values)


def consent_changed(
    *, referral_id: uuid.UUID, status: str, lawful_basis: str, **fields: object
) -> ConsentChanged:
    """A change of a referral's consent; sharing stops when consent was the basis."""
    values: dict[str, object] = {
        "referral_id": referral_id,
        "area": "scarborough",
        "previous_status": "given",
        "status": status,
        "previous_lawful_basis": "consent",
        "lawful_basis": lawful_basis,
        "sharing_stopped": lawful_basis == "consent" and status != "given",
        "changed_at": datetime.now(UTC),
    }
    values.update(fields)
    return ConsentChanged(**values)


def hate_incident(
    *,
    on: date,
    hour: int = 1,
    strands: Sequence[str] = ("race",),
    kind: str = "crime",
    area: str = "york",
    officer: bool = False,
    **fields: object,
) -> HateIncidentReported:
    """At `hour` local (Europe/London) time on `on`."""
    from zoneinfo import ZoneInfo

    local = datetime.combine(on, time(hour, 30), tzinfo=ZoneInfo("Europe/London"))
    values: dict[str, object] = {
        "report_id": uuid.uuid4(),
        "kind": kind,
        "strands": list(strands),
        "occurred_at": local.astimezone(UTC),
        "area": area,
        "victim_police_officer_on_duty": officer,
        "reporting_channel": "police",
    }
    values.update(fields)
    return HateIncidentReported(**values)
