"""The referrals API's bodies: what a referral is sent as (unknown fields refused), what it
is answered with, and how stored referrals become answers."""

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    model_validator,
)

from csp_common.fields import (
    LongText,
    Name,
    Reference,
    ShortText,
    StrictInt,
)
from referral_hub.codes import (
    ConsentStatus,
    DashAnswer,
    Ethnicity,
    Gender,
    LawfulBasis,
    MaracCriterion,
    ReferralStatus,
    Relationship,
    RiskLevel,
    RouteStatus,
    ServiceCode,
)
from referral_hub.fields import (
    AreaCode,
    ContactNote,
    DateNotInFuture,
    DateOfBirth,
    InputModel,
    Postcode,
    unique_codes,
)
from referral_hub.index.models import Person
from referral_hub.policy import DASH_QUESTIONS
from referral_hub.referral.models import Referral
from referral_hub.referral.sharing import sharing_stopped

# --- request bodies --------------------------------------------------------------------

STALKING_QUESTIONS = 11
STALKING_TRIGGER_QUESTION = "8"


def question_keys(count: int) -> tuple[str, ...]:
    """The keys of a checklist with `count` questions: "1".."count"."""
    return tuple(str(number) for number in range(1, count + 1))


DASH_KEYS = question_keys(DASH_QUESTIONS)
STALKING_KEYS = question_keys(STALKING_QUESTIONS)


def _exact_keys(keys: Sequence[str]) -> AfterValidator:
    def check(answers: dict[str, DashAnswer]) -> dict[str, DashAnswer]:
        missing = [key for key in keys if key not in answers]
        unknown = sorted(set(answers) - set(keys))
        if missing or unknown:
            problems = []
            if missing:
                problems.append(f"missing {', '.join(missing)}")
            if unknown:
                named = ", ".join(repr(key[:20]) for key in unknown[:5])
                more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
                problems.append(f"unknown {named}{more}")
            raise ValueError(
                f"answers must have exactly the keys '1'..'{len(keys)}': {'; '.join(problems)}"
            )
        return {key: answers[key] for key in keys}  # in question order

    return AfterValidator(check)


def _answers_schema(keys: Sequence[str]) -> dict[str, Any]:
    return {"required": list(keys), "propertyNames": {"enum": list(keys)}}


# Bounded before anything is validated, so an oversized list or map costs nothing: a
# list of codes holds each code once at most, a checklist a few more keys than it has.
MAX_ANSWER_KEYS = 2 * DASH_QUESTIONS
DashAnswers = Annotated[
    dict[str, DashAnswer], Field(max_length=MAX_ANSWER_KEYS), _exact_keys(DASH_KEYS)
]
StalkingAnswers = Annotated[
    dict[str, DashAnswer], Field(max_length=MAX_ANSWER_KEYS), _exact_keys(STALKING_KEYS)
]


MAX_SERVICES = 64
"""Services one referral may ask for: a bound, whatever the partnership runs."""


# --- POST /v1/referrals --------------------------------------------------------------


class VictimIn(InputModel):
    given_name: Name = Field(description="Given name", examples=["Ann"])
    family_name: Name = Field(description="Family name", examples=["Smith"])
    date_of_birth: DateOfBirth = Field(description="In the past, not before 1900")
    gender: Gender = Field(examples=["female"])
    ethnicity: Ethnicity = Field(examples=["white"])
    disability: bool | None = Field(default=None, description="null when not known")
    lgbt: bool | None = Field(default=None, description="LGBT+; null when not known")
    postcode: Postcode | None = Field(
        default=None,
        description="UK postcode, stored upper case with one space; null for no fixed abode",
        examples=["YO11 1AA"],
    )
    safe_contact: ContactNote = Field(
        default=None,
        description="How and when the victim can be contacted safely",
        examples=["07700 900123, after 6pm"],
    )


