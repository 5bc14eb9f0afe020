"""Every table of referral-hub (imported by the migrations' env.py)."""

from referral_hub.delivery.models import WebhookAttempt, WebhookDelivery
from referral_hub.hate.models import HateReport
from referral_hub.imports.models import TABLES as IMPORT_TABLES
from referral_hub.index.models import Person, PersonCandidateKey, PersonKey
from referral_hub.intake.models import IdempotencyRecord
from referral_hub.referral.models import Referral, Route
from referral_hub.routes.models import RouteStatusChange

__all__ = [
    "IMPORT_TABLES",
    "HateReport",
    "IdempotencyRecord",
    "Person",
    "PersonCandidateKey",
    "PersonKey",
    "Referral",
    "Route",
    "RouteStatusChange",
    "WebhookAttempt",
    "WebhookDelivery",
]
