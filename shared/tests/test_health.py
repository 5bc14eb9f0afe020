import httpx


async def test_healthz_and_metrics(probe_client: httpx.AsyncClient) -> None:
    assert (await probe_client.get("/healthz")).json() == {"status": "ok"}
    await probe_client.get("/healthz")
    metrics = await probe_client.get("/metrics")
    assert metrics.status_code == 200
    assert "csp_http_requests_total" in metrics.text


async def test_readyz_checks_the_database(probe_client: httpx.AsyncClient) -> None:
    response = await probe_client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok"}