class PerpetratorIn(InputModel):
    given_name: Name = Field(description="Given name", examples=["Rob"])
    family_name: Name = Field(description="Family name", examples=["Jones"])
    date_of_birth: DateOfBirth | None = Field(default=None, description="If known")
    gender: Gender | None = Field(default=None, examples=["male"])
    postcode: Postcode | None = Field(
        default=None,
        description="UK postcode, stored upper case with one space",
        examples=["YO11 2BB"],
    )


class ProfessionalJudgement(InputModel):
    high_risk: bool = Field(
        default=False,
        description="The referrer judges the risk high whatever the score (raises, never lowers)",
    )
    reasons: LongText = Field(
        default=None, description="Required when high_risk is true", examples=[None]
    )

    @model_validator(mode="after")
    def _reasons_when_high_risk(self) -> Self:
        if self.high_risk and self.reasons is None:
            raise ValueError("reasons are required when professional judgement is high risk")
        return self


class StalkingIn(InputModel):
    """The S-DASH supplementary questions, asked after a "yes" to DASH question 8."""

    answers: StalkingAnswers = Field(
        description="Exactly the keys '1'..'11', each yes, no or not_known",
        json_schema_extra=_answers_schema(STALKING_KEYS),
    )


class DashIn(InputModel):
    answers: DashAnswers = Field(
        description="SafeLives Dash RIC: exactly the keys '1'..'24', each yes, no or not_known",
        json_schema_extra=_answers_schema(DASH_KEYS),
    )
    professional_judgement: ProfessionalJudgement = Field(default_factory=ProfessionalJudgement)
    incidents_last_12_months: StrictInt = Field(
        ge=0, le=1000, description="Domestic abuse incidents in the past 12 months", examples=[1]
    )
    stalking: StalkingIn | None = Field(
        default=None, description="S-DASH; only allowed when answer 8 is yes"
    )

    @model_validator(mode="after")
    def _stalking_needs_question_8(self) -> Self:
        if self.stalking is not None and self.answers[STALKING_TRIGGER_QUESTION] != "yes":
            raise ValueError("stalking (S-DASH) answers are only allowed when answer 8 is yes")
        return self


ARRIVING_CONSENT = frozenset({ConsentStatus.GIVEN, ConsentStatus.REFUSED, ConsentStatus.NOT_SOUGHT})


class ConsentIn(InputModel):
    status: ConsentStatus = Field(description="Whether the victim consented to the referral")
    basis: LawfulBasis | None = Field(
        default=None,
        description="Lawful basis for sharing; defaults to consent when consent is given, "
        "and must be another basis when it is not",
    )

    @model_validator(mode="after")
    def _basis_matches_status(self) -> Self:
        if self.status not in ARRIVING_CONSENT:
            raise ValueError(
                f"a referral arrives with consent given, refused or not_sought; record "
                f"{self.status} afterwards with POST /v1/referrals/{{id}}/consent"
            )
        given = self.status is ConsentStatus.GIVEN
        if self.basis is None and given:
            self.basis = LawfulBasis.CONSENT
        elif self.basis is None:
            raise ValueError("a lawful basis is required to share without consent")
        elif self.basis is LawfulBasis.CONSENT and not given:
            raise ValueError(f"basis cannot be consent when consent is {self.status}")
        return self


_DASH_EXAMPLE = dict(zip(DASH_KEYS, [
    "yes", "no", "not_known", "yes", "no", "yes", "no", "no", "no", "yes", "yes", "yes",
    "no", "no", "no", "no", "no", "no", "no", "yes", "no", "no", "no", "no",
], strict=True))  # fmt: skip

