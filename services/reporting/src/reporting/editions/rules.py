"""What in a draft looks like personal data. The narrative is about the partnership, not
about people; these patterns only warn (a place called after a person, or a date of a
meeting, can look like one), the author decides."""

import re
from dataclasses import dataclass

# Titles that precede a person's name; "Dr Foster" is meant to warn.
_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Lady|Lord)\.?"
_NAME_WORD = r"[A-Z][a-z'\-]+"
_NAME = re.compile(rf"\b{_TITLE}\s+{_NAME_WORD}(?:\s+{_NAME_WORD})?")
_CALLED = re.compile(rf"\b(?:named|called|known as)\s+{_NAME_WORD}(?:\s+{_NAME_WORD})?")
# A UK postcode: outward code (A9, A99, A9A, AA9, AA99, AA9A) and inward code (9AA).
_POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}\b", re.IGNORECASE)
# UK phone numbers: 01/02/03/07/08 numbers of 10 or 11 digits, or +44, spaced or not.
_PHONE = re.compile(r"(?<![\d/])(?:\+44\s?\(?0?\)?\s?|0)(?:\d[\s-]?){9,10}(?![\d/])")
_BIRTH_WORDS = re.compile(r"\b(?:d\.?o\.?b\.?|date of birth|born(?: on| in)?)\b", re.IGNORECASE)
_DAY_MONTH_YEAR = re.compile(
    r"\b(?:[0-3]?\d[/.\-][01]?\d[/.\-](?:19|20)\d\d"
    r"|[0-3]?\d(?:st|nd|rd|th)?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*"
    r"\s+(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
# A date of birth is a full date near words about birth, or a full date before the 2000s.
_OLD_FULL_DATE = re.compile(r"\b[0-3]?\d[/.\-][01]?\d[/.\-]19\d\d\b")
_NEAR = 20


@dataclass(frozen=True)
class PersonalDataWarning:
    kind: str  # name, date_of_birth, postcode, phone_number
    excerpt: str
    line: int

    def as_dict(self) -> dict:
        return {"kind": self.kind, "excerpt": self.excerpt, "line": self.line}


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def personal_data_warnings(text: str) -> list[PersonalDataWarning]:
    """Each passage of `text` that looks like a name, a date of birth, a postcode or a
    phone number, in the order they occur."""
    found: list[tuple[int, str, str]] = []
    for kind, pattern in (
        ("name", _NAME),
        ("name", _CALLED),
        ("postcode", _POSTCODE),
        ("phone_number", _PHONE),
    ):
        found += [(m.start(), kind, m.group(0).strip()) for m in pattern.finditer(text)]
    for match in _DAY_MONTH_YEAR.finditer(text):
        window = text[max(0, match.start() - _NEAR) : match.end() + _NEAR]
        if _BIRTH_WORDS.search(window) or _OLD_FULL_DATE.fullmatch(match.group(0)):
            found.append((match.start(), "date_of_birth", match.group(0)))
    seen: set[tuple[int, str]] = set()
    warnings = []
    for start, kind, excerpt in sorted(found):
        if (start, kind) in seen:
            continue
        seen.add((start, kind))
        warnings.append(PersonalDataWarning(kind, excerpt, _line_of(text, start)))
    return warnings
