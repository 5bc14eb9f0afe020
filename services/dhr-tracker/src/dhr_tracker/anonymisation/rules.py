"""Every place in a draft report that names a sealed identifier of the review.

Text is compared after folding each character to ASCII (`anyascii`: accents, ligatures,
other scripts), ignoring case, and as a stream of words: whatever stands between two
words (spaces, line breaks, hyphens, the boundary of two Word runs, a PDF's spurious
gaps) does not hide a name, and a word split by a line-end hyphen ("John-\\nson") is
still found. A match must begin and end on word boundaries (a change from lower to
upper case counts as one, for PDFs that lose the space in "metJane"), so "Ann" is not
found in "Anne" or "Joanna".

What is looked for, for each sealed person:
- each name in full, any run of its words ("Zoe Ann"), given name with surname,
  "surname, given name", and every part of two or more letters on its own
  (`name_part`: a given name alone still names her);
- each date of birth written day-month-year, month-day-year or year-month-day, with
  numbers ("07/03/1985", "7.3.85", "1985-03-07") or the month's name ("7th of March
  1985", "March 7, 1985", "7 Mar 85"), and as one run of digits ("07031985");
- each address line, the line without its house number, and the postcode.
Matches within a longer one are not repeated.
"""

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

from anyascii import anyascii

Kind = Literal["name", "name_part", "date_of_birth", "address", "postcode"]
_RANK: dict[str, int] = {"name": 0, "date_of_birth": 0, "address": 0, "postcode": 1, "name_part": 2}

_MONTHS = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sep", "sept"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)
# What separates the pieces of a name: "O'Brien-Smith" is the pieces O'Brien and Smith.
_PIECES = re.compile(r"[\s\-\u2010-\u2015]+")
_UNIT_WORDS = frozenset({"flat", "apartment", "apt", "unit", "room", "no"})
_DATE_FILLERS = frozenset({"st", "nd", "rd", "th", "of", "the"})


@dataclass(frozen=True)
class Address:
    lines: tuple[str, ...]
    postcode: str | None = None


@dataclass(frozen=True)
class SealedPerson:
    """One person's sealed identifiers. `ref` is how an answer points at them (a role
    and number, never their name)."""

    ref: str
    names: tuple[str, ...] = ()
    dates_of_birth: tuple[date, ...] = ()
    addresses: tuple[Address, ...] = ()


@dataclass(frozen=True)
class Passage:
    """A piece of a document's text and where it is ("page 3", "body, paragraph 12")."""

    location: str
    text: str


@dataclass(frozen=True)
class Mention:
    people: tuple[str, ...]  # the refs of every person the words name
    kind: Kind
    location: str
    line: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int


@lru_cache(maxsize=65536)
def _fold(char: str) -> str:
    return anyascii(char).casefold()


def words(text: str) -> list[_Token]:
    """`text` as folded words with their spans. Letters and digits make separate words
    ("7th" is "7", "th"), and so does a capital after a small letter."""
    found: list[_Token] = []
    chars: list[str] = []
    start = end = 0
    previous_kind = ""
    previous_lower = False
    for index, char in enumerate(text):
        folded = _fold(char)
        camel = char.isupper() and previous_lower
        previous_lower = char.islower()
        for part in folded:
            kind = "d" if part.isdigit() else "a" if part.isalpha() else ""
            if not kind:
                if chars:
                    found.append(_Token("".join(chars), start, end))
                    chars = []
                previous_kind = ""
                continue
            if chars and (kind != previous_kind or camel):
                found.append(_Token("".join(chars), start, end))
                chars = []
            if not chars:
                start = index
            chars.append(part)
            end = index + 1
            previous_kind = kind
            camel = False
    if chars:
        found.append(_Token("".join(chars), start, end))
    return found


def _name_words(text: str) -> list[str]:
    """A sealed value's words as written: split on what is not a letter or digit only."""
    out: list[str] = []
    current: list[str] = []
    for char in text:
        for part in _fold(char):
            if part.isalnum():
                current.append(part)
            elif current:
                out.append("".join(current))
                current = []
    if current:
        out.append("".join(current))
    return out


@dataclass(frozen=True)
class _Phrase:
    person: str
    kind: Kind
    compact: str


def _name_phrases(person: SealedPerson) -> Iterator[_Phrase]:
    for name in person.names:
        parts = _name_words(name)
        if not parts:
            continue
        pieces = ["".join(_name_words(piece)) for piece in _PIECES.split(name)]
        pieces = [piece for piece in pieces if piece]
        yield _Phrase(person.ref, "name", "".join(parts))
        for first in range(len(pieces)):
            for last in range(first + 2, len(pieces) + 1):
                yield _Phrase(person.ref, "name", "".join(pieces[first:last]))
        if len(pieces) > 1:
            yield _Phrase(person.ref, "name", pieces[0] + pieces[-1])
            yield _Phrase(person.ref, "name", pieces[-1] + pieces[0])
        for chunk in name.split():
            if len(_PIECES.split(chunk)) > 1:  # a double-barrelled surname whole
                yield _Phrase(person.ref, "name", "".join(_name_words(chunk)))
        for part in {*parts, *pieces}:
            if not part.isdigit():
                yield _Phrase(person.ref, "name_part", part)


