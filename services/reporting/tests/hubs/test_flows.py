"""The hub events' projection, as pure functions: which facts each event gives, that
an event redelivered (or published again) gives the same row, and that no place or
person id reaches a read model."""

from datetime import UTC, date, datetime, timedelta

from csp_common.contracts.hubs import HUBS
from csp_devtools.events import (
    hub_case_closed,
    hub_case_opened,
    hub_incident_logged,
    hub_intervention_breached,
    hub_intervention_issued,
    hub_risk_assessed,
    review_held,
    threshold_decided,
    trigger_application_received,
)
from csp_devtools.testing.feeding import received
from reporting.hubs.models import (
    CaseReview,
    HubBreach,
    HubCase,
    HubClosure,
    HubIncident,
    HubIntervention,
    HubRiskAssessment,
    ThresholdDecision,
    TriggerApplication,
)
from reporting.projection import project, projected_types, topics
from reporting.read_models import latest_per_key
from reporting.settings import ReportingSettings

SETTINGS = ReportingSettings()
DAY = date(2024, 5, 2)


def _facts(*payloads):  # type: ignore[no-untyped-def]
    return list(project([received(p) for p in payloads], SETTINGS))


def test_every_hub_event_type_is_projected_from_its_topic() -> None:
    hub_types = {t for t in projected_types() if t.topic == HUBS}
    assert {t.type for t in hub_types} == {
        "csp.hubs.case_opened.v1",
        "csp.hubs.incident_logged.v1",
        "csp.hubs.risk_assessed.v1",
        "csp.hubs.intervention_issued.v1",
        "csp.hubs.intervention_breached.v1",
        "csp.hubs.case_closed.v1",
        "csp.hubs.trigger_application_received.v1",
        "csp.hubs.threshold_decided.v1",
        "csp.hubs.review_held.v1",
    }
    assert HUBS in topics()


def test_a_case_opened_keeps_its_flags_not_its_place_or_people() -> None:
    opened = hub_case_opened(
        opened_on=DAY, hub="scarborough", kind="asb_nuisance", repeat_location=True
    )
    [fact] = _facts(opened)
    assert fact.model is HubCase
    row = fact.row
    assert row["case_id"] == opened.case_id
    assert (row["hub"], row["kind"], row["opened_on"]) == ("scarborough", "asb_nuisance", DAY)
    assert (row["repeat_location"], row["repeat_victim"]) == (True, False)
    stored = set(map(str, row.values()))
    for person_or_place in [opened.location_id, *opened.victim_ids, *opened.subject_ids]:
        assert str(person_or_place) not in stored
    assert {c.name for c in HubCase.table("a").columns} == {*row, "event_time"}


def test_each_event_gives_one_row_of_its_model() -> None:
    case = hub_case_opened(opened_on=DAY)
    issued = hub_intervention_issued(case_id=case.case_id, issued_on=DAY, step=3)
    application = trigger_application_received(received_on=DAY)
    payloads = [
        hub_incident_logged(case_id=case.case_id, occurred_on=DAY),
        hub_risk_assessed(case_id=case.case_id, assessed_on=DAY, level="high", sequence=2),
        issued,
        hub_intervention_breached(
            intervention_id=issued.intervention_id, case_id=case.case_id, breached_on=DAY
        ),
        hub_case_closed(case_id=case.case_id, closed_on=DAY, outcome="resolved"),
        application,
        threshold_decided(application_id=application.application_id, decided_on=DAY, met=False),
        review_held(application_id=application.application_id, held_on=DAY, recommendations=0),
    ]
    facts = _facts(*payloads)
    assert [f.model for f in facts] == [
        HubIncident,
        HubRiskAssessment,
        HubIntervention,
        HubBreach,
        HubClosure,
        TriggerApplication,
        ThresholdDecision,
        CaseReview,
    ]
    by_model = {f.model: f.row for f in facts}
    assert by_model[HubRiskAssessment]["level"] == "high"
    assert by_model[HubRiskAssessment]["sequence"] == 2
    assert by_model[HubIntervention]["step"] == 3
    assert by_model[ThresholdDecision]["met"] is False
    assert by_model[CaseReview]["recommendations"] == 0
    for fact in facts:
        columns = {c.name for c in fact.model.table("a").columns}
        assert set(fact.row) == columns, fact.model


def test_an_event_received_twice_is_one_row() -> None:
    opened = hub_case_opened(opened_on=DAY)
    first, again = received(opened), received(opened)  # a new event id: published again
    rows = latest_per_key(project([first, again, received(opened, event_id=first.id)], SETTINGS))
    assert len(rows[HubCase]) == 1


def test_a_later_closure_wins() -> None:
    case = hub_case_opened(opened_on=DAY)
    first = received(hub_case_closed(case_id=case.case_id, closed_on=DAY, outcome="resolved"))
    later = received(
        hub_case_closed(
            case_id=case.case_id, closed_on=DAY + timedelta(days=40), outcome="no_further_action"
        )
    )
    # The consumer may meet them in one batch in either order: the newer event wins.
    old = datetime(2024, 6, 1, tzinfo=UTC)
    new = old + timedelta(days=40)
    first = type(first)(**{**first.__dict__, "time": old})
    later = type(later)(**{**later.__dict__, "time": new})
    for batch in ([first, later], [later, first]):
        [row] = latest_per_key(project(batch, SETTINGS))[HubClosure]
        assert row["outcome"] == "no_further_action"
