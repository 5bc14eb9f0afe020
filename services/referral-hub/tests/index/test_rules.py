import re
from datetime import date
from typing import Any

import pytest

from referral_hub.index.rules import (
    CandidateKind,
    candidate_keys,
    match_key,
    normalise_name,
    normalise_postcode,
)

DOB = date(1990, 4, 2)


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("Ann", "ann"),
        ("  ANN  ", "ann"),
        ("Zoë", "zoe"),
        ("Zoe\u0308", "zoe"),  # decomposed diaeresis
        ("José", "jose"),
        ("Siobhán", "siobhan"),
        ("O'Brien", "obrien"),
        ("O\u2019Brien", "obrien"),  # right single quotation mark
        ("O\u02bcBrien", "obrien"),  # modifier letter apostrophe
        ("Smith-Jones", "smithjones"),
        ("Smith Jones", "smithjones"),
        ("Smith\u2013Jones", "smithjones"),  # en dash
        ("St. John", "stjohn"),
        ("Weiß", "weiss"),
        ("Øster", "oster"),
        ("Łukasz", "lukasz"),
        ("Ærø", "aero"),
        ("--", ""),
    ],
)
def test_normalise_name(raw: str, normalised: str) -> None:
    assert normalise_name(raw) == normalised


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("YO11 1AA", "YO11 1AA"),
        ("yo111aa", "YO11 1AA"),
        ("  yo11   1aa ", "YO11 1AA"),
        ("Yo11\t1Aa", "YO11 1AA"),
        ("hg12ab", "HG1 2AB"),
        ("M1 1AE", "M1 1AE"),
        ("b338th", "B33 8TH"),
        ("cr26xh", "CR2 6XH"),
        ("DN551PT", "DN55 1PT"),
        ("w1a0ax", "W1A 0AX"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("gir0aa", "GIR 0AA"),
    ],
)
def test_normalise_postcode(raw: str, normalised: str) -> None:
    assert normalise_postcode(raw) == normalised


@pytest.mark.parametrize(
    "raw", ["", "YO11", "YO11 1A", "1YO 1AA", "YO11 1CA", "YO11 AAA", "YO111 1AA", "GIR 1AA"]
)
def test_normalise_postcode_refuses_non_uk(raw: str) -> None:
    with pytest.raises(ValueError, match="not a UK postcode"):
        normalise_postcode(raw)


def test_match_key_is_stable_across_spelling_variants() -> None:
    first = match_key(
        given_name="Zoë", family_name="O'Brien", date_of_birth=DOB, postcode="yo111aa"
    )
    second = match_key(
        given_name=" ZOE ", family_name="O\u2019brien", date_of_birth=DOB, postcode="YO11 1AA"
    )
    assert first == second
    assert re.fullmatch(r"[0-9a-f]{64}", first)


def test_match_key_differs_on_each_field() -> None:
    base: dict[str, Any] = {
        "given_name": "Ann",
        "family_name": "Smith",
        "date_of_birth": DOB,
        "postcode": "YO11 1AA",
    }
    key = match_key(**base)
    for change in (
        {"given_name": "Anne"},
        {"family_name": "Smyth"},
        {"date_of_birth": date(1990, 4, 3)},
        {"postcode": "YO11 1AB"},
        {"postcode": None},
    ):
        assert match_key(**base | change) != key, change


def test_match_key_holds_no_readable_personal_data() -> None:
    key = match_key(
        given_name="Annabelle", family_name="Smithson", date_of_birth=DOB, postcode="YO11 1AA"
    )
    for fragment in ("annabelle", "smithson", "1990", "yo11", "ann", "smith"):
        assert fragment not in key.lower()


def test_match_key_with_secret_is_keyed() -> None:
    fields: dict[str, Any] = {
        "given_name": "Ann",
        "family_name": "Smith",
        "date_of_birth": DOB,
        "postcode": None,
    }
    plain = match_key(**fields)
    keyed = match_key(**fields, secret=b"pepper")
    assert keyed != plain
    assert keyed == match_key(**fields, secret=b"pepper")
    assert keyed != match_key(**fields, secret=b"other")


