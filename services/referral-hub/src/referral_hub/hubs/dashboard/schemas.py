"""A hub's dashboard and the hubs' configuration, as answered."""

from datetime import date

from pydantic import BaseModel, Field

from csp_common.hub_configuration import CaseReviewRules, InterventionKind, RiskQuestion


class HubDashboard(BaseModel):
    """A hub's work as its coordinator follows it: counts, no people."""

    hub: str
    on: date = Field(description="The day the figures are for")
    open_cases: int
    open_by_kind: dict[str, int]
    open_by_risk_level: dict[str, int] = Field(
        description="Open cases by their latest assessment's level (`unassessed` if none)"
    )
    opened_last_12_months: int
    closed_last_12_months: int
    closed_by_outcome: dict[str, int] = Field(description="Cases closed in the last 12 months")
    repeat_locations: int = Field(description="Places with more than one open case")
    actions_overdue: int = Field(description="Plan actions past their due date, not completed")
    plans_due_review: int = Field(description="Plans whose review date has come")
    interventions_in_force: dict[str, int] = Field(description="Issued, not expired, by kind")
    case_reviews_awaiting_decision: int
    case_review_decisions_overdue: int


class HubsConfigurationOut(BaseModel):
    hubs: dict[str, str] = Field(description="Hub area code -> name")
    case_kinds: list[str]
    closing_outcomes: list[str]
    risk_questions: list[RiskQuestion]
    risk_bands: dict[str, int] = Field(description="The score from which a band starts")
    interventions: list[InterventionKind]
    ladder_skipping_allowed: bool
    case_review: CaseReviewRules