def _address_phrases(person: SealedPerson) -> Iterator[_Phrase]:
    for address in person.addresses:
        for line in (part for text in address.lines for part in text.split(",")):
            whole = _name_words(line)
            street = list(whole)
            while street and (street[0].isdigit() or street[0] in _UNIT_WORDS):
                street = street[1:]
            if street:  # "Flat 2" alone names no place
                yield _Phrase(person.ref, "address", "".join(whole))
                yield _Phrase(person.ref, "address", "".join(street))
        if address.postcode:
            yield _Phrase(person.ref, "postcode", "".join(_name_words(address.postcode)))


def _phrases(people: Sequence[SealedPerson]) -> list[_Phrase]:
    unique: dict[tuple[str, str], _Phrase] = {}
    for person in people:
        for phrase in (*_name_phrases(person), *_address_phrases(person)):
            shortest = 2 if phrase.kind.startswith("name") else 4
            if len(phrase.compact) >= shortest:
                key = (phrase.person, phrase.compact)
                if key not in unique or _RANK[phrase.kind] < _RANK[unique[key].kind]:
                    unique[key] = phrase
    return list(unique.values())


_Piece = frozenset[str]


def _date_patterns(day: date) -> tuple[list[tuple[_Piece, ...]], frozenset[str]]:
    d = frozenset({str(day.day), f"{day.day:02d}"})
    m = frozenset({str(day.month), f"{day.month:02d}"})
    named = frozenset(_MONTHS[day.month - 1])
    y = frozenset({str(day.year), f"{day.year % 100:02d}"})
    sequences: list[tuple[_Piece, ...]] = [
        order for month in (m, named) for order in ((d, month, y), (month, d, y), (y, month, d))
    ]
    dd, mm, yyyy, yy = (
        f"{day.day:02d}",
        f"{day.month:02d}",
        f"{day.year:04d}",
        f"{day.year % 100:02d}",
    )
    compact = frozenset({dd + mm + yyyy, yyyy + mm + dd, dd + mm + yy})
    return sequences, compact


def _match_sequence(tokens: Sequence[_Token], at: int, pieces: Sequence[_Piece]) -> int | None:
    """The index of the last token of `pieces` matched from `at`, fillers skipped."""
    index = at
    for number, piece in enumerate(pieces):
        if number:
            while index < len(tokens) and tokens[index].text in _DATE_FILLERS:
                index += 1
        if index >= len(tokens) or tokens[index].text not in piece:
            return None
        index += 1
    return index - 1


def _date_mentions(
    tokens: Sequence[_Token], people: Sequence[SealedPerson]
) -> Iterator[tuple[str, Kind, int, int]]:
    for person in people:
        for day in person.dates_of_birth:
            sequences, compact = _date_patterns(day)
            for at, token in enumerate(tokens):
                if token.text in compact:
                    yield person.ref, "date_of_birth", at, at
                    continue
                for pieces in sequences:
                    last = _match_sequence(tokens, at, pieces)
                    if last is not None:
                        yield person.ref, "date_of_birth", at, last
                        break


def _phrase_mentions(
    tokens: Sequence[_Token], phrases: Sequence[_Phrase]
) -> Iterator[tuple[str, Kind, int, int]]:
    stream = "".join(token.text for token in tokens)
    first_at: dict[int, int] = {}
    last_at: dict[int, int] = {}
    offset = 0
    for index, token in enumerate(tokens):
        first_at[offset] = index
        offset += len(token.text)
        last_at[offset] = index
    for phrase in phrases:
        found = stream.find(phrase.compact)
        while found != -1:
            last = last_at.get(found + len(phrase.compact))
            if found in first_at and last is not None:
                yield phrase.person, phrase.kind, first_at[found], last
            found = stream.find(phrase.compact, found + 1)


def find_mentions(passages: Sequence[Passage], people: Sequence[SealedPerson]) -> list[Mention]:
    """Every mention of `people`'s identifiers in `passages`, in document order."""
    phrases = _phrases(people)
    mentions: list[Mention] = []
    for passage in passages:
        tokens = words(passage.text)
        if not tokens:
            continue
        spans = [*_phrase_mentions(tokens, phrases), *_date_mentions(tokens, people)]
        for refs, kind, first, last in _outermost(spans):
            start, end = tokens[first].start, tokens[last].end
            mentions.append(
                Mention(
                    people=refs,
                    kind=kind,
                    location=passage.location,
                    line=passage.text.count("\n", 0, start) + 1,
                    start=start,
                    end=end,
                    text=" ".join(passage.text[start:end].split()),
                )
            )
    return mentions


def _outermost(
    spans: Sequence[tuple[str, Kind, int, int]],
) -> list[tuple[tuple[str, ...], Kind, int, int]]:
    """Spans not inside a longer one, in order; a span found for several people (a
    shared surname) is one mention of all of them, of its strongest kind."""
    best: dict[tuple[int, int], tuple[Kind, set[str]]] = {}
    for person, kind, first, last in spans:
        known = best.get((first, last))
        if known is None or _RANK[kind] < _RANK[known[0]]:
            best[(first, last)] = (kind, {person})
        elif _RANK[kind] == _RANK[known[0]]:
            known[1].add(person)
    kept: list[tuple[tuple[str, ...], Kind, int, int]] = []
    reach = -1
    for first, last in sorted(best, key=lambda span: (span[0], -span[1])):
        if last <= reach:
            continue
        kind, refs = best[(first, last)]
        kept.append((tuple(sorted(refs)), kind, first, last))
        reach = last
    return kept
