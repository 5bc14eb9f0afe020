"""The community safety hubs' configuration, part of the partnership's.

The defaults are the statutory ones and the common local procedure; a partnership's
file changes any of them under `hubs` (no code changes): its hub areas, the kinds of
case and closing outcomes, the ASB risk questions with their weights and bands, the ASB
case review's threshold, windows and working-day deadlines, and the ladder of
interventions (and whether a step may be skipped).
"""

from typing import Literal

from pydantic import BaseModel, Field, model_validator

STATUTORY_THRESHOLD = 3
"""Qualifying complaints that meet the ASB case review threshold at most (s.104 ASB,
Crime and Policing Act 2014): a partnership may set a lower threshold, never a higher."""
STATUTORY_COMPLAINT_WINDOW_MONTHS = 1
STATUTORY_APPLICATION_WINDOW_MONTHS = 6


class HubArea(BaseModel):
    code: str = Field(pattern=r"^[a-z][a-z0-9-]{1,48}$")
    name: str


class RiskQuestion(BaseModel):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]{0,48}$")
    question: str
    weight: int = Field(ge=0, le=20)


class RiskBands(BaseModel):
    """A score from `medium` is medium risk, from `high` high; below, standard."""

    medium: int = Field(ge=1)
    high: int = Field(ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> "RiskBands":
        if self.high <= self.medium:
            raise ValueError("the high band must start above the medium band")
        return self


class CaseReviewRules(BaseModel):
    """The ASB case review ("community trigger")."""

    threshold: int = Field(default=STATUTORY_THRESHOLD, ge=1, le=STATUTORY_THRESHOLD)
    complaint_window_months: int = Field(
        default=STATUTORY_COMPLAINT_WINDOW_MONTHS,
        ge=STATUTORY_COMPLAINT_WINDOW_MONTHS,
        le=24,
        description="A complaint qualifies when made within this many months of the behaviour",
    )
    application_window_months: int = Field(
        default=STATUTORY_APPLICATION_WINDOW_MONTHS,
        ge=STATUTORY_APPLICATION_WINDOW_MONTHS,
        le=36,
        description="A complaint counts when the application is made within this many months of it",
    )
    acknowledge_working_days: int = Field(default=10, ge=1, le=60)
    decide_working_days: int = Field(default=15, ge=1, le=60)
    review_working_days: int = Field(
        default=20, ge=1, le=90, description="From the threshold decision to the review meeting"
    )
    bank_holidays: Literal["england_and_wales"] = "england_and_wales"
    appeal_route: str = Field(
        default="An applicant unhappy with how the review was carried out may ask the "
        "Police, Fire and Crime Commissioner's office to look at it again.",
        description="Told to every applicant with the review's outcome",
    )


class InterventionKind(BaseModel):
    """A tool of the ASB toolkit: its ladder (`behaviour` for a person, `premises`,
    `public_space` for a place) and its rung on that ladder (1 is the first)."""

    code: str = Field(pattern=r"^[a-z][a-z0-9_]{0,48}$")
    name: str
    ladder: str = Field(pattern=r"^[a-z][a-z0-9_]{0,48}$")
    step: int = Field(ge=1, le=20)
    target: Literal["person", "place"]
    statutory: bool


DEFAULT_QUESTIONS = [
    RiskQuestion(code="repeat_victim", question="Has this happened to you before?", weight=3),
    RiskQuestion(
        code="targeted", question="Do you feel targeted because of who you are?", weight=3
    ),
    RiskQuestion(code="feels_unsafe", question="Do you feel unsafe in your home?", weight=3),
    RiskQuestion(
        code="health_impact",
        question="Is it affecting your physical or mental health?",
        weight=2,
    ),
    RiskQuestion(
        code="vulnerable",
        question="Do you have a disability, illness or other vulnerability?",
        weight=3,
    ),
    RiskQuestion(code="isolated", question="Do you live alone or without support?", weight=1),
    RiskQuestion(code="children_affected", question="Are children affected?", weight=2),
    RiskQuestion(code="daily_life", question="Has it changed how you live your life?", weight=1),
    RiskQuestion(
        code="considering_moving", question="Are you thinking of moving because of it?", weight=1
    ),
    RiskQuestion(
        code="retaliation", question="Do you fear retaliation if you report it?", weight=2
    ),
]

DEFAULT_LADDER = [
    InterventionKind(
        code="warning_letter",
        name="Warning letter",
        ladder="behaviour",
        step=1,
        target="person",
        statutory=False,
    ),
    InterventionKind(
        code="acceptable_behaviour_contract",
        name="Acceptable behaviour contract",
        ladder="behaviour",
        step=2,
        target="person",
        statutory=False,
    ),
    InterventionKind(
        code="community_protection_warning",
        name="Community protection warning",
        ladder="behaviour",
        step=3,
        target="person",
        statutory=True,
    ),
    InterventionKind(
        code="community_protection_notice",
        name="Community protection notice",
        ladder="behaviour",
        step=4,
        target="person",
        statutory=True,
    ),
    InterventionKind(
        code="civil_injunction",
        name="Civil injunction",
        ladder="behaviour",
        step=5,
        target="person",
        statutory=True,
    ),
    InterventionKind(
        code="criminal_behaviour_order",
        name="Criminal behaviour order",
        ladder="behaviour",
        step=6,
        target="person",
        statutory=True,
    ),
    InterventionKind(
        code="closure_notice",
        name="Closure notice",
        ladder="premises",
        step=1,
        target="place",
        statutory=True,
    ),
    InterventionKind(
        code="closure_order",
        name="Closure order",
        ladder="premises",
        step=2,
        target="place",
        statutory=True,
    ),
    InterventionKind(
        code="public_spaces_protection_order",
        name="Public spaces protection order",
        ladder="public_space",
        step=1,
        target="place",
        statutory=True,
    ),
]


class HubsConfiguration(BaseModel):
    areas: list[HubArea] = Field(default_factory=list)
    case_kinds: list[str] = Field(
        default_factory=lambda: [
            "asb_personal",
            "asb_nuisance",
            "asb_environmental",
            "drugs",
            "alcohol",
            "reoffending",
            "crime_prevention",
        ]
    )
    closing_outcomes: list[str] = Field(
        default_factory=lambda: [
            "resolved",
            "improved",
            "no_further_action",
            "referred_elsewhere",
            "unresolved",
        ]
    )
    risk_questions: list[RiskQuestion] = Field(default_factory=lambda: list(DEFAULT_QUESTIONS))
    risk_bands: RiskBands = Field(default_factory=lambda: RiskBands(medium=8, high=14))
    case_review: CaseReviewRules = Field(default_factory=CaseReviewRules)
    interventions: list[InterventionKind] = Field(default_factory=lambda: list(DEFAULT_LADDER))
    ladder_skipping_allowed: bool = Field(
        default=False,
        description="Whether an intervention may be issued without the rung below it first",
    )

    @model_validator(mode="after")
    def _consistent(self) -> "HubsConfiguration":
        rungs = [(k.ladder, k.step) for k in self.interventions]
        if len(set(rungs)) != len(rungs):
            raise ValueError("two interventions share a rung of the same ladder")
        if len({k.code for k in self.interventions}) != len(self.interventions):
            raise ValueError("an intervention code is listed twice")
        if len({q.code for q in self.risk_questions}) != len(self.risk_questions):
            raise ValueError("a risk question code is listed twice")
        return self

    def area(self, code: str) -> HubArea | None:
        return next((a for a in self.areas if a.code == code), None)

    def intervention(self, code: str) -> InterventionKind | None:
        return next((k for k in self.interventions if k.code == code), None)

    @property
    def area_codes(self) -> list[str]:
        return [a.code for a in self.areas]
