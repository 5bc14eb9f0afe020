"""Every table of svd-fund, imported in one place for Alembic."""

from svd_fund.assessment.models import Assignment, ModeratedScore, Score
from svd_fund.awards.models import Decision, Grant, Tranche
from svd_fund.bids.models import Bid, BudgetLine
from svd_fund.measures.imports import TABLES as IMPORT_TABLES
from svd_fund.measures.models import Comparator, CrimeCount, Population, SeverityWeight
from svd_fund.monitoring.models import MonitoringReturn
from svd_fund.organisations.models import Organisation
from svd_fund.rounds.models import FundRound

__all__ = [
    "IMPORT_TABLES",
    "Assignment",
    "Bid",
    "BudgetLine",
    "Comparator",
    "CrimeCount",
    "Decision",
    "FundRound",
    "Grant",
    "ModeratedScore",
    "MonitoringReturn",
    "Organisation",
    "Population",
    "Score",
    "SeverityWeight",
    "Tranche",
]
