"""Finding a sealed identifier in text, whatever its case, accents or line breaks."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dhr_tracker.anonymisation.rules import Address, Passage, SealedPerson, find_mentions

VICTIM = SealedPerson(
    ref="victim",
    names=("Zoë Ann O'Brien-Smith",),
    dates_of_birth=(date(1985, 3, 7),),
    addresses=(Address(lines=("Flat 2, 12 Acacia Avenue",), postcode="YO11 2AB"),),
)
MOTHER = SealedPerson(ref="family-1", names=("Mary Smith",))


def found(text: str, *people: SealedPerson) -> list[tuple[str, str]]:
    return [(m.kind, m.text) for m in find_mentions([Passage("text", text)], people or [VICTIM])]


@pytest.mark.parametrize(
    "text",
    [
        "ZOË ANN O'BRIEN-SMITH",
        "zoe ann obrien smith",
        "Zoe Ann O\u2019Brien\u2010Smith",
        "Zoë Ann O'Brien-\nSmith",
        "Zo\u00eb Ann O'Bri\u00adenSmith",
        "Zoe\u00a0Ann\tO'Brien Smith",
    ],
)
def test_a_full_name_is_found_in_any_case_accent_and_spacing(text: str) -> None:
    assert found(f"We remember {text} today.") == [("name", " ".join(text.split()))]


@pytest.mark.parametrize(
    "text",
    [
        "born 7 March 1985",
        "born 7th of March, 1985",
        "born March 7th 1985",
        "born 07/03/1985",
        "born 7.3.85",
        "born 1985-03-07",
        "born 07-03-1985",
        "born 7 Mar 85",
        "born 03/07/1985",
        "born 07031985",
        "born 19850307",
        "born 7\nMARCH\n1985",
    ],
)
def test_a_date_of_birth_is_found_in_its_written_forms(text: str) -> None:
    assert [kind for kind, _ in found(text)] == ["date_of_birth"]


@pytest.mark.parametrize(
    "text",
    ["born 17 March 1985", "born 7 March 1986", "born 7 May 1985", "born 11/3/1985", "17031985"],
)
def test_other_dates_are_not_her_date_of_birth(text: str) -> None:
    assert found(text) == []


def test_day_and_month_are_not_confused_when_their_digits_run_together() -> None:
    november = SealedPerson(ref="v", dates_of_birth=(date(1985, 11, 1),))
    assert found("11/1/1985", november) == [("date_of_birth", "11/1/1985")]  # US order
    assert found("1/11/1985", november) == [("date_of_birth", "1/11/1985")]
    assert found("11 January 1985", november) == []


def test_parts_of_a_name_are_found_alone_but_not_inside_other_words() -> None:
    assert found("Ann was seen by Mrs O'Brien.") == [("name_part", "Ann"), ("name_part", "O'Brien")]
    assert found("Anne, Joanna and Smithson met in Annan.") == []
    assert found("the doctor metZoe later") == [("name_part", "Zoe")]


def test_an_address_line_and_postcode_are_found_but_not_the_town() -> None:
    text = "She lived at 12 Acacia\nAvenue, Scarborough YO112AB; flat 2 was empty."
    assert found(text) == [("address", "12 Acacia Avenue"), ("postcode", "YO112AB")]
    assert found("a house on acacia avenue") == [("address", "acacia avenue")]


def test_a_surname_two_people_share_is_one_mention_of_both() -> None:
    mentions = find_mentions([Passage("p", "Ms Smith spoke.")], [VICTIM, MOTHER])
    assert [(m.people, m.kind) for m in mentions] == [(("family-1", "victim"), "name_part")]
    full = find_mentions([Passage("p", "Mary Smith spoke.")], [VICTIM, MOTHER])
    assert [(m.people, m.kind, m.text) for m in full] == [(("family-1",), "name", "Mary Smith")]


def test_a_mention_says_where_it_is() -> None:
    passages = [Passage("page 1", "nothing here"), Passage("page 2", "line one\nand Zoe Ann")]
    (mention,) = find_mentions(passages, [VICTIM])
    assert (mention.location, mention.line, mention.start, mention.end) == ("page 2", 2, 13, 20)
    assert passages[1].text[mention.start : mention.end] == "Zoe Ann"


def test_text_of_other_scripts_and_symbols_does_not_break_the_search() -> None:
    text = "Иван met 🙂 Zoë\u200b Ann in 東京; ½ of the ﬁles\x00 were lost."
    assert found(text) == [("name", "Zoë\u200b Ann")]
    assert found("Иван", SealedPerson(ref="v", names=("Ivan",))) == [("name", "Иван")]


# Filler words from letters no sealed name of JANE DOE contains, and no digits.
FILLER = st.lists(
    st.text(alphabet="bcfghiklmqrtuvwxyBCFGHIKL,.;:!?()", min_size=1, max_size=9),
    max_size=12,
).map(" ".join)
SEPARATORS = st.sampled_from([" ", "  ", "\n", "\u00a0", "\t", " \n ", "-\n", "\r\n"])
INSIDE = st.sampled_from(["", "\u00ad", "\u200b", "-\n"])
ACCENTED = {"a": "aáàâä", "e": "eéèêë", "o": "oóòôöõ", "n": "nñ"}


@st.composite
def written(draw: st.DrawFn, word: str) -> str:
    letters = []
    for char in word:
        char = draw(st.sampled_from(ACCENTED.get(char, char)))
        letters.append(char.upper() if draw(st.booleans()) else char)
    cut = draw(st.integers(1, len(letters) - 1))
    return "".join(letters[:cut]) + draw(INSIDE) + "".join(letters[cut:])


@settings(max_examples=400, deadline=None)
@given(FILLER, written("jane"), SEPARATORS, written("doe"), FILLER)
def test_a_planted_name_is_found_exactly_once_and_nothing_else(
    before: str, given_name: str, separator: str, surname: str, after: str
) -> None:
    person = SealedPerson(ref="victim", names=("Jane Doe",))
    planted = f"{given_name}{separator}{surname}"
    text = f"{before} {planted} {after}"
    mentions = find_mentions([Passage("p", text)], [person])
    assert [(m.kind, m.start) for m in mentions] == [("name", len(before) + 1)]
    assert text[mentions[0].start : mentions[0].end] == planted
