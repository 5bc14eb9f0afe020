"""Every table of referral-hub (imported by the migrations' env.py)."""

from referral_hub.consent.models import ConsentChange
from referral_hub.delivery.models import WebhookAttempt, WebhookDelivery
from referral_hub.hate.models import HateReport
from referral_hub.hubs.cases.models import (
    HubCase,
    HubCaseAgency,
    HubCaseLink,
    HubCasePerson,
    HubIncident,
    HubLocation,
)
from referral_hub.hubs.interventions.models import HubBreach, HubIntervention
from referral_hub.hubs.plans.models import HubPlan, HubPlanAction
from referral_hub.hubs.risk.models import HubRiskAssessment
from referral_hub.hubs.trigger.models import HubCaseReview
from referral_hub.imports.models import TABLES as IMPORT_TABLES
from referral_hub.index.models import Person, PersonCandidateKey, PersonKey, PersonMatchReview
from referral_hub.marac_cases.models import MaracCase
from referral_hub.referral.models import Referral, Route
from referral_hub.retention.models import Erasure
from referral_hub.returns.models import ProviderReturn
from referral_hub.routes.models import RouteStatusChange
from referral_hub.tables import idempotency_records

__all__ = [
    "IMPORT_TABLES",
    "ConsentChange",
    "Erasure",
    "HateReport",
    "HubBreach",
    "HubCase",
    "HubCaseAgency",
    "HubCaseLink",
    "HubCasePerson",
    "HubCaseReview",
    "HubIncident",
    "HubIntervention",
    "HubLocation",
    "HubPlan",
    "HubPlanAction",
    "HubRiskAssessment",
    "MaracCase",
    "Person",
    "PersonCandidateKey",
    "PersonKey",
    "PersonMatchReview",
    "ProviderReturn",
    "Referral",
    "Route",
    "RouteStatusChange",
    "WebhookAttempt",
    "WebhookDelivery",
    "idempotency_records",
]
