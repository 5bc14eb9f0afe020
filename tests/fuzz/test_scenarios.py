"""Stateful fuzzing: schemathesis follows each service's OpenAPI links (a referral's id
to reading, changing and routing it; a case to its meeting, record and actions), so the
calls reach records that exist. No sequence may produce a 5xx; every distinct one found
is listed, with a curl line to repeat it."""

from collections.abc import Callable
from typing import Any

import pytest

from csp_devtools.kits.fuzz import EXAMPLES, SCHEMAS, Tally, fuzz_settings


@pytest.mark.parametrize("service", sorted(SCHEMAS))
def test_no_sequence_of_calls_is_a_server_error(
    service: str,
    fuzz_urls: dict[str, str],
    fuzz_authorization: dict[str, str],
    fuzz_tally: Callable[[str, str], Tally],
) -> None:
    tally = fuzz_tally(service, "stateful")

    class Scenarios(SCHEMAS[service].as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"base_url": fuzz_urls[service], "headers": fuzz_authorization, "timeout": 60}

        def validate_response(self, response: Any, case: Any, *args: Any, **kwargs: Any) -> None:
            tally.record(case, response)

    Scenarios.run(settings=fuzz_settings(max_examples=EXAMPLES, stateful_step_count=10))
    assert not tally.server_errors, tally.failures()
    assert tally.calls, "no call was made"
