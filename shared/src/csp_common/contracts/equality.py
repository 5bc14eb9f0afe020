"""The equality vocabularies every service speaks: gender, ethnic group and age band.

They are what events carry instead of personal data (an age band, never a date of
birth), what national returns count, and what referral-hub, marac and reporting accept
and store. The values are the strings of the public APIs, the databases and the events:
never rename one; add a new member instead (consumers then learn it with the package).
"""

from datetime import date
from enum import StrEnum


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    NON_BINARY = "non_binary"
    NOT_STATED = "not_stated"


class Ethnicity(StrEnum):
    """Ethnic group, in the five broad groups of the SafeLives returns."""

    ASIAN = "asian"
    BLACK = "black"
    MIXED = "mixed"
    WHITE = "white"
    OTHER = "other"
    NOT_STATED = "not_stated"


class AgeBand(StrEnum):
    """Age bands carried by events and returns instead of dates of birth."""

    UNDER_16 = "under_16"
    AGE_16_17 = "16_17"
    AGE_18_24 = "18_24"
    AGE_25_34 = "25_34"
    AGE_35_44 = "35_44"
    AGE_45_54 = "45_54"
    AGE_55_64 = "55_64"
    AGE_65_PLUS = "65_plus"
    UNKNOWN = "unknown"


MINORITISED_ETHNICITIES: tuple[Ethnicity, ...] = (
    Ethnicity.ASIAN,
    Ethnicity.BLACK,
    Ethnicity.MIXED,
    Ethnicity.OTHER,
)
"""Black and minoritised ethnic groups, as the SafeLives MARAC return counts them."""
AGED_16_17: tuple[AgeBand, ...] = (AgeBand.AGE_16_17,)
"""Victims aged 16 or 17 (the SafeLives return counts them apart)."""
UNDER_18: tuple[AgeBand, ...] = (AgeBand.UNDER_16, AgeBand.AGE_16_17)
"""Children: perpetrators under 18 are counted apart."""
MALE: tuple[Gender, ...] = (Gender.MALE,)

# Lower bound (age in whole years) of each band, highest first.
_BAND_FLOORS: tuple[tuple[int, AgeBand], ...] = (
    (65, AgeBand.AGE_65_PLUS),
    (55, AgeBand.AGE_55_64),
    (45, AgeBand.AGE_45_54),
    (35, AgeBand.AGE_35_44),
    (25, AgeBand.AGE_25_34),
    (18, AgeBand.AGE_18_24),
    (16, AgeBand.AGE_16_17),
)


def age_in_years(*, date_of_birth: date, on: date) -> int:
    """Completed years of age on `on` (a 29 February birthday falls on 1 March)."""
    before_birthday = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - int(before_birthday)


def age_band(*, date_of_birth: date | None, on: date) -> AgeBand:
    """Age band of a person on a date; `unknown` without a date of birth or if born after `on`."""
    if date_of_birth is None or date_of_birth > on:
        return AgeBand.UNKNOWN
    age = age_in_years(date_of_birth=date_of_birth, on=on)
    for floor, band in _BAND_FLOORS:
        if age >= floor:
            return band
    return AgeBand.UNDER_16
