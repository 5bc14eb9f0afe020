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


@dataclass(frozen=True)
class Importer:
    """Who imports, and why: every stored record is audited with it."""

    caller: Caller
    purpose: str
