import pytest

from csp_common.errors import Problem
from csp_common.purpose import MAX_PURPOSE, required_purpose


@pytest.mark.parametrize("purpose", [None, "", "   ", "a" * (MAX_PURPOSE + 1), "why\x00", "a\nb"])
async def test_a_read_without_a_printable_purpose_is_refused(purpose: str | None) -> None:
    with pytest.raises(Problem) as refused:
        await required_purpose(purpose)
    assert refused.value.status == 400
    assert refused.value.type == "purpose-required"


async def test_a_purpose_is_kept_as_sent() -> None:
    assert await required_purpose("DHR-2024-01 chronology") == "DHR-2024-01 chronology"
