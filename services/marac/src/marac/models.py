"""Every table of marac, imported in one place for Alembic."""

from marac.action.models import Action
from marac.attendance.models import Attendance, Escalation
from marac.case.models import MaracCase
from marac.conference.models import InformationShared
from marac.config.models import AreaConfigRow, PolicyRow
from marac.handover.models import CaseExport, CaseImport
from marac.imports.models import TABLES as IMPORT_TABLES
from marac.matac.models import Intervention, MatacIncident, Nomination
from marac.meeting.models import Meeting
from marac.referral.models import Referral, ReferralRoute
from marac.research.models import Research
from marac.tables import idempotency_records

__all__ = [
    "IMPORT_TABLES",
    "Action",
    "AreaConfigRow",
    "Attendance",
    "CaseExport",
    "CaseImport",
    "Escalation",
    "InformationShared",
    "Intervention",
    "MaracCase",
    "MatacIncident",
    "Meeting",
    "Nomination",
    "PolicyRow",
    "Referral",
    "ReferralRoute",
    "Research",
    "idempotency_records",
]
