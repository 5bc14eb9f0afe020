"""Rebuilding every read model from offset zero gives the same figures, while the old
models keep serving, and events arriving during the rebuild are not lost; a rebuild
from a log shorter than what the live models applied does not swap unless forced."""

import asyncio
from datetime import date

import pytest
from aiokafka import AIOKafkaProducer

from csp_common.contracts.marac import CaseHeard
from csp_devtools.events import case_heard, hate_incident, referral_received
from csp_devtools.testing.infra import Broker, eventually
from csp_devtools.testing.kafka import read_topic
from reporting.projection import topics
from reporting.read_models import ReadModel, read_slots
from reporting.rebuild import flows, service

FIGURES = [
    ("/v1/stats/marac", {"year": None}),
    ("/v1/stats/referrals", {"year": None, "group_by": "area"}),
    ("/v1/stats/hate-crime", {"year": None}),
    ("/v1/returns/safelives", {"year": None}),
    ("/v1/stats/providers", {"year": None}),
]


async def _figures(client, headers, year: int) -> dict:  # type: ignore[no-untyped-def]
    result = {}
    for path, params in FIGURES:
        response = await client.get(path, params={**params, "year": year}, headers=headers)
        assert response.status_code == 200, response.text
        result[path] = response.json()
    return result


async def _rows(app) -> dict[str, int]:  # type: ignore[no-untyped-def]
    async with app.state.session_factory() as session:
        slots = await read_slots(session)
        return await service.count_rows(session, slot=slots.live)


