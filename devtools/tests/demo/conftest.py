"""Each demo loader's test runs its service on a real port, over a database of its own."""

from csp_common.sealing import new_key
from csp_devtools.testing.service import service_fixtures, suite_broker
from dhr_tracker.app import create_app as create_dhr_app
from dhr_tracker.settings import DhrSettings
from marac.app import create_app as create_marac_app
from marac.settings import MaracSettings
from referral_hub.app import create_app as create_hub_app
from referral_hub.settings import ReferralHubSettings
from svd_fund.app import create_app as create_fund_app
from svd_fund.settings import SvdSettings

broker = suite_broker()

globals().update(
    service_fixtures(
        "hub",
        create_app=create_hub_app,
        settings=ReferralHubSettings,
        database="csp_demo_hub",
        defaults={"person_key_secret": "test-secret"},
    )
)
globals().update(
    service_fixtures(
        "marac",
        create_app=create_marac_app,
        settings=MaracSettings,
        database="csp_demo_marac",
        wait_for_consumers=True,
    )
)
globals().update(
    service_fixtures(
        "dhr",
        create_app=create_dhr_app,
        settings=DhrSettings,
        database="csp_demo_dhr",
        defaults={
            "deadline_scheduler_enabled": False,
            "sealed_keys": {"k1": new_key()},
            "sealed_active_key": "k1",
        },
    )
)
globals().update(
    service_fixtures(
        "fund",
        create_app=create_fund_app,
        settings=SvdSettings,
        database="csp_demo_fund",
        defaults={"round_scheduler_enabled": False},
    )
)
