"""Referral events to facts."""

from collections.abc import Iterator

from csp_common.contracts.access import ReferralHubAccessAlert
from csp_common.contracts.referrals import (
    ConsentChanged,
    MaracReferralMade,
    PersonsMerged,
    ReferralReceived,
    ReferralStatusChanged,
    RiskAssessed,
)
from reporting.projection import Projecting, ignore, projects
from reporting.read_models import Fact
from reporting.referrals.models import MaracReferral, Referral, ReferralStatus, RiskAssessment

# Reporting keeps no person ids, so a merge of two person records changes no figure; an
# access alert is for the data protection team, not a published figure; no published
# figure counts consent yet, so its changes are read and left.
ignore(PersonsMerged, ReferralHubAccessAlert, ConsentChanged)


@projects(ReferralReceived)
def referral_received(p: ReferralReceived, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        Referral,
        {
            "referral_id": p.referral_id,
            "area": p.area,
            "referring_agency": p.referring_agency,
            "referrer_kind": p.referrer_kind,
            "relationship": p.relationship,
            "channel": p.channel,
            "received_on": p.received_on,
            "incident_date": p.incident_date,
            "children_in_household": p.children_in_household,
            "event_time": ctx.event_time,
        },
    )


@projects(RiskAssessed)
def risk_assessed(p: RiskAssessed, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        RiskAssessment,
        {
            "referral_id": p.referral_id,
            "area": p.area,
            "score": p.score,
            "level": p.level,
            "marac_referral": p.marac_referral,
            "assessed_on": p.assessed_on,
            "event_time": ctx.event_time,
        },
    )


@projects(ReferralStatusChanged)
def referral_status_changed(p: ReferralStatusChanged, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        ReferralStatus,
        {
            "referral_id": p.referral_id,
            "area": p.area,
            "status": p.status,
            "changed_on": ctx.local(p.changed_at).date(),
            "event_time": ctx.event_time,
        },
    )


@projects(MaracReferralMade)
def marac_referral_made(p: MaracReferralMade, ctx: Projecting) -> Iterator[Fact]:
    criteria = set(p.criteria)
    yield Fact(
        MaracReferral,
        {
            "referral_id": p.referral_id,
            "area": p.area,
            "marac_area": p.marac_area,
            "referring_agency": p.referring_agency,
            "referrer_kind": p.referrer_kind,
            "level": p.level,
            "repeat": p.repeat,
            "visible_high_risk": "visible_high_risk" in criteria,
            "professional_judgement": "professional_judgement" in criteria,
            "potential_escalation": "potential_escalation" in criteria,
            "repeat_criterion": "repeat" in criteria,
            "referred_on": p.referred_on,
            "event_time": ctx.event_time,
        },
    )
