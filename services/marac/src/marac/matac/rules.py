"""RFGV scores and the serial-perpetrator test, from a subject's incidents (pure)."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from marac.matac.schemas import RfgvScore
from marac.policy import RfgvPolicy, SerialRule


@dataclass
class SubjectHistory:
    subject_id: str
    area: str
    incidents: list[tuple[date, str, int]] = field(default_factory=list)  # (on, victim, gravity)
    age_band: str = "unknown"


def rfgv(
    history: SubjectHistory, *, as_of: date, rule: RfgvPolicy, serial: SerialRule
) -> RfgvScore:
    window_start = as_of - timedelta(days=rule.window_days)
    recent = [i for i in history.incidents if window_start < i[0] <= as_of]
    last = max((i[0] for i in recent), default=None)
    recency = 100 * max(0.0, 1 - (as_of - last).days / rule.window_days) if last else 0.0
    frequency = 100 * min(len(recent), rule.frequency_cap) / rule.frequency_cap
    gravity = 100 * min(sum(i[2] for i in recent), rule.gravity_cap) / rule.gravity_cap
    victims = len({i[1] for i in recent})
    victim_points = 100 * min(victims, rule.victims_cap) / rule.victims_cap
    weights = (rule.recency_weight, rule.frequency_weight, rule.gravity_weight, rule.victims_weight)
    points = (recency, frequency, gravity, victim_points)
    score = sum(w * p for w, p in zip(weights, points, strict=True)) / sum(weights)
    return RfgvScore(
        subject_id=history.subject_id,
        area=history.area,
        score=round(score, 2),
        recency=round(recency, 2),
        frequency=round(frequency, 2),
        gravity=round(gravity, 2),
        victims=round(victim_points, 2),
        incidents=len(recent),
        distinct_victims=victims,
        last_incident_on=last,
        serial_perpetrator=is_serial(history, as_of=as_of, rule=serial),
        subject_age_band=history.age_band,
    )


def is_serial(history: SubjectHistory, *, as_of: date, rule: SerialRule) -> bool:
    """16 or over, suspect in more than one incident against 2+ victims in the window."""
    if history.age_band in rule.excluded_age_bands:
        return False
    start = as_of - timedelta(days=rule.window_days)
    within = [i for i in history.incidents if start < i[0] <= as_of]
    return len(within) >= rule.min_incidents and len({i[1] for i in within}) >= rule.min_victims
