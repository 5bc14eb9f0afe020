"""The Home Office side of a review read from its history of moves (pure)."""

from collections.abc import Sequence
from typing import Any

from dhr_tracker.home_office.schemas import (
    DecisionAnswerOut,
    DecisionOut,
    PublicationOut,
    QaRoundOut,
)


def decision(moves: Sequence[Any], answers: Sequence[Any]) -> DecisionOut | None:
    """The first decision, with the Home Office's answers (an overturn is one)."""
    decided = next((m for m in moves if m.details.get("decision")), None)
    if decided is None:
        return None
    return DecisionOut(
        decision=decided.details["decision"],
        decided_on=decided.on,
        reasons=decided.details.get("reasons"),
        home_office_told_on=decided.details.get("home_office_told_on"),
        answers=[
            DecisionAnswerOut(answer=a.answer, answered_on=a.answered_on, reasons=a.reasons)
            for a in sorted(answers, key=lambda a: (a.answered_on, a.recorded_at))
        ],
    )


def qa_rounds(moves: Sequence[Any], *, submitted: str, outcome: str) -> list[QaRoundOut]:
    rounds: list[QaRoundOut] = []
    for move in moves:
        if move.to_stage == submitted and move.from_stage != submitted:
            rounds.append(
                QaRoundOut(
                    submitted_on=move.on, outcome=None, letter_on=None, requested_changes=None
                )
            )
        elif move.to_stage == outcome and rounds and rounds[-1].outcome is None:
            rounds[-1] = QaRoundOut(
                submitted_on=rounds[-1].submitted_on,
                outcome=move.details.get("qa_outcome"),
                letter_on=move.details.get("letter_on"),
                requested_changes=move.details.get("requested_changes"),
            )
    return rounds


def publication(moves: Sequence[Any], *, stage: str) -> PublicationOut | None:
    published = [m for m in moves if m.to_stage == stage and m.details.get("address")]
    if not published:
        return None
    return PublicationOut(published_on=published[-1].on, address=published[-1].details["address"])
