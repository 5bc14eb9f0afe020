"""Request bodies of the referral-hub API (pydantic v2; unknown fields are refused).

Dates, date-times, numbers and text follow the platform's strict rule (`csp_common.fields`).

Dates "not in the future" are compared with the validation context when one is
given (`Model.model_validate(data, context={"today": date(...), "now": datetime(...)})`),
otherwise with the civil date in `CIVIL_TIMEZONE` and the current UTC time.
"""

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Self, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    model_validator,
)

from csp_common.fields import (
    BlankIsNull,
    LongText,
    MultiLine,
    Name,
    Reference,
    ShortText,
    SingleLine,
    StrictDate,
    StrictDatetime,
    StrictInt,
)
from referral_hub.domain.codes import (
    ClosureOutcome,
    ConsentStatus,
    DashAnswer,
    DeclineReason,
    Ethnicity,
    FeedbackStatus,
    FoundationService,
    Gender,
    HateReportKind,
    HateStrand,
    IdasService,
    LawfulBasis,
    ReferralStatus,
    Relationship,
    ReportingChannel,
    ServiceCode,
)
from referral_hub.index.rules import normalise_postcode

DASH_QUESTIONS = 24
STALKING_QUESTIONS = 11
STALKING_TRIGGER_QUESTION = "8"
EARLIEST_DATE = date(1900, 1, 1)
CLOCK_SKEW = timedelta(minutes=5)
CIVIL_TIMEZONE = "Europe/London"

T = TypeVar("T")


def question_keys(count: int) -> tuple[str, ...]:
    """The keys of a checklist with `count` questions: "1".."count"."""
    return tuple(str(number) for number in range(1, count + 1))


DASH_KEYS = question_keys(DASH_QUESTIONS)
STALKING_KEYS = question_keys(STALKING_QUESTIONS)


# --- clock -------------------------------------------------------------------------


def _context(info: ValidationInfo) -> dict[str, Any]:
    return info.context if isinstance(info.context, dict) else {}


def today_from(info: ValidationInfo) -> date:
    """`context["today"]`, else the date of `context["now"]` or of now, in CIVIL_TIMEZONE."""
    context = _context(info)
    today = context.get("today")
    if isinstance(today, date):
        return today.date() if isinstance(today, datetime) else today
    moment = now_from(info)
    try:
        return moment.astimezone(ZoneInfo(CIVIL_TIMEZONE)).date()
    except ZoneInfoNotFoundError:  # no time zone database: fall back to UTC
        return moment.astimezone(UTC).date()


def now_from(info: ValidationInfo) -> datetime:
    """`context["now"]` (timezone-aware), else the current UTC time."""
    moment = _context(info).get("now")
    return moment if isinstance(moment, datetime) else datetime.now(UTC)


# --- reusable field types --------------------------------------------------------------


def _date_not_in_future(value: date, info: ValidationInfo) -> date:
    today = today_from(info)
    if value > today:
        raise ValueError(f"must not be in the future (today is {today.isoformat()})")
    if value < EARLIEST_DATE:
        raise ValueError(f"must not be before {EARLIEST_DATE.isoformat()}")
    return value


def _date_of_birth(value: date, info: ValidationInfo) -> date:
    if value >= today_from(info):
        raise ValueError("date of birth must be in the past")
    return _date_not_in_future(value, info)


def _datetime_not_in_future(value: datetime, info: ValidationInfo) -> datetime:
    now = now_from(info)
    if value > now + CLOCK_SKEW:
        raise ValueError(f"must not be in the future (now is {now.isoformat()})")
    return value


def _unique(values: list[T]) -> list[T]:
    duplicates = sorted(str(value) for value, count in Counter(values).items() if count > 1)
    if duplicates:
        raise ValueError(f"values must be unique; repeated: {', '.join(duplicates)}")
    return values


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


Postcode = Annotated[
    str, StringConstraints(max_length=16), SingleLine, AfterValidator(normalise_postcode)
]
AreaCode = Annotated[str, StringConstraints(max_length=49, pattern=r"^[a-z][a-z0-9-]{1,48}$")]
_Note = StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
ContactNote = Annotated[Annotated[str, _Note, MultiLine] | None, BlankIsNull]
"""Optional up to 200 characters; line breaks allowed (a note typed into a text box)."""
DateNotInFuture = Annotated[StrictDate, AfterValidator(_date_not_in_future)]
DateOfBirth = Annotated[StrictDate, AfterValidator(_date_of_birth)]
NotInFuture = AfterValidator(_datetime_not_in_future)
DatetimeNotInFuture = Annotated[StrictDatetime, NotInFuture]
# Bounded before anything is validated, so an oversized list or map costs nothing: a
# list of codes holds each code once at most, a checklist a few more keys than it has.
MAX_ANSWER_KEYS = 2 * DASH_QUESTIONS
DashAnswers = Annotated[
    dict[str, DashAnswer], Field(max_length=MAX_ANSWER_KEYS), _exact_keys(DASH_KEYS)
]
StalkingAnswers = Annotated[
    dict[str, DashAnswer], Field(max_length=MAX_ANSWER_KEYS), _exact_keys(STALKING_KEYS)
]


