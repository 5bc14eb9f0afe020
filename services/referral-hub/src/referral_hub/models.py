"""Every table of referral-hub (imported by the migrations' env.py)."""

from referral_hub.hate.models import HateReport
from referral_hub.imports.models import ImportJob, ImportRowError
from referral_hub.index.models import Person, PersonCandidateKey, PersonKey
from referral_hub.provider.models import WebhookAttempt, WebhookDelivery
from referral_hub.referral.models import IdempotencyRecord, Referral, Route, RouteStatusChange

__all__ = [
    "HateReport",
    "IdempotencyRecord",
    "ImportJob",
    "ImportRowError",
    "Person",
    "PersonCandidateKey",
    "PersonKey",
    "Referral",
    "Route",
    "RouteStatusChange",
    "WebhookAttempt",
    "WebhookDelivery",
]