async def test_a_rebuild_gives_the_same_figures_and_keeps_serving(
    reporting_app, reporting_client, reporting_admin, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    await reporting_feeder.feed(
        [case_heard(heard_on=date(year, 2, 1), marac_area="york") for _ in range(9)]
        + [referral_received(received_on=date(year, 2, 1), area="selby") for _ in range(7)]
        + [hate_incident(on=date(year, 2, 1)) for _ in range(6)]
    )
    before = await _figures(reporting_client, reporting_admin, year)
    rows_before = await _rows(reporting_app)
    async with reporting_app.state.session_factory() as session:
        generation = (await read_slots(session)).generation

    response = await reporting_client.post("/v1/admin/rebuilds", headers=reporting_admin)
    assert response.status_code == 202, response.text
    job = response.json()
    location = response.headers["location"]
    assert location == f"/v1/admin/rebuilds/{job['id']}"
    # A second one while the first runs is refused.
    second = await reporting_client.post("/v1/admin/rebuilds", headers=reporting_admin)
    assert second.status_code in (409, 202)
    if second.status_code == 409:
        assert second.headers["content-type"] == "application/problem+json"
    # The old models keep answering while it runs, and an event arriving now counts.
    during = await _figures(reporting_client, reporting_admin, year)
    assert during["/v1/stats/marac"]["cases"] == 9
    await reporting_feeder.feed([case_heard(heard_on=date(year, 3, 1), marac_area="york")])

    async def finished() -> dict | None:
        body = (await reporting_client.get(location, headers=reporting_admin)).json()
        return body if body["status"] != "running" else None

    done = await eventually(finished, timeout=120, interval=0.2)
    assert done["status"] == "completed", done

    async def none_running() -> bool:
        jobs = (await reporting_client.get("/v1/admin/rebuilds", headers=reporting_admin)).json()
        return all(j["status"] != "running" for j in jobs)

    await eventually(none_running, timeout=120, interval=0.2)  # the second, if it started
    assert done["events_read"] >= done["events_total"] > 0
    assert done["progress_pct"] >= 100.0

    async with reporting_app.state.session_factory() as session:
        slots = await read_slots(session)
    assert slots.generation > generation
    assert slots.building is None
    after = await _figures(reporting_client, reporting_admin, year)
    assert after["/v1/stats/marac"]["cases"] == 10
    after["/v1/stats/marac"]["cases"] = 9
    for path in ("/v1/stats/referrals", "/v1/stats/hate-crime", "/v1/stats/providers"):
        assert after[path] == before[path], path
    rows_after = await _rows(reporting_app)
    # Every other test's facts came back too (the marac hearing added one).
    assert rows_after["rm_marac_hearing"] >= rows_before["rm_marac_hearing"] + 1, (
        done,
        rows_before,
        rows_after,
    )
    for name, count in rows_before.items():
        assert rows_after[name] >= count, name

    # The consumer now writes the new live slot. (Five cases: one alone in its financial
    # year would hide the calendar year, whose January to March is published.)
    await reporting_feeder.feed(
        [case_heard(heard_on=date(year, 4, 1), marac_area="york") for _ in range(5)]
    )
    latest = await reporting_client.get(
        "/v1/stats/marac", params={"year": year}, headers=reporting_admin
    )
    assert latest.json()["cases"] == 15


async def test_a_failed_rebuild_leaves_the_live_models_alone(reporting_app) -> None:  # type: ignore[no-untyped-def]
    factory = reporting_app.state.session_factory
    async with factory() as session:
        before = await read_slots(session)
    job = await flows.start_rebuild(factory)
    settings = reporting_app.state.settings.model_copy(
        update={"kafka_bootstrap_servers": "127.0.0.1:1"}
    )
    with pytest.raises(Exception):  # noqa: B017 - no broker: whatever aiokafka raises
        await asyncio.wait_for(
            flows.run_rebuild(job=job, session_factory=factory, settings=settings), timeout=60
        )
    async with factory() as session:
        after = await read_slots(session)
        failed = await service.get_job(session, job_id=job["id"])
    assert after.live == before.live
    assert after.building is None
    assert failed is not None and failed["status"] == "failed"
    assert failed["error_code"]


async def test_rebuild_needs_admin(reporting_client, reporting_reader) -> None:  # type: ignore[no-untyped-def]
    assert (await reporting_client.post("/v1/admin/rebuilds")).status_code == 401
    response = await reporting_client.post("/v1/admin/rebuilds", headers=reporting_reader)
    assert response.status_code == 403
    missing = await reporting_client.get(
        "/v1/admin/rebuilds/00000000-0000-0000-0000-000000000000", headers=reporting_reader
    )
    assert missing.status_code == 403


def test_every_read_model_is_in_both_slots() -> None:
    for model in ReadModel.all:
        assert set(model.tables) == {"a", "b"}


async def test_a_rebuild_over_processes_gives_the_same_figures(
    reporting_app, reporting_client, reporting_admin, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    await reporting_feeder.feed(
        [case_heard(heard_on=date(year, 5, 1), marac_area="selby") for _ in range(12)]
        + [hate_incident(on=date(year, 5, 1), area="selby") for _ in range(7)]
    )
    before = await _figures(reporting_client, reporting_admin, year)
    rows_before = await _rows(reporting_app)
    factory = reporting_app.state.session_factory
    settings = reporting_app.state.settings.model_copy(update={"rebuild_workers": 2})
    job = await flows.start_rebuild(factory)
    result = await flows.run_rebuild(job=job, session_factory=factory, settings=settings)
    assert result.events_read > 0
    assert await _figures(reporting_client, reporting_admin, year) == before
    rows_after = await _rows(reporting_app)
    for name, count in rows_before.items():
        assert rows_after[name] >= count, name


async def _copy_log(source: Broker, target: Broker, *, leave_out: set[str]) -> int:
    """Every record of reporting's topics on `source` to `target`, except the events
    whose ids are in `leave_out`: a log that lost those."""
    producer = AIOKafkaProducer(bootstrap_servers=target.bootstrap_servers, linger_ms=5)
    await producer.start()
    copied = []
    try:
        for topic in topics():
            for record in await read_topic(source.bootstrap_servers, topic.name):
                if dict(record.headers).get("ce_id", b"").decode() in leave_out:
                    continue
                copied.append(
                    await producer.send(
                        topic.name,
                        value=record.value,
                        key=record.key,
                        headers=list(record.headers),
                    )
                )
        await asyncio.gather(*copied)
    finally:
        await producer.stop()
    return len(copied)


async def _wait_done(client, location: str, headers) -> dict:  # type: ignore[no-untyped-def]
    async def finished() -> dict | None:
        body = (await client.get(location, headers=headers)).json()
        return body if body["status"] != "running" else None

    return await eventually(finished, timeout=120, interval=0.2)


async def test_a_rebuild_from_a_shortened_log_refuses_to_swap_unless_forced(
    reporting_app,
    reporting_client,
    reporting_admin,
    reporting_feeder,
    reporting_broker: Broker,
    reporting_year: int,
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    lost = await reporting_feeder.feed(
        [case_heard(heard_on=date(year, 6, 1), marac_area="york") for _ in range(8)]
    )
    await reporting_feeder.feed([hate_incident(on=date(year, 6, 1)) for _ in range(5)])
    before = await _figures(reporting_client, reporting_admin, year)
    assert before["/v1/stats/marac"]["cases"] == 8
    factory = reporting_app.state.session_factory
    async with factory() as session:
        slots_before = await read_slots(session)

    short = Broker().start()
    try:
        assert await _copy_log(reporting_broker, short, leave_out={s.event_id for s in lost})
        short_settings = reporting_app.state.settings.model_copy(
            update={"kafka_bootstrap_servers": short.bootstrap_servers}
        )
        job = await flows.start_rebuild(factory)
        result = await flows.run_rebuild(job=job, session_factory=factory, settings=short_settings)

        assert result.status == "refused"
        async with factory() as session:
            assert await read_slots(session) == slots_before
        assert await _figures(reporting_client, reporting_admin, year) == before
        refused = (
            await reporting_client.get(f"/v1/admin/rebuilds/{job['id']}", headers=reporting_admin)
        ).json()
        assert refused["status"] == "refused", refused
        assert refused["error_code"] == "log_incomplete"
        assert refused["finished_at"] is not None
        marac = refused["shortfall"][CaseHeard.topic.source]
        assert marac["applied"] - marac["read"] == 8, refused
        assert set(refused["shortfall"]) == {CaseHeard.topic.source}
        assert CaseHeard.topic.source in refused["reason"]
        assert "force" in refused["reason"]

        # An admin who knows the log is short may swap anyway: the lost cases go.
        job = await flows.start_rebuild(factory, force=True)
        forced = await flows.run_rebuild(job=job, session_factory=factory, settings=short_settings)
        assert forced.status == "completed"
        assert forced.reason and "force" in forced.reason
        after = await _figures(reporting_client, reporting_admin, year)
        assert after["/v1/stats/marac"]["cases"] == 0
        assert after["/v1/stats/hate-crime"] == before["/v1/stats/hate-crime"]
    finally:
        short.stop()

    # A rebuild from the whole log, forced over HTTP, brings them back.
    response = await reporting_client.post(
        "/v1/admin/rebuilds", json={"force": True}, headers=reporting_admin
    )
    assert response.status_code == 202, response.text
    assert response.json()["forced"] is True
    done = await _wait_done(reporting_client, response.headers["location"], reporting_admin)
    assert done["status"] == "completed", done
    assert done["shortfall"] is None and done["reason"] is None
    assert await _figures(reporting_client, reporting_admin, year) == before


@pytest.mark.parametrize("body", [{"force": "yes"}, {"force": 1}, {"forse": True}, []])
async def test_a_rebuild_request_with_a_bad_body_is_refused(
    reporting_client, reporting_admin, body: object
) -> None:  # type: ignore[no-untyped-def]
    response = await reporting_client.post("/v1/admin/rebuilds", json=body, headers=reporting_admin)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    jobs = (await reporting_client.get("/v1/admin/rebuilds", headers=reporting_admin)).json()
    assert all(job["status"] != "running" for job in jobs)


def test_the_shortfall_counts_sources_read_short_only() -> None:
    read = {"/csp/marac": 10, "/csp/referral-hub": 4}
    applied = {"/csp/marac": 10, "/csp/referral-hub": 5, "/csp/dhr": 1}
    assert service.shortfall_of(read, applied) == {
        "/csp/dhr": {"read": 0, "applied": 1},
        "/csp/referral-hub": {"read": 4, "applied": 5},
    }
    assert service.shortfall_of({"/csp/marac": 11}, {"/csp/marac": 10}) == {}
    assert service.shortfall_of({}, {}) == {}
