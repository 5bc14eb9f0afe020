from pathlib import Path

import pytest

from csp_devtools.kits.probe.probe import ProbeSettings


def test_settings_come_from_the_service_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROBE_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
    monkeypatch.setenv("PROBE_KAFKA_IDEMPOTENT_PRODUCER", "true")
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "ignored:1")
    settings = ProbeSettings()
    assert settings.kafka_bootstrap_servers == "kafka:9092"
    assert settings.kafka_idempotent_producer is True
    assert settings.is_postgres is False


def test_settings_read_a_dot_env_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text(
        "PROBE_DATABASE_URL=postgresql+asyncpg://postgres@db/probe\nPROBE_LOG_LEVEL=DEBUG\n"
    )
    monkeypatch.chdir(tmp_path)
    settings = ProbeSettings()
    assert settings.is_postgres
    assert settings.log_level == "DEBUG"
