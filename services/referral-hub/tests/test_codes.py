from datetime import date
from enum import StrEnum

import pytest

from referral_hub.codes import (
    AgeBand,
    ClosureOutcome,
    ConsentStatus,
    DashAnswer,
    Ethnicity,
    FeedbackStatus,
    Gender,
    HateReportKind,
    HateStrand,
    LawfulBasis,
    MaracCriterion,
    ReferralStatus,
    Relationship,
    RiskLevel,
    RouteStatus,
    age_band,
    age_in_years,
)

ON = date(2026, 11, 21)


@pytest.mark.parametrize(
    ("enum", "values"),
    [
        (Gender, ["female", "male", "non_binary", "not_stated"]),
        (Ethnicity, ["asian", "black", "mixed", "white", "other", "not_stated"]),
        (Relationship, ["intimate_partner", "ex_partner", "family_member", "household_member"]),
        (DashAnswer, ["yes", "no", "not_known"]),
        (RiskLevel, ["standard", "medium", "high"]),
        (
            MaracCriterion,
            ["visible_high_risk", "professional_judgement", "potential_escalation", "repeat"],
        ),
        (ConsentStatus, ["given", "refused", "not_sought", "withdrawn", "overridden"]),
        (
            LawfulBasis,
            [
                "consent",
                "vital_interests",
                "public_task",
                "legal_obligation",
                "legitimate_interests",
            ],
        ),
        (ReferralStatus, ["received", "in_progress", "closed", "withdrawn"]),
        (HateStrand, ["race", "religion", "sexual_orientation", "disability", "transgender"]),
        (HateReportKind, ["crime", "non_crime_incident"]),
        (
            AgeBand,
            [
                "under_16",
                "16_17",
                "18_24",
                "25_34",
                "35_44",
                "45_54",
                "55_64",
                "65_plus",
                "unknown",
            ],
        ),
        (RouteStatus, ["sent", "accepted", "declined", "contacted", "engaged", "closed"]),
        (FeedbackStatus, ["accepted", "declined", "contacted", "engaged", "closed"]),
    ],
)
def test_contract_values(enum: type[StrEnum], values: list[str]) -> None:
    assert [member.value for member in enum] == values


def test_codes_compare_as_strings() -> None:
    assert RiskLevel.HIGH == "high"
    assert f"{ReferralStatus.CLOSED}" == "closed"
    assert "programme_completed" in {outcome.value for outcome in ClosureOutcome}


@pytest.mark.parametrize(
    ("date_of_birth", "band"),
    [
        (date(2010, 11, 22), AgeBand.UNDER_16),  # 15, 16 tomorrow
        (date(2010, 11, 21), AgeBand.AGE_16_17),  # 16 today
        (date(2008, 11, 22), AgeBand.AGE_16_17),  # 17, 18 tomorrow
        (date(2008, 11, 21), AgeBand.AGE_18_24),
        (date(2001, 11, 22), AgeBand.AGE_18_24),
        (date(2001, 11, 21), AgeBand.AGE_25_34),
        (date(1991, 11, 21), AgeBand.AGE_35_44),
        (date(1981, 11, 21), AgeBand.AGE_45_54),
        (date(1971, 11, 21), AgeBand.AGE_55_64),
        (date(1961, 11, 22), AgeBand.AGE_55_64),
        (date(1961, 11, 21), AgeBand.AGE_65_PLUS),
        (date(1920, 1, 1), AgeBand.AGE_65_PLUS),
        (date(2026, 11, 21), AgeBand.UNDER_16),  # born today
    ],
)
def test_age_band_boundaries(date_of_birth: date, band: AgeBand) -> None:
    assert age_band(date_of_birth=date_of_birth, on=ON) is band


def test_age_band_unknown() -> None:
    assert age_band(date_of_birth=None, on=ON) is AgeBand.UNKNOWN
    assert age_band(date_of_birth=date(2026, 11, 22), on=ON) is AgeBand.UNKNOWN


def test_leap_day_birthday_counts_from_first_of_march() -> None:
    born = date(2008, 2, 29)
    assert age_in_years(date_of_birth=born, on=date(2026, 2, 28)) == 17
    assert age_in_years(date_of_birth=born, on=date(2026, 3, 1)) == 18
    assert age_band(date_of_birth=born, on=date(2026, 2, 28)) is AgeBand.AGE_16_17
