"""What a store function is given (valid rows) and gives back (one outcome a row), and the
issues a refused row is reported with.

Every import reports a refused row as row errors `{"row", "pointer", "code", "detail"}`:
`row` is where a person finds it in the file (the line of a CSV or NDJSON file, the
sheet row of an XLSX workbook; a CSV or XLSX header is row 1), `pointer` a JSON pointer
into the row (`#/victim/postcode`, `#` for the whole row), `code` a machine-readable
reason and `detail` a sentence for a person. A detail never repeats what the row holds:
a refused cell may be a name or a date of birth.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from pydantic import ValidationError

Model = TypeVar("Model")

MAX_ISSUES_PER_ROW = 20
MAX_POINTER = 300
MAX_CODE = 60
MAX_DETAIL = 500

# What PostgreSQL's text cannot hold (NUL), what no UTF-8 encoder can write (lone
# surrogates), and other controls: replaced in anything derived from a caller's file
# (a dict key in a pointer, a validator's message), so that a row error can always be
# stored and answered.
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def storable(text: str, limit: int) -> str:
    """`text` with unstorable characters replaced, cut to `limit` characters."""
    cleaned = _UNSTORABLE.sub("\ufffd", text)
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "\u2026"


@dataclass(frozen=True)
class Issue:
    """One reason a row was refused."""

    pointer: str
    code: str
    detail: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "pointer", storable(self.pointer, MAX_POINTER))
        object.__setattr__(self, "code", storable(self.code, MAX_CODE))
        object.__setattr__(self, "detail", storable(self.detail, MAX_DETAIL))


@dataclass(frozen=True)
class ValidRow(Generic[Model]):
    """A row that passed its model; `row` locates it in the file."""

    row: int
    body: Model


@dataclass(frozen=True)
class Outcome:
    """What storing one row did: `imported` (new), `skipped` (already there), `failed`."""

    status: Literal["imported", "skipped", "failed"]
    issues: tuple[Issue, ...] = ()


IMPORTED = Outcome("imported")
SKIPPED = Outcome("skipped")


def refused(pointer: str, detail: str, code: str = "invalid") -> Outcome:
    """A row the store function refuses (an unknown area, another agency's record...)."""
    return Outcome("failed", (Issue(pointer, code, detail),))


def unstorable(exc: BaseException) -> Outcome:
    """A valid row that could not be stored; the detail names the fault, never the data."""
    return refused(
        "#",
        f"this row could not be stored ({type(exc).__name__}); the rest of the file was "
        "imported. Please report it with the job id and the row number.",
        code="internal",
    )


def pointer(loc: Sequence[Any]) -> str:
    """A JSON pointer (RFC 6901) to a validation error's location."""
    # Union members add tags such as "enum[Gender]" or "function-after[...]": leave them out.
    parts = [str(p) for p in loc if isinstance(p, int) or "[" not in str(p)]
    escaped = [p.replace("~", "~0").replace("/", "~1") for p in parts]
    return "#/" + "/".join(escaped) if escaped else "#"


def issues_of(exc: ValidationError) -> tuple[Issue, ...]:
    """A validation error's issues, without the input that was refused."""
    errors = exc.errors(include_url=False, include_input=False, include_context=False)
    issues = tuple(
        Issue(pointer(e.get("loc", ())), e.get("type", "invalid"), e.get("msg", "invalid"))
        for e in errors[:MAX_ISSUES_PER_ROW]
    )
    if len(errors) > MAX_ISSUES_PER_ROW:
        more = len(errors) - MAX_ISSUES_PER_ROW
        issues += (Issue("#", "more", f"and {more} more problems in this row"),)
    return issues
