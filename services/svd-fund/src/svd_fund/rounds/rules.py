"""A round's judging rules as data: eligibility questions, weighted criteria on a 0-5
rubric, and the defaults a round starts from."""

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from svd_fund.fields import Code, OneLine

RUBRIC = {
    0: "No response",
    1: "Minimal response",
    2: "Clear response",
    3: "Clear response",
    4: "Detailed response",
    5: "Detailed response",
}
"""What each score of a criterion means (the same 0-5 scale for every criterion)."""
TOP_SCORE = max(RUBRIC)


class EligibilityQuestion(BaseModel):
    """A yes/no question; a bid is eligible only if every answer is the one required."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    code: Code
    question: OneLine
    required_answer: StrictBool = True
    reason: OneLine = Field(description="Why a bid answering otherwise is not eligible")


class Criterion(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    code: Code
    title: OneLine
    weight: int = Field(ge=1, le=100, description="Percent; a round's weights add up to 100")


def default_questions() -> list[EligibilityQuestion]:
    return [
        EligibilityQuestion(
            code="not-for-profit",
            question="Is your organisation not for profit (a charity, a community or "
            "voluntary group, a social enterprise, a school or a public body)?",
            reason="The fund pays not-for-profit organisations only.",
        ),
        EligibilityQuestion(
            code="delivers-locally",
            question="Will the project be delivered in North Yorkshire or York?",
            reason="Projects must be delivered in North Yorkshire or York.",
        ),
        EligibilityQuestion(
            code="safeguarding-policy",
            question="Does your organisation have a safeguarding policy?",
            reason="Organisations working with children or adults at risk need a "
            "safeguarding policy.",
        ),
        EligibilityQuestion(
            code="statutory-duty",
            question="Would the money pay for something your organisation must already "
            "provide by law?",
            required_answer=False,
            reason="The fund does not pay for statutory services.",
        ),
    ]


def default_criteria() -> list[Criterion]:
    return [
        Criterion(code="need", title="Evidence of need", weight=25),
        Criterion(code="delivery", title="Project delivery and partnership", weight=25),
        Criterion(code="outcomes", title="Outcomes and their measurement", weight=30),
        Criterion(code="value", title="Value for money and sustainability", weight=20),
    ]


DEFAULT_ASSESSORS = 2
DEFAULT_SPREAD = Decimal("1.00")
"""Weighted scores (0-5) further apart than this send a bid to moderation."""


def eligibility(
    questions: list[EligibilityQuestion], answers: dict[str, bool]
) -> tuple[bool, list[str]]:
    """Whether the answers make a bid eligible, and the reasons it is not (an unanswered
    question counts against it)."""
    reasons = [
        question.reason if question.code in answers else f"Not answered: {question.question}"
        for question in questions
        if answers.get(question.code) is not question.required_answer
    ]
    return not reasons, reasons
