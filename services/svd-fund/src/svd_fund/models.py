"""Every table of svd-fund, imported in one place for Alembic."""

from svd_fund.assessment.models import Assignment, ModeratedScore, Score
from svd_fund.bids.models import Bid, BudgetLine
from svd_fund.organisations.models import Organisation
from svd_fund.rounds.models import FundRound

__all__ = [
    "Assignment",
    "Bid",
    "BudgetLine",
    "FundRound",
    "ModeratedScore",
    "Organisation",
    "Score",
]
