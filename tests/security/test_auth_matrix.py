"""The auth matrix, generated from the services' OpenAPI documents: every operation of
every installed service against every kind of bad token (401), a good token without the
scopes its `security` names (403), and another agency's record (404, as if it did not
exist). An operation added to a service is in the matrix without a new test; one with
path parameters needs an OpenAPI link that leads to a record it can name."""

from collections.abc import Callable

import httpx
import pytest

from csp_devtools.kits.auth.operations import Operation, example_request
from csp_devtools.kits.auth.parties import (
    ALL_SCOPES,
    BODIES,
    LEGITIMATE,
    OPERATIONS,
    OUTSIDER,
    OWNER,
    PUBLIC,
)
from csp_devtools.kits.auth.records import Principal, Records
from csp_devtools.kits.auth.tokens import ATTACKS, claims, forgeries

PROTECTED = [op for op in OPERATIONS if not op.public]
PROBLEM = "application/problem+json"


def _ids(value: object) -> str:
    return value.id if isinstance(value, Operation) else str(value)


def test_only_health_checks_need_no_token() -> None:
    assert [op.id for op in OPERATIONS if op.public and op.label not in PUBLIC] == []


def test_the_matrix_covers_every_service_and_operation() -> None:
    assert {op.service for op in PROTECTED} >= {"referral-hub", "marac", "reporting"}
    for op in PROTECTED:
        assert op.scope_sets and all(op.scope_sets), f"{op.id} documents no scope"


@pytest.fixture(scope="module")
def forged(signing_keys) -> dict[str, Callable[[dict[str, object]], str | None]]:  # type: ignore[no-untyped-def]
    return forgeries(*signing_keys)


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("operation", PROTECTED, ids=_ids)
async def test_a_bad_token_is_401(
    operation: Operation,
    attack: str,
    forged: dict[str, Callable[[dict[str, object]], str | None]],
    security_clients: dict[str, httpx.AsyncClient],
) -> None:
    good = claims(agency=OWNER.agency, scopes=list(ALL_SCOPES))
    authorization = forged[attack](good)
    headers = {} if authorization is None else {"Authorization": authorization}
    request = example_request(operation, BODIES)
    response = await request.send(security_clients[operation.service], headers)
    assert response.status_code == 401, f"{attack}: {response.status_code} {response.text[:300]}"
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize("operation", PROTECTED, ids=_ids)
async def test_a_token_without_the_scope_is_403(
    operation: Operation,
    headers_for: Callable[[Principal], dict[str, str]],
    security_clients: dict[str, httpx.AsyncClient],
) -> None:
    """Every scope of the platform but the ones the operation's security names."""
    others = tuple(scope for scope in ALL_SCOPES if scope not in operation.scopes)
    request = example_request(operation, BODIES)
    response = await request.send(
        security_clients[operation.service], headers_for(Principal(OWNER.agency, others))
    )
    assert response.status_code == 403, response.text[:300]
    assert response.headers["content-type"].startswith(PROBLEM)
    assert set(response.json()["required_scopes"]) == operation.scopes, (
        "the document says otherwise"
    )


# `admin` is partnership-wide by design: another agency's admin may see every record; so
# is `dhr:chronology`, the CSP team's reading of a person's history across the services,
# `persons:sar`, the data protection team answering a subject access request (whoever
# referred the person), `fund:manage`, the partnership's fund team, who run every round,
# bid and grant, and `records:retention`, the data protection team deciding erasure
# requests about anyone in the person index (services/referral-hub/tests/retention).
# (`audit:read`, the auditors' trail, takes no path parameter.)
# Reads first: they share the owner's records, which the writes after them change.
PARTNERSHIP_WIDE = {"admin", "dhr:chronology", "persons:sar", "fund:manage", "records:retention"}
# svd-fund's records belong to an organisation or an assessor, not to an agency: a round
# and its 360Giving export are open to every applicant and reader, and a bid, grant or
# return is its organisation's, an assignment its assessor's (the token's subject). Its
# own tests make those records and check that another organisation's bid, grant and
# return, and another assessor's assignment, are 404 (services/svd-fund/tests: bids,
# awards, monitoring, assessment); the agency-shaped owner and outsider here cannot.
OWNED_OTHERWISE = {"svd-fund"}
# A commissioned service's quarterly return is made by its provider, never by the owner
# (a police force): the owner's links reach the provider's list and the submission (which
# another agency gets 404 for), not a return to read. referral-hub's own tests submit one
# and check that another provider reading it gets 404 (services/referral-hub/tests/returns).
MADE_BY_THE_PROVIDER = {"referral-hub GET /v1/providers/{provider}/returns/{service}/{quarter}"}
# A candidate person match is queued by intake when a second referral's person shares a
# weak key with someone already in the index; the owner's example referral makes one
# person, so no link reaches a match to decide. referral-hub's own tests queue one and
# check that a reviewer who cannot see both people gets 404 (tests/duplicates).
MADE_AT_INTAKE = {"referral-hub POST /v1/persons/match-reviews/{review_id}/decision"}
# The committee report's narrative, its approved editions and the partnership's priorities
# are the partnership's own documents, about no person: every agency that may read the
# report reads them (a priority's status is set by its owner only: 403 `not-owner`,
# tested in services/reporting/tests/governance and committee/test_editions).
PARTNERSHIP_DOCUMENTS = ("reporting /v1/reports/scrutiny/{period}/", "reporting /v1/governance/")
RECORD_CASES = sorted(
    (
        (op, scopes)
        for op in PROTECTED
        if op.parameters("path")
        and op.service not in OWNED_OTHERWISE
        and op.id not in MADE_BY_THE_PROVIDER | MADE_AT_INTAKE
        and not f"{op.service} {op.path}".startswith(PARTNERSHIP_DOCUMENTS)
        for scopes in op.scope_sets
        if not PARTNERSHIP_WIDE & set(scopes)
    ),
    key=lambda case: case[0].method != "get",
)


@pytest.mark.parametrize(("operation", "scopes"), RECORD_CASES, ids=_ids)
async def test_another_agencys_record_is_404(
    operation: Operation,
    scopes: list[str],
    headers_for: Callable[[Principal], dict[str, str]],
    security_clients: dict[str, httpx.AsyncClient],
    security_records: dict[str, Records],
    marac_history: None,
) -> None:
    """The owner makes the record by following the links into the operation; another
    agency with exactly the scopes the operation needs gets 404, and a party that may
    see the record does not (so the 404 is about the caller, not a missing record)."""
    client = security_clients[operation.service]
    records = security_records[operation.service]
    request = await records.request_for(operation, fresh=operation.method != "get")
    outsider = Principal(OUTSIDER.agency, tuple(scopes), OUTSIDER.area)
    response = await request.send(client, headers_for(outsider))
    assert response.status_code == 404, (
        f"{operation.id} {request.url} as {outsider}: {response.status_code} {response.text[:400]}"
    )
    assert response.headers["content-type"].startswith(PROBLEM)
    seen = [(await request.send(client, headers_for(party))).status_code for party in LEGITIMATE]
    assert any(status != 404 for status in seen), f"nobody sees the record of {request.url}: {seen}"
