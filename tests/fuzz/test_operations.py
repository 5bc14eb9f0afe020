"""Every operation of every installed service, fuzzed on its own: no input may produce
a 5xx. (One test per service, made here so that a new service is fuzzed too.)"""

from collections.abc import Callable
from typing import Any

from schemathesis.checks import not_a_server_error

from csp_devtools.kits.fuzz import SCHEMAS, Tally, fuzz_settings


def _fuzz_operations(service: str) -> Any:
    @SCHEMAS[service].parametrize()
    @fuzz_settings()
    def test(
        case: Any,
        fuzz_urls: dict[str, str],
        fuzz_authorization: dict[str, str],
        fuzz_tally: Callable[[str, str], Tally],
    ) -> None:
        case.headers = {**(case.headers or {}), **fuzz_authorization}
        response = case.call(base_url=fuzz_urls[service], timeout=60)
        fuzz_tally(service, "stateless").record(case, response)
        case.validate_response(response, checks=[not_a_server_error])

    return test


for _service in SCHEMAS:
    globals()[f"test_no_input_to_{_service.replace('-', '_')}_is_a_server_error"] = (
        _fuzz_operations(_service)
    )