@pytest.mark.parametrize("odd", ["--", "---", "\U0001f600", "...", "\u200d", "?!"])
def test_a_name_without_letters_or_digits_gives_no_exact_key(odd: str) -> None:
    for given, family in ((odd, "Smith"), ("Ann", odd), (odd, odd)):
        key = match_key(given_name=given, family_name=family, date_of_birth=DOB, postcode=None)
        assert key is None  # too little to merge two referrals on


def test_candidate_keys_match_on_the_names_that_exist() -> None:
    fields: dict[str, Any] = {"date_of_birth": DOB, "postcode": "YO11 1AA"}
    no_given = candidate_keys(given_name="\U0001f600", family_name="Smith", **fields)
    assert [key.kind for key in no_given] == [CandidateKind.FAMILY_DOB]
    no_family = candidate_keys(given_name="Ann", family_name="---", **fields)
    assert [key.kind for key in no_family] == [CandidateKind.GIVEN_DOB_POSTCODE]
    assert candidate_keys(given_name="--", family_name="\U0001f600", **fields) == []
    same = candidate_keys(given_name="Ann", family_name="Smith", **fields)
    assert no_given[0] == same[0] and no_family[0] == same[-1]


def test_candidate_keys_all_kinds_in_order() -> None:
    keys = candidate_keys(
        given_name="Ann", family_name="Smith", date_of_birth=DOB, postcode="YO11 1AA"
    )
    assert [key.kind for key in keys] == list(CandidateKind)
    assert len({key.key for key in keys}) == len(keys)
    exact = match_key(given_name="Ann", family_name="Smith", date_of_birth=DOB, postcode="YO11 1AA")
    assert exact not in {key.key for key in keys}


def _shared(a: dict, b: dict) -> set[CandidateKind]:
    keys_a = {key.key: key.kind for key in candidate_keys(**a)}
    return {key.kind for key in candidate_keys(**b) if key.key in keys_a}


def test_candidates_catch_a_move_and_a_nickname() -> None:
    before = {
        "given_name": "Ann",
        "family_name": "Smith",
        "date_of_birth": DOB,
        "postcode": "YO11 1AA",
    }
    moved = before | {"given_name": "Annie", "postcode": "HG1 2AB"}
    assert _shared(before, moved) == {CandidateKind.FAMILY_DOB, CandidateKind.INITIAL_FAMILY_DOB}


def test_candidates_catch_a_changed_family_name() -> None:
    before = {
        "given_name": "Ann",
        "family_name": "Smith",
        "date_of_birth": DOB,
        "postcode": "YO11 1AA",
    }
    renamed = before | {"family_name": "Jones"}
    assert _shared(before, renamed) == {CandidateKind.GIVEN_DOB_POSTCODE}


def test_candidates_catch_a_mistyped_date_of_birth() -> None:
    before = {
        "given_name": "Ann",
        "family_name": "Smith",
        "date_of_birth": DOB,
        "postcode": "YO11 1AA",
    }
    typo = before | {"date_of_birth": date(1990, 2, 4)}
    assert _shared(before, typo) == {CandidateKind.GIVEN_FAMILY_POSTCODE}


def test_candidate_keys_skip_missing_fields() -> None:
    no_dob = candidate_keys(
        given_name="Rob", family_name="Jones", date_of_birth=None, postcode="YO11 2BB"
    )
    assert [key.kind for key in no_dob] == [CandidateKind.GIVEN_FAMILY_POSTCODE]
    no_postcode = candidate_keys(
        given_name="Rob", family_name="Jones", date_of_birth=DOB, postcode=None
    )
    assert [key.kind for key in no_postcode] == [
        CandidateKind.FAMILY_DOB,
        CandidateKind.INITIAL_FAMILY_DOB,
    ]
    assert (
        candidate_keys(given_name="Rob", family_name="Jones", date_of_birth=None, postcode=None)
        == []
    )
