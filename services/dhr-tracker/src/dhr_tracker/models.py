"""Every table of dhr-tracker, imported in one place for Alembic."""

from dhr_tracker.anonymisation.models import AnonymisationCheck
from dhr_tracker.contribution.models import Contribution
from dhr_tracker.family.models import FamilyLogEntry
from dhr_tracker.home_office.models import DecisionAnswer, ReportSent
from dhr_tracker.imports.models import TABLES as IMPORT_TABLES
from dhr_tracker.learning.models import TrainingItem, TrainingSession
from dhr_tracker.recommendation.models import Recommendation, RecommendationAction
from dhr_tracker.record.models import (
    DeadlineNotice,
    PanelMember,
    ReferenceCounter,
    Review,
    ReviewMove,
    ReviewPause,
)
from dhr_tracker.sealed.models import SealedIdentity

__all__ = [
    "IMPORT_TABLES",
    "AnonymisationCheck",
    "Contribution",
    "DeadlineNotice",
    "DecisionAnswer",
    "FamilyLogEntry",
    "PanelMember",
    "Recommendation",
    "RecommendationAction",
    "ReferenceCounter",
    "ReportSent",
    "Review",
    "ReviewMove",
    "ReviewPause",
    "SealedIdentity",
    "TrainingItem",
    "TrainingSession",
]
