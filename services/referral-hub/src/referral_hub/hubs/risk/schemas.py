"""Bodies of the ASB risk assessment and of the referral it may offer."""

import uuid
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from csp_common.fields import Reference, StrictInt
from referral_hub.codes import Ethnicity, Gender, Relationship, ServiceCode
from referral_hub.fields import DateNotInFuture, DateOfBirth, InputModel, unique_codes
from referral_hub.referral.schemas import MAX_SERVICES, ConsentIn, DashIn

QuestionCode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,48}$", max_length=49)]


class AssessmentIn(InputModel):
    """Yes or no to each of the partnership's ASB risk questions (GET
    /v1/hub-cases/risk-questions lists them with their weights); unanswered is no."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "answers": {"repeat_victim": True, "feels_unsafe": True, "vulnerable": True},
                    "domestic_abuse_indicated": False,
                    "assessed_on": "2023-03-03",
                }
            ]
        }
    )

    answers: dict[QuestionCode, bool] = Field(max_length=50)
    domestic_abuse_indicated: bool = Field(
        default=False, description="The behaviour is, or may be, domestic abuse"
    )
    assessed_on: DateNotInFuture


class AssessmentOut(BaseModel):
    id: uuid.UUID
    sequence: int = Field(description="1 for the first assessment, 2 for the re-assessment...")
    score: int
    level: Literal["standard", "medium", "high"]
    domestic_abuse_indicated: bool
    offers_referral: bool = Field(
        description="High risk or domestic abuse indicated: POST /v1/hub-cases/{id}/referral "
        "refers the victim into the referral flow"
    )
    assessing_agency: str
    assessed_on: date


class QuestionOut(BaseModel):
    code: str
    question: str
    weight: int


class RiskQuestionsOut(BaseModel):
    questions: list[QuestionOut]
    medium_from: int
    high_from: int


class HubReferralIn(InputModel):
    """What a referral needs that the case does not hold: the victim, the area and the
    incident come from the case, so nothing is typed twice."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "victim_ethnicity": "white",
                    "relationship": "ex_partner",
                    "children_in_household": 0,
                    "dash": {
                        "answers": {str(i): "no" for i in range(1, 25)},
                        "incidents_last_12_months": 2,
                    },
                    "consent": {"status": "given"},
                }
            ]
        }
    )

    victim_ethnicity: Ethnicity
    victim_date_of_birth: DateOfBirth | None = Field(
        default=None, description="Only if the person index does not hold it"
    )
    victim_gender: Gender | None = Field(
        default=None, description="Only if the person index does not hold it"
    )
    relationship: Relationship
    children_in_household: StrictInt = Field(ge=0, le=30)
    dash: DashIn
    consent: ConsentIn
    services_requested: unique_codes(ServiceCode, MAX_SERVICES) = Field(
        default_factory=list, examples=[["idas_community_support"]]
    )
    source_reference: Reference | None = Field(
        default=None, description="Default: the case's id (a retry refers nobody twice)"
    )


class HubReferralOut(BaseModel):
    case_id: uuid.UUID
    referral_id: uuid.UUID
    created: bool = Field(description="False when the case had already raised it")
