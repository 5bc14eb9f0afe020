"""docs/tour.md is run, not read: every `bash` block of it, in order and in one shell,
against a local stack that `csp up` starts on ports of its own (without the demo, so the
tour's referral is the only one). A command that fails, an endpoint that moved or a
token a service refuses fails this test."""

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from csp_common.registry import installed
from csp_devtools.testing.local_stack import CspUp

ROOT = Path(__file__).resolve().parents[2]


TOUR = ROOT / "docs" / "tour.md"
OFFSET = 24_000
BLOCK = re.compile(r"^```bash\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def tour_blocks() -> list[str]:
    return BLOCK.findall(TOUR.read_text())


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    up = CspUp("--no-demo", state_dir=tmp_path_factory.mktemp("tour"), offset=OFFSET).start()
    try:
        up.wait_ready()
        yield up
    finally:
        up.stop()


def test_the_tour_has_commands_for_each_of_its_four_people() -> None:
    blocks = tour_blocks()
    assert len(blocks) >= 8
    for heading in ("partner's developer", "provider", "MARAC coordinator", "CSP officer"):
        assert heading in TOUR.read_text()


def test_every_command_of_the_tour_runs_against_a_local_stack(stack: Any, tmp_path: Path) -> None:
    missing = [tool for tool in ("bash", "curl", "jq") if shutil.which(tool) is None]
    assert not missing, f"the tour needs {missing} installed"
    urls = {e.name: f"http://127.0.0.1:{e.port + OFFSET}" for e in installed("csp.services")}
    script = "\n".join(tour_blocks())
    env = os.environ | {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "CSP_STATE_DIR": str(stack.state_dir),
        "HUB": urls["referral-hub"],
        "MARAC": urls["marac"],
        "REPORTING": urls["reporting"],
    }
    result = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,  # outside the checkout: the tokens come from CSP_STATE_DIR's key
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    assert '"marac_referral": true' in result.stdout
    assert '"area": "scarborough-ryedale"' in result.stdout
    assert "expected a date as YYYY-MM-DD" in result.stdout
