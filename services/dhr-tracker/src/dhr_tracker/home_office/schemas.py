"""What callers send and get about the Home Office, the recipients and publication."""

import uuid
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from csp_common.contracts.dhr import Decision, QaOutcomeCode
from dhr_tracker.fields import Code, InputDate, OptionalProse

HomeOfficeAnswer = Literal["agreed", "overturned"]
ReportDocument = Literal["overview_report", "executive_summary", "action_plan"]


class DecisionAnswerIn(BaseModel):
    """The Home Office's answer to a decision not to review. `overturned` reopens the
    review (it moves to `decided` with the decision `review`) and needs `reasons`."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"answer": "agreed", "answered_on": "2024-03-15"}]},
    )
    answer: HomeOfficeAnswer
    answered_on: InputDate
    reasons: OptionalProse = None


class DecisionAnswerOut(BaseModel):
    answer: HomeOfficeAnswer
    answered_on: date
    reasons: str | None


class ReportSentIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"recipient": "home_office", "document": "overview_report", "sent_on": "2024-08-01"}
            ]
        },
    )
    recipient: Code = Field(
        description="One of the configured recipients (DHR_TRACKER_REPORT_RECIPIENTS)"
    )
    document: ReportDocument = "overview_report"
    sent_on: InputDate


class ReportSentOut(BaseModel):
    id: uuid.UUID
    recipient: str
    document: ReportDocument
    sent_on: date


class DecisionOut(BaseModel):
    decision: Decision
    decided_on: date
    reasons: str | None
    home_office_told_on: date | None
    answers: list[DecisionAnswerOut]


class QaRoundOut(BaseModel):
    """One submission to the Home Office Quality Assurance Panel and its letter."""

    submitted_on: date
    outcome: QaOutcomeCode | None
    letter_on: date | None
    requested_changes: str | None


class PublicationOut(BaseModel):
    published_on: date
    address: str


class HomeOfficeOut(BaseModel):
    review_id: uuid.UUID
    decision: DecisionOut | None
    qa_rounds: list[QaRoundOut]
    recipients: list[ReportSentOut]
    recipients_outstanding: list[str] = Field(
        description="Required recipients (DHR_TRACKER_REQUIRED_REPORT_RECIPIENTS) not yet "
        "sent the overview report, once it has gone to QA"
    )
    publication: PublicationOut | None
