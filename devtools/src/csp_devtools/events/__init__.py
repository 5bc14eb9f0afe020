"""Event factories, one module per contract (`csp_common.contracts`): each builds a valid
payload with sensible defaults; a test passes only the fields it cares about. All of them
are importable from here too."""

from csp_devtools.events.hubs import (
    hub_case_closed,
    hub_case_opened,
    hub_incident_logged,
    hub_intervention_breached,
    hub_intervention_issued,
    hub_risk_assessed,
    review_held,
    threshold_decided,
    trigger_application_received,
)
from csp_devtools.events.marac import (
    action_completed,
    action_created,
    attendance,
    case_heard,
    case_referred,
    escalation,
    matac_intervention,
    matac_nominated,
    matac_scored,
)
from csp_devtools.events.referrals import (
    consent_changed,
    hate_incident,
    marac_referral_made,
    provider_status,
    referral_received,
    referral_routed,
    risk_assessed,
)

__all__ = [
    "action_completed",
    "action_created",
    "attendance",
    "case_heard",
    "case_referred",
    "consent_changed",
    "escalation",
    "hate_incident",
    "hub_case_closed",
    "hub_case_opened",
    "hub_incident_logged",
    "hub_intervention_breached",
    "hub_intervention_issued",
    "hub_risk_assessed",
    "marac_referral_made",
    "matac_intervention",
    "matac_nominated",
    "matac_scored",
    "provider_status",
    "referral_received",
    "referral_routed",
    "review_held",
    "risk_assessed",
    "threshold_decided",
    "trigger_application_received",
]
