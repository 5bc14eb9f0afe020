"""What each kind of family log entry needs, and the summary of a log (pure)."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from dhr_tracker.family.schemas import FamilyLogIn, FamilySummary
from dhr_tracker.problems import Conflict, Invalid

_ONLY_FOR = {
    "accepted": ("advocacy_offered",),
    "advocacy_provider": ("advocacy_offered",),
    "method": ("contact", "advocacy_offered", "terms_of_reference_shared", "draft_shared"),
    "pseudonym": ("pseudonym_chosen",),
    "chosen_by": ("pseudonym_chosen",),
}


def check_entry(body: FamilyLogIn, *, notified_on: date, today: date) -> None:
    if body.on > today:
        raise Invalid("future_date", "on cannot be in the future.", pointer="/on")
    for field, kinds in _ONLY_FOR.items():
        if getattr(body, field) is not None and body.kind not in kinds:
            raise Invalid(
                "unexpected_detail",
                f"{field} is not a detail of a {body.kind} entry.",
                pointer=f"/{field}",
            )
    if body.kind == "pseudonym_chosen":
        for field in ("pseudonym", "chosen_by"):
            if getattr(body, field) is None:
                raise Invalid(
                    "missing_detail",
                    f"A pseudonym_chosen entry needs {field}.",
                    pointer=f"/{field}",
                )
    if body.on < notified_on:
        raise Conflict(
            "entry_before_notification",
            f"An entry cannot be dated before the review was notified ({notified_on.isoformat()}).",
        )


def summary(entries: Sequence[Any]) -> FamilySummary:
    ordered = sorted(entries, key=lambda entry: (entry.on, entry.seq))

    def last(kind: str) -> Any:
        return next((e for e in reversed(ordered) if e.kind == kind), None)

    def first_on(kind: str) -> date | None:
        return next((e.on for e in ordered if e.kind == kind), None)

    offer, pseudonym = last("advocacy_offered"), last("pseudonym_chosen")
    contact = last("contact")
    return FamilySummary(
        advocacy_offered_on=first_on("advocacy_offered"),
        advocacy_accepted=offer.accepted if offer else None,
        contacts=sum(e.kind == "contact" for e in ordered),
        last_contact_on=contact.on if contact else None,
        terms_of_reference_shared_on=first_on("terms_of_reference_shared"),
        draft_shared_on=first_on("draft_shared"),
        pseudonym=pseudonym.pseudonym if pseudonym else None,
        pseudonym_chosen_by=pseudonym.chosen_by if pseudonym else None,
    )
