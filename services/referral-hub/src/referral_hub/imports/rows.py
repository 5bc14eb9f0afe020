"""What an importer is given (valid rows) and gives back (one outcome a row)."""

from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from csp_common.auth import Caller

Model = TypeVar("Model")


@dataclass(frozen=True)
class ValidRow(Generic[Model]):
    """A row that passed its model; `number` and `line` locate it in the file."""

    number: int
    line: int
    body: Model


@dataclass(frozen=True)
class Outcome:
    status: Literal["imported", "skipped", "failed"]
    errors: list[dict[str, Any]] = field(default_factory=list)


IMPORTED = Outcome("imported")
SKIPPED = Outcome("skipped")


def failed(pointer: str, detail: str, code: str = "unknown", column: str | None = None) -> Outcome:
    item: dict[str, Any] = {"pointer": pointer, "detail": detail, "code": code}
    if column:
        item["column"] = column
    return Outcome("failed", [item])


def unstorable(exc: BaseException) -> Outcome:
    """A valid row that could not be stored; the message names the fault, not the data."""
    return failed(
        "#",
        f"this row could not be stored ({type(exc).__name__}); the rest of the file was "
        "imported. Please report it to the CSP team with the row number.",
        code="internal",
    )


MIGRATION_SCOPE = "referrals:migrate"
"""Lets an import write records in another partnership agency's name (a delegation to
the CSP team moving a partnership's history); every such record is audited as such."""


@dataclass(frozen=True)
class Importer:
    """Who imports, and why: every stored record is audited with it."""

    caller: Caller
    purpose: str

    def refusal_for(self, agency: str | None, *, column: str) -> Outcome | None:
        """Why this importer may not write a record in `agency`'s name, or None. The
        importing agency is the token's; another agency needs the migration scope."""
        if agency is None or agency == self.caller.agency or self.caller.has(MIGRATION_SCOPE):
            return None
        return failed(
            f"#/{column}",
            f"{column} is another agency: importing in another agency's name needs the "
            f"scope {MIGRATION_SCOPE}; leave it empty to import as your agency",
            code="forbidden",
            column=column,
        )

    def on_behalf(self, agency: str) -> bool:
        return agency != self.caller.agency
