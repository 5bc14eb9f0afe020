"""Events svd-fund publishes on `csp.svd-fund`: the Prevention and Early Identification
Fund's rounds opened and closed, bids submitted and assessed, awards, payments,
monitoring returns scheduled, submitted and approved, and the needs assessment's measures
published.

Ids, codes, dates, counts and money in pence: never a description, an organisation's
or a person's name, nor any free text. The one exception is `round_opened`'s titles of
the priorities and activity types the round funds: the partnership's configured
strategy words (one line, at most 64 characters), never anything a bidder wrote, so
that reporting can show "Violence against women and girls" for `vawg`. Awarded
projects' titles and recipients are public, but in the round's 360Giving export, not
here: a consumer joins on `giving_id` (the grant's id in the export). docs/svd-fund.md
says why.
"""

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from csp_common.contracts.equality import AgeBand
from csp_common.events import Code, EventPayload, Topic

SVD_FUND = Topic(name="csp.svd-fund", owner="svd-fund")

BidOutcome = Literal["submitted", "ineligible"]
AssessmentOutcome = Literal["assessed", "needs_moderation"]
ReturnKind = Literal["quarterly", "evaluation"]
OutputMeasure = Literal[
    "participants",
    "sessions",
    "weapons_surrendered",
    "people_trained",
    "campaign_reach",
    "referrals_made",
    "venues_engaged",
]
Pence = int

TITLE_PATTERN = r"^[^\s\x00-\x1f\x7f-\x9f\u2028\u2029](?:[^\x00-\x1f\x7f-\x9f\u2028\u2029]*\S)?$"
Title = Annotated[str, StringConstraints(pattern=TITLE_PATTERN, max_length=64)]
"""A configured title of a priority or an activity type: one trimmed line, at most 64
characters (the longest an event string may be)."""
MAX_TITLES = 200


class RoundTitles(BaseModel):
    """The titles, by code, of the round's priorities and activity types as svd-fund's
    settings gave them when the round opened."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    priorities: dict[Code, Title] = Field(default_factory=dict, max_length=MAX_TITLES)
    activity_types: dict[Code, Title] = Field(default_factory=dict, max_length=MAX_TITLES)


class RoundOpened(EventPayload):
    type = "csp.svd-fund.round_opened.v1"
    topic = SVD_FUND
    round_id: uuid.UUID
    budget_pence: Pence = Field(ge=0)
    grant_cap_pence: Pence = Field(ge=0)
    opens_at: datetime
    closes_at: datetime
    priorities: list[Code]
    titles: RoundTitles = Field(
        default_factory=RoundTitles,
        description="Titles of the round's priorities and activity types; empty in events "
        "published before titles travelled",
    )


class RoundClosed(EventPayload):
    type = "csp.svd-fund.round_closed.v1"
    topic = SVD_FUND
    round_id: uuid.UUID
    closes_at: datetime
    bids_submitted: int = Field(ge=0)


class BidSubmitted(EventPayload):
    type = "csp.svd-fund.bid_submitted.v1"
    topic = SVD_FUND
    bid_id: uuid.UUID
    round_id: uuid.UUID
    outcome: BidOutcome
    amount_pence: Pence = Field(ge=0)
    priorities: list[Code]
    activity_types: list[Code]
    areas: list[Code]
    submitted_at: datetime


class BidAssessed(EventPayload):
    """All the bid's assessors have scored it: assessed on their average, or sent to
    moderation (then `moderated` once the panel has decided)."""

    type = "csp.svd-fund.bid_assessed.v1"
    topic = SVD_FUND
    bid_id: uuid.UUID
    round_id: uuid.UUID
    outcome: AssessmentOutcome
    final_score_hundredths: int | None = Field(default=None, ge=0, le=500)
    spread_hundredths: int = Field(ge=0, le=500)
    moderated: bool = False


class AwardMade(EventPayload):
    type = "csp.svd-fund.award_made.v1"
    topic = SVD_FUND
    grant_id: uuid.UUID
    giving_id: Code = Field(description="The grant's id in the round's 360Giving export")
    bid_id: uuid.UUID
    round_id: uuid.UUID
    amount_pence: Pence = Field(gt=0)
    round_awarded_pence: Pence = Field(ge=0)
    round_budget_pence: Pence = Field(ge=0)
    priorities: list[Code]
    activity_types: list[Code]
    areas: list[Code]
    awarded_on: date
    starts_on: date
    ends_on: date


class PaymentMade(EventPayload):
    type = "csp.svd-fund.payment_made.v1"
    topic = SVD_FUND
    grant_id: uuid.UUID
    round_id: uuid.UUID
    tranche: int = Field(ge=1)
    amount_pence: Pence = Field(gt=0)
    paid_on: date


class OutputCount(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    measure: OutputMeasure
    age_band: AgeBand | None = None
    count: int = Field(ge=0)


class ReturnScheduled(EventPayload):
    """A monitoring return in a grant's schedule, made when the organisation accepts the
    grant agreement (one event per return). Its due date never moves."""

    type = "csp.svd-fund.return_scheduled.v1"
    topic = SVD_FUND
    return_id: uuid.UUID
    grant_id: uuid.UUID
    round_id: uuid.UUID
    seq: int = Field(ge=1)
    kind: ReturnKind
    due_on: date


class ReturnSubmitted(EventPayload):
    type = "csp.svd-fund.return_submitted.v1"
    topic = SVD_FUND
    return_id: uuid.UUID
    grant_id: uuid.UUID
    round_id: uuid.UUID
    seq: int = Field(ge=1)
    kind: ReturnKind
    due_on: date
    submitted_on: date
    late: bool
    outputs: list[OutputCount]
    outcome_priorities: list[Code] = Field(description="Priorities the return reports on")


class ReturnApproved(EventPayload):
    type = "csp.svd-fund.return_approved.v1"
    topic = SVD_FUND
    return_id: uuid.UUID
    grant_id: uuid.UUID
    round_id: uuid.UUID
    seq: int = Field(ge=1)
    kind: ReturnKind
    due_on: date
    approved_on: date


class AreaMeasures(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    area: Code = Field(description="An area's code, or 'partnership'")
    population: int | None = Field(default=None, ge=0)
    violence_with_injury: int = Field(ge=0)
    violence_with_injury_per_1000: float | None = None
    knife_involved: int = Field(ge=0)
    knife_share_percent: float | None = None
    crime_severity_score: float | None = None
    domestic_abuse_crimes: int | None = Field(
        default=None,
        ge=0,
        description="Police-recorded crimes flagged as domestic abuse (null from publishers "
        "before the flag existed)",
    )


class Comparator(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    measure: Code
    geography: Code
    value: float


class MeasuresPublished(EventPayload):
    """A financial year's measures as the fund's team published them (computed from the
    aggregates at that moment; a later publication of the same year supersedes it)."""

    type = "csp.svd-fund.measures_published.v1"
    topic = SVD_FUND
    year: Code = Field(description="A financial year: 2022-23")
    weights_edition: Code | None = None
    published_on: date
    partnership: AreaMeasures
    areas: list[AreaMeasures]
    comparators: list[Comparator]
