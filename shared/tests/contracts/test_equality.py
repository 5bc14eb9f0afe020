"""The equality vocabularies, defined once, and the contracts that carry them."""

import uuid
from datetime import date

import pytest
from pydantic import ValidationError

from csp_common.contracts.equality import (
    AGED_16_17,
    MINORITISED_ETHNICITIES,
    UNDER_18,
    AgeBand,
    Ethnicity,
    Gender,
    age_band,
    age_in_years,
)
from csp_common.contracts.marac import CaseReferred, MatacNominated
from csp_common.contracts.referrals import ReferralReceived
from csp_common.events.envelope import encode_payload

ON = date(2026, 11, 21)


def test_the_values_are_the_public_strings() -> None:
    """The strings of the APIs, the databases and every event ever published."""
    assert [g.value for g in Gender] == ["female", "male", "non_binary", "not_stated"]
    assert [e.value for e in Ethnicity] == [
        "asian",
        "black",
        "mixed",
        "white",
        "other",
        "not_stated",
    ]
    assert [b.value for b in AgeBand] == [
        "under_16",
        "16_17",
        "18_24",
        "25_34",
        "35_44",
        "45_54",
        "55_64",
        "65_plus",
        "unknown",
    ]
    assert set(MINORITISED_ETHNICITIES) == set(Ethnicity) - {Ethnicity.WHITE, Ethnicity.NOT_STATED}
    assert set(AGED_16_17) < set(UNDER_18) < set(AgeBand)


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (None, AgeBand.UNKNOWN),
        (date(2026, 11, 22), AgeBand.UNKNOWN),
        (date(2026, 11, 21), AgeBand.UNDER_16),
        (date(2010, 11, 22), AgeBand.UNDER_16),
        (date(2010, 11, 21), AgeBand.AGE_16_17),
        (date(2008, 11, 22), AgeBand.AGE_16_17),
        (date(2008, 11, 21), AgeBand.AGE_18_24),
        (date(2001, 11, 21), AgeBand.AGE_25_34),
        (date(1991, 11, 22), AgeBand.AGE_25_34),
        (date(1991, 11, 21), AgeBand.AGE_35_44),
        (date(1981, 11, 21), AgeBand.AGE_45_54),
        (date(1971, 11, 21), AgeBand.AGE_55_64),
        (date(1961, 11, 21), AgeBand.AGE_65_PLUS),
        (date(1900, 1, 1), AgeBand.AGE_65_PLUS),
    ],
)
def test_age_bands_turn_on_the_birthday(born: date | None, band: AgeBand) -> None:
    assert age_band(date_of_birth=born, on=ON) == band


def test_a_29_february_birthday_falls_on_1_march() -> None:
    born = date(2008, 2, 29)
    assert age_in_years(date_of_birth=born, on=date(2026, 2, 28)) == 17
    assert age_in_years(date_of_birth=born, on=date(2026, 3, 1)) == 18


def _received(**equality: object) -> ReferralReceived:
    values: dict[str, object] = {
        "referral_id": uuid.uuid4(),
        "victim_id": uuid.uuid4(),
        "area": "york",
        "referring_agency": "north-yorkshire-police",
        "referrer_kind": "police",
        "relationship": "ex_partner",
        "incident_date": ON,
        "received_on": ON,
        "children_in_household": 0,
        "victim_age_band": "25_34",
        "victim_gender": "female",
        "victim_ethnicity": "white",
    }
    return ReferralReceived.model_validate(values | equality)


def test_the_contracts_carry_the_vocabularies_and_publish_their_strings() -> None:
    event = _received(perpetrator_gender="male", perpetrator_age_band="16_17")
    assert event.victim_gender is Gender.FEMALE
    assert event.perpetrator_age_band is AgeBand.AGE_16_17
    assert b'"victim_ethnicity":"white"' in encode_payload(event)
    for model, field, vocabulary in (
        (ReferralReceived, "victim_age_band", "AgeBand"),
        (ReferralReceived, "victim_ethnicity", "Ethnicity"),
        (CaseReferred, "victim_gender", "Gender"),
        (CaseReferred, "perpetrator_gender", "Gender"),
        (MatacNominated, "subject_age_band", "AgeBand"),
    ):
        schema = model.model_json_schema()
        assert f"#/$defs/{vocabulary}" in str(schema["properties"][field]), (model, field)


@pytest.mark.parametrize(
    "equality",
    [
        {"victim_gender": "woman"},
        {"victim_ethnicity": "White"},
        {"victim_age_band": "16-17"},
        {"perpetrator_gender": "x" * 60},
        {"perpetrator_age_band": "65+"},
    ],
)
def test_a_code_outside_the_vocabulary_is_refused(equality: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        _received(**equality)
