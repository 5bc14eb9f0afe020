"""`csp token` signs with the key of the stack it finds, and never makes one of its own."""

from pathlib import Path

import jwt
import pytest
from typer.testing import CliRunner

from csp_devtools.cli import app
from csp_devtools.keys import AUDIENCE, generate_key_pair

runner = CliRunner()


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A checkout whose stack has run once: `.local/keys` holds its key pair."""
    generate_key_pair(tmp_path / "checkout" / ".local" / "keys")
    return tmp_path / "checkout"


def _claims(token: str, state: Path) -> dict:
    public_key = (state / "keys" / "signing-key.pub.pem").read_bytes()
    return jwt.decode(token, public_key, algorithms=["RS256"], audience=AUDIENCE)


def _mint(cwd: Path, *args: str, env: dict[str, str] | None = None, monkeypatch=None):
    monkeypatch.chdir(cwd)
    return runner.invoke(
        app, ["token", "--agency", "pfcc", "--scope", "reports:read", *args], env=env or {}
    )


def test_a_token_minted_deep_inside_the_checkout_is_signed_by_its_stack_key(
    checkout: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deep = checkout / "services" / "marac"
    deep.mkdir(parents=True)
    monkeypatch.delenv("CSP_STATE_DIR", raising=False)

    result = _mint(deep, monkeypatch=monkeypatch)

    assert result.exit_code == 0, result.output
    assert _claims(result.stdout.strip(), checkout / ".local")["agency"] == "pfcc"
    assert not (deep / ".local").exists()


def test_outside_any_checkout_it_refuses_and_says_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.delenv("CSP_STATE_DIR", raising=False)

    result = _mint(elsewhere, monkeypatch=monkeypatch)

    assert result.exit_code == 1
    assert result.stdout == ""
    assert str(elsewhere) in result.stderr
    assert "each folder above it" in result.stderr
    assert "CSP_STATE_DIR" in result.stderr
    assert list(elsewhere.iterdir()) == []


def test_the_state_dir_variable_points_at_the_stack_from_anywhere(
    checkout: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    result = _mint(
        elsewhere, env={"CSP_STATE_DIR": str(checkout / ".local")}, monkeypatch=monkeypatch
    )

    assert result.exit_code == 0, result.output
    assert _claims(result.stdout.strip(), checkout / ".local")["scope"] == "reports:read"


def test_a_state_dir_without_keys_is_refused_by_name(
    checkout: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty-state"
    empty.mkdir()

    result = _mint(checkout, "--state-dir", str(empty), monkeypatch=monkeypatch)

    assert result.exit_code == 1
    assert str(empty / "keys" / "signing-key.pem") in result.stderr
    assert "--state-dir" in result.stderr
    assert list(empty.iterdir()) == []
