"""The applicant's web form, pure: a posted form read into a bid draft, and the draft's
errors placed on the form's fields (the GOV.UK error summary links to each)."""

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from svd_fund.bids.schemas import BidIn
from svd_fund.organisations.schemas import OrganisationIn

BUDGET_ROWS = 5
OUTPUT_ROWS = 4
OUTCOME_ROWS = 3


def _text(form: Any, name: str) -> str | None:
    value = form.get(name)
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def _date(form: Any, name: str) -> tuple[str | None, bool]:
    """'YYYY-MM-DD' from the GOV.UK date input's three boxes; (None, True) when all are
    blank, (None, False) when they are partly filled or not a date's numbers."""
    parts = [_text(form, f"{name}-{part}") for part in ("day", "month", "year")]
    if not any(parts):
        return None, True
    day, month, year = parts
    if not all(p and p.isdigit() for p in parts):
        return None, False
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}", True  # type: ignore[arg-type]


def read_bid(form: Any) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The draft the form holds (as a request body), and faults found reading it."""
    faults: list[tuple[str, str]] = []
    body: dict[str, Any] = {
        "title": _text(form, "title"),
        "summary": _text(form, "summary"),
        "amount": _text(form, "amount"),
        "priorities": form.getlist("priorities"),
        "activity_types": form.getlist("activity_types"),
        "areas": form.getlist("areas"),
    }
    for name in ("planned_start", "planned_end"):
        value, readable = _date(form, name)
        if not readable:
            faults.append((f"{name}-day", "Enter a real date, with a day, month and year"))
        body[name] = value
    body["budget_lines"] = []
    for i in range(BUDGET_ROWS):
        row = {k: _text(form, f"line-{i}-{k}") for k in ("kind", "item", "amount")}
        if row["item"] or row["amount"]:
            body["budget_lines"].append(row)
    body["outputs"] = []
    for i in range(OUTPUT_ROWS):
        measure, target = _text(form, f"output-{i}-measure"), _text(form, f"output-{i}-target")
        if measure or target:
            output: dict[str, Any] = {"measure": measure, "target": target}
            if age_band := _text(form, f"output-{i}-age_band"):
                output["age_band"] = age_band
            body["outputs"].append(output)
    body["outcomes"] = []
    for i in range(OUTCOME_ROWS):
        row = {k: _text(form, f"outcome-{i}-{k}") for k in ("priority", "measure", "target")}
        if row["measure"] or row["target"]:
            body["outcomes"].append(row)
    body["answers"] = {
        key.removeprefix("answer-"): value == "yes"
        for key, value in form.multi_items()
        if key.startswith("answer-") and value in ("yes", "no")
    }
    body = {k: v for k, v in body.items() if v is not None}
    return body, faults


def read_organisation(form: Any) -> dict[str, Any]:
    return {
        "org_id": (_text(form, "org_id") or "").upper(),
        "name": _text(form, "org_name"),
        "kind": _text(form, "org_kind"),
    }


def field_of(location: Sequence[Any]) -> str:
    """The form field an error at `location` (a pydantic loc, or a pointer's parts in
    the body) belongs to."""
    parts = [str(part) for part in location]
    head = parts[0] if parts else "title"
    rows = {"budget_lines": "line", "outputs": "output", "outcomes": "outcome"}
    if head in rows and len(parts) >= 2:
        return f"{rows[head]}-{parts[1]}-{parts[2] if len(parts) > 2 else 'item'}"
    if head in rows:
        return f"{rows[head]}-0-{'item' if head == 'budget_lines' else 'measure'}"
    if head in ("planned_start", "planned_end"):
        return f"{head}-day"
    if head == "answers":
        return "answers"
    return head


def validation_errors(error: ValidationError, *, prefix: str = "") -> list[tuple[str, str]]:
    return [(prefix + field_of(e["loc"]), _sentence(e["msg"])) for e in error.errors()]


def pointer_errors(errors: Sequence[Mapping[str, str]]) -> list[tuple[str, str]]:
    """A problem's `errors` (`#/body/budget_lines/1/amount`) placed on the form."""
    placed = []
    for item in errors:
        parts = item["pointer"].removeprefix("#/body").strip("/").split("/")
        placed.append((field_of([p for p in parts if p]), item["detail"]))
    return placed


def _sentence(message: str) -> str:
    message = message.removeprefix("Value error, ")
    return message[:1].upper() + message[1:]


def check_bid(body: dict[str, Any]) -> tuple[BidIn | None, list[tuple[str, str]]]:
    try:
        return BidIn.model_validate(body), []
    except ValidationError as error:
        return None, validation_errors(error)


def check_organisation(body: dict[str, Any]) -> tuple[OrganisationIn | None, list[tuple[str, str]]]:
    try:
        return OrganisationIn.model_validate(body), []
    except ValidationError as error:
        names = {"org_id": "org_id", "name": "org_name", "kind": "org_kind"}
        return None, [
            (names.get(str(e["loc"][0]), "org_id"), _sentence(e["msg"])) for e in error.errors()
        ]
