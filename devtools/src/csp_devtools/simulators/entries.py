"""The simulators as entries of the local stack (entry point group `csp.simulators`).

`csp up` substitutes `${referral_hub_url}` and `${private_key_file}`. The webhook secret
is derived from the local signing key (see `referral_hub.delivery.secrets`), the same way in
referral-hub's entry, so each local stack has its own and none is written down.
"""

from csp_common.registry import ServiceEntry
from referral_hub.delivery.secrets import LOCAL_DERIVED_PREFIX


def simulator_entry(provider: str, *, port: int) -> ServiceEntry:
    prefix = f"{provider.upper()}_SIMULATOR_"
    return ServiceEntry(
        name=f"{provider}-simulator",
        port=port,
        app_factory=f"csp_devtools.simulators.app:create_{provider}_simulator",
        env_prefix=prefix,
        kind="simulator",
        extra_env={
            f"{prefix}REFERRAL_HUB_URL": "${referral_hub_url}",
            f"{prefix}PRIVATE_KEY_FILE": "${private_key_file}",
            f"{prefix}WEBHOOK_SECRET": LOCAL_DERIVED_PREFIX + "${private_key_file}",
        },
    )


idas_simulator = simulator_entry("idas", port=8101)
foundation_simulator = simulator_entry("foundation", port=8102)