REFERRAL_EXAMPLE: dict[str, Any] = {
    "area": "scarborough",
    "incident_date": "2026-11-20",
    "victim": {
        "given_name": "Ann",
        "family_name": "Smith",
        "date_of_birth": "1990-04-02",
        "gender": "female",
        "ethnicity": "white",
        "disability": False,
        "lgbt": False,
        "postcode": "YO11 1AA",
        "safe_contact": "07700 900123, after 6pm",
    },
    "perpetrator": {
        "given_name": "Rob",
        "family_name": "Jones",
        "date_of_birth": "1986-01-15",
        "gender": "male",
        "postcode": "YO11 2BB",
    },
    "relationship": "ex_partner",
    "children_in_household": 2,
    "dash": {
        "answers": _DASH_EXAMPLE,
        "professional_judgement": {"high_risk": False, "reasons": None},
        "incidents_last_12_months": 1,
    },
    "consent": {"status": "given", "basis": "consent"},
    "services_requested": ["idas_community_support"],
}


class ReferralIn(InputModel):
    """Body of POST /v1/referrals."""

    model_config = ConfigDict(json_schema_extra={"examples": [REFERRAL_EXAMPLE]})

    area: AreaCode = Field(
        description="Community safety hub area code (checked against configuration)",
        examples=["scarborough"],
    )
    incident_date: DateNotInFuture = Field(
        description="Date of the incident that led to the referral"
    )
    victim: VictimIn
    perpetrator: PerpetratorIn | None = Field(default=None, description="If known")
    relationship: Relationship = Field(description="Of the perpetrator to the victim")
    children_in_household: StrictInt = Field(ge=0, le=30, examples=[2])
    dash: DashIn
    consent: ConsentIn
    services_requested: unique_codes(ServiceCode, MAX_SERVICES) = Field(
        default_factory=list,
        description="Services the referrer asks for (unique codes)",
        examples=[["idas_community_support"]],
    )
    source_reference: Reference | None = Field(
        default=None, description="The referring agency's own case id", examples=["NYP-2026-000123"]
    )


# --- other bodies -----------------------------------------------------------------------


class ReferralStatusPatch(InputModel):
    """Body of PATCH /v1/referrals/{id}."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"status": "withdrawn", "reason": "Duplicate referral"}]}
    )

    status: ReferralStatus
    reason: ShortText = Field(default=None, description="Why the status changed")


# --- answers ----------------------------------------------------------------------------

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No valid access token"},
    403: {"description": "The token lacks the scope"},
    422: {"description": "The body or a parameter is not valid (problem+json with pointers)"},
}


def etag(version: int) -> str:
    """The ETag of a referral's version (`If-Match` sends it back)."""
    return f'"{version}"'


class RiskOut(BaseModel):
    score: int = Field(description="Number of yes answers out of 24", examples=[14])
    level: RiskLevel = Field(description="Band after professional judgement")
    actuarial_level: RiskLevel = Field(description="Band from the score alone")
    marac_criteria: list[MaracCriterion] = Field(description="MARAC criteria met")


class RouteOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    provider: str = Field(examples=["idas"])
    service: str | None = Field(description="null for MARAC", examples=["idas_community_support"])
    status: RouteStatus
    reasons: list[str] = Field(description="Why the rules chose this route")
    routed_at: datetime
    decline_reason: str | None = None
    outcome_codes: list[str] = []


class PersonOut(BaseModel):
    id: uuid.UUID
    given_name: str
    family_name: str
    date_of_birth: date | None
    gender: str | None
    postcode: str | None


class VictimOut(PersonOut):
    ethnicity: str
    disability: bool | None
    lgbt: bool | None
    age_band: str
    safe_contact: str | None


class ConsentOut(BaseModel):
    """A referral's consent now, as a code."""

    status: ConsentStatus
    basis: LawfulBasis
    sharing_stopped: bool = Field(
        description="Consent was the basis and it is no longer given: nothing more is shared"
    )


def consent_out(*, status: str, basis: str) -> ConsentOut:
    return ConsentOut(
        status=ConsentStatus(status),
        basis=LawfulBasis(basis),
        sharing_stopped=sharing_stopped(status=status, basis=basis),
    )


