import time
from collections.abc import Callable
from pathlib import Path

import httpx
import jwt
import pytest

from csp_devtools.keys import generate_key_pair, mint_token


async def test_a_valid_token_with_the_scope_is_accepted(
    probe_client: httpx.AsyncClient, auth_header: Callable[..., dict[str, str]]
) -> None:
    response = await probe_client.post(
        "/v1/items",
        json={"area": "york"},
        headers=auth_header(agency="idas", scopes=["probe:write"]),
    )
    assert response.status_code == 201


async def test_no_token_is_401_with_problem_json(probe_client: httpx.AsyncClient) -> None:
    response = await probe_client.post("/v1/items", json={"area": "york"})
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["status"] == 401


async def test_missing_scope_is_403(
    probe_client: httpx.AsyncClient, auth_header: Callable[..., dict[str, str]]
) -> None:
    response = await probe_client.post(
        "/v1/items",
        json={"area": "york"},
        headers=auth_header(agency="idas", scopes=["probe:read"]),
    )
    assert response.status_code == 403
    assert response.json()["required_scopes"] == ["probe:write"]


async def test_expired_token_is_401(
    probe_client: httpx.AsyncClient, auth_header: Callable[..., dict[str, str]]
) -> None:
    headers = auth_header(agency="idas", scopes=["probe:write"], ttl=-120)
    response = await probe_client.post("/v1/items", json={"area": "york"}, headers=headers)
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


async def test_token_signed_by_another_key_is_401(
    probe_client: httpx.AsyncClient, tmp_path: Path
) -> None:
    other_private, _ = generate_key_pair(tmp_path)
    token = mint_token(other_private.read_bytes(), agency="idas", scopes="probe:write")
    response = await probe_client.post(
        "/v1/items", json={"area": "york"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401


@pytest.mark.parametrize("claims", [{"audience": "another-api"}, {"issuer": "someone-else"}])
async def test_token_for_another_audience_or_issuer_is_401(
    probe_client: httpx.AsyncClient, signing_keys: tuple[Path, Path], claims: dict[str, str]
) -> None:
    token = mint_token(signing_keys[0].read_bytes(), agency="idas", scopes="probe:write", **claims)
    response = await probe_client.post(
        "/v1/items", json={"area": "york"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401


async def test_unsigned_and_hmac_tokens_are_refused(probe_client: httpx.AsyncClient) -> None:
    now = int(time.time())
    claims = {
        "iss": "csp-local",
        "aud": "csp-platform",
        "sub": "x",
        "agency": "idas",
        "scope": "probe:write",
        "iat": now,
        "exp": now + 60,
    }
    unsigned = jwt.encode(claims, None, algorithm="none")
    hmac_signed = jwt.encode(claims, "a-shared-secret-of-enough-length-000", algorithm="HS256")
    for token in (unsigned, hmac_signed):
        response = await probe_client.post(
            "/v1/items", json={"area": "york"}, headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 401


async def test_token_without_agency_is_401(
    probe_client: httpx.AsyncClient, signing_keys: tuple[Path, Path]
) -> None:
    now = int(time.time())
    token = jwt.encode(
        {
            "iss": "csp-local",
            "aud": "csp-platform",
            "sub": "x",
            "scope": "probe:write",
            "iat": now,
            "exp": now + 60,
        },
        signing_keys[0].read_bytes(),
        algorithm="RS256",
    )
    response = await probe_client.post(
        "/v1/items", json={"area": "york"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401
