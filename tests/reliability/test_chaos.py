"""The chaos harness in small: 1,000 referrals, one SIGKILL each of the broker,
referral-hub, a marac replica and a reporting replica. Nothing lost, nothing twice.

`make reliability` runs the full version (10,000 referrals, the broker killed twice)
and writes its figures to docs/reliability.md.
"""

from pathlib import Path

from csp_devtools.reliability.chaos_harness import ONE_OF_EACH, Scenario, run


async def test_nothing_lost_or_duplicated_when_processes_are_killed(tmp_path: Path) -> None:
    # More twins than the realistic 3%: they race for the key claim.
    scenario = Scenario(
        referrals=1000, rate=30, clients=8, kills=ONE_OF_EACH, double_share=0.1, settle_timeout=180
    )

    result = await run(scenario, tmp_path)

    report = result.markdown() + f"\nlogs: {tmp_path}"
    assert [k.target for k in result.kills] == [k.target for k in ONE_OF_EACH], report
    assert result.refused == [], report
    assert result.accepted == 1000, report
    for counted in result.observation.counts:
        assert (counted.lost, counted.duplicated) == (0, 0), (counted, report)
    assert result.observation.mismatches == [], report
    assert result.observation.pending == {"referral-hub": 0, "marac": 0}, report
    assert result.dead_letters == {"csp.referrals.dlq": 0, "csp.marac.dlq": 0}, report
    assert result.settle_seconds is not None, report