class ReferralOut(BaseModel):
    """A referral, as its referrer, its providers and its area's coordinators see it."""

    id: uuid.UUID
    status: str
    version: int
    area: str
    marac_area: str
    referring_agency: str
    source_reference: str | None
    incident_date: date
    received_at: datetime
    victim: VictimOut
    perpetrator: PersonOut | None
    relationship: str
    children_in_household: int
    dash_answers: dict[str, str]
    incidents_last_12_months: int
    professional_judgement: dict[str, object]
    consent: ConsentOut
    services_requested: list[str]
    risk: RiskOut
    marac_referral: bool
    repeat: bool = Field(description="A repeat MARAC referral of the same victim and perpetrator")
    routes: list[RouteOut]


class ReferralSummary(BaseModel):
    """A referral in a list: no names or contact details."""

    id: uuid.UUID
    status: str
    area: str
    referring_agency: str
    incident_date: date
    received_at: datetime
    victim_id: uuid.UUID
    perpetrator_id: uuid.UUID | None
    score: int
    level: RiskLevel
    marac_referral: bool
    repeat: bool


class ReferralPage(BaseModel):
    items: list[ReferralSummary]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end"
    )


def _risk(source: Any) -> RiskOut:
    return RiskOut(
        score=source["score"],
        level=source["level"],
        actuarial_level=source["actuarial_level"],
        marac_criteria=source["criteria"],
    )


def referral_out_of_row(
    row: dict[str, Any],
    *,
    victim: dict[str, Any],
    perpetrator: dict[str, Any] | None,
    routes: list[Any],
) -> ReferralOut:
    return ReferralOut(
        id=row["id"],
        status=row["status"],
        version=row["version"],
        area=row["area"],
        marac_area=row["marac_area"],
        referring_agency=row["referring_agency"],
        source_reference=row["source_reference"],
        incident_date=row["incident_date"],
        received_at=row["received_at"],
        victim=VictimOut(
            **victim,
            ethnicity=row["victim_ethnicity"],
            disability=row["victim_disability"],
            lgbt=row["victim_lgbt"],
            age_band=row["victim_age_band"],
            safe_contact=row["victim_safe_contact"],
        ),
        perpetrator=PersonOut(**perpetrator) if perpetrator else None,
        relationship=row["relationship"],
        children_in_household=row["children_in_household"],
        dash_answers=row["dash_answers"],
        incidents_last_12_months=row["incidents_last_12_months"],
        professional_judgement={
            "high_risk": row["judgement_high_risk"],
            "reasons": row["judgement_reasons"],
        },
        consent=consent_out(status=row["consent_status"], basis=row["consent_basis"]),
        services_requested=row["services_requested"],
        risk=_risk(row),
        marac_referral=row["marac_referral"],
        repeat=row["repeat"],
        routes=[RouteOut.model_validate(r) for r in routes],
    )


def _person(person: Person) -> dict[str, Any]:
    return {
        "id": person.id,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "date_of_birth": person.date_of_birth,
        "gender": person.gender,
        "postcode": person.postcode,
    }


def referral_out(
    referral: Referral, *, victim: Person, perpetrator: Person | None, routes: list[Any]
) -> ReferralOut:
    return referral_out_of_row(
        referral.model_dump(),
        victim=_person(victim),
        perpetrator=_person(perpetrator) if perpetrator else None,
        routes=routes,
    )


def summary_out(row: Any) -> ReferralSummary:
    return ReferralSummary(
        id=row.id,
        status=row.status,
        area=row.area,
        referring_agency=row.referring_agency,
        incident_date=row.incident_date,
        received_at=row.received_at,
        victim_id=row.victim_id,
        perpetrator_id=row.perpetrator_id,
        score=row.score,
        level=row.level,
        marac_referral=row.marac_referral,
        repeat=row.repeat,
    )