def _codes(code: Any, count: int) -> Any:
    """A list of unique codes: at most `count` (every code once)."""
    return Annotated[list[code], Field(max_length=count), AfterValidator(_unique)]


SERVICE_CODES = len(IdasService) + len(FoundationService)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- POST /v1/referrals --------------------------------------------------------------


class VictimIn(_Model):
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


class PerpetratorIn(_Model):
    given_name: Name = Field(description="Given name", examples=["Rob"])
    family_name: Name = Field(description="Family name", examples=["Jones"])
    date_of_birth: DateOfBirth | None = Field(default=None, description="If known")
    gender: Gender | None = Field(default=None, examples=["male"])
    postcode: Postcode | None = Field(
        default=None,
        description="UK postcode, stored upper case with one space",
        examples=["YO11 2BB"],
    )


class ProfessionalJudgement(_Model):
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


class StalkingIn(_Model):
    """The S-DASH supplementary questions, asked after a "yes" to DASH question 8."""

    answers: StalkingAnswers = Field(
        description="Exactly the keys '1'..'11', each yes, no or not_known",
        json_schema_extra=_answers_schema(STALKING_KEYS),
    )


class DashIn(_Model):
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


class ConsentIn(_Model):
    status: ConsentStatus = Field(description="Whether the victim consented to the referral")
    basis: LawfulBasis | None = Field(
        default=None,
        description="Lawful basis for sharing; defaults to consent when consent is given, "
        "and must be another basis when it is not",
    )

    @model_validator(mode="after")
    def _basis_matches_status(self) -> Self:
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


class ReferralIn(_Model):
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
    services_requested: _codes(ServiceCode, SERVICE_CODES) = Field(
        default_factory=list,
        description="Services the referrer asks for (unique codes)",
        examples=[["idas_community_support"]],
    )
    source_reference: Reference | None = Field(
        default=None, description="The referring agency's own case id", examples=["NYP-2026-000123"]
    )


# --- other bodies -----------------------------------------------------------------------


class ReferralStatusPatch(_Model):
    """Body of PATCH /v1/referrals/{id}."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"status": "withdrawn", "reason": "Duplicate referral"}]}
    )

    status: ReferralStatus
    reason: ShortText = Field(default=None, description="Why the status changed")


class ProviderFeedback(_Model):
    """What a provider reports about a route sent to it (see `feedback.TRANSITIONS`)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"status": "accepted"},
                {
                    "status": "declined",
                    "reason": "Outside our service area",
                    "reason_code": "outside_service_area",
                },
                {
                    "status": "closed",
                    "outcome_codes": ["risk_reduced", "safety_plan_in_place"],
                    "occurred_at": "2026-12-01T10:30:00Z",
                },
            ]
        }
    )

    status: FeedbackStatus
    reason: ShortText = Field(default=None, description="Required when status is declined")
    reason_code: DeclineReason | None = Field(
        default=None,
        description="With declined: the reason as a code for the performance figures "
        "(defaults to other)",
        examples=["outside_service_area"],
    )
    outcome_codes: _codes(ClosureOutcome, len(ClosureOutcome)) = Field(
        default_factory=list, description="Required (one or more) when status is closed, else empty"
    )
    occurred_at: DatetimeNotInFuture | None = Field(
        default=None, description="When it happened, with a UTC offset; defaults to receipt time"
    )

    @model_validator(mode="after")
    def _status_rules(self) -> Self:
        if self.status is FeedbackStatus.DECLINED and self.reason is None:
            raise ValueError("reason is required when status is declined")
        if self.status is FeedbackStatus.CLOSED and not self.outcome_codes:
            raise ValueError("outcome_codes (one or more) are required when status is closed")
        if self.status is not FeedbackStatus.DECLINED and self.reason_code is not None:
            raise ValueError("reason_code is only allowed when status is declined")
        if self.status is not FeedbackStatus.CLOSED and self.outcome_codes:
            raise ValueError("outcome_codes are only allowed when status is closed")
        return self


class HateReportIn(_Model):
    """Body of POST /v1/hate-reports.

    Deliberately holds no victim name, address or free text: the 2023 code of
    practice on non-crime hate incidents limits the personal data kept.
    """

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "crime",
                    "strands": ["race", "religion"],
                    "occurred_at": "2026-11-20T01:15:00Z",
                    "area": "harrogate",
                    "victim_police_officer_on_duty": False,
                    "reporting_channel": "police",
                }
            ]
        }
    )

    kind: HateReportKind
    strands: _codes(HateStrand, len(HateStrand)) = Field(
        min_length=1, description="One or more monitored strands"
    )
    occurred_at: DatetimeNotInFuture = Field(description="With a UTC offset")
    area: AreaCode = Field(examples=["harrogate"])
    victim_police_officer_on_duty: bool = False
    reporting_channel: ReportingChannel
    source_reference: Reference | None = Field(default=None, description="The reporter's own id")
