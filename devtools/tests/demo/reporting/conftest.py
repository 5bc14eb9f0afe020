"""reporting for its demo loader's test: a real server over a database of its own."""

from csp_devtools.testing.service import service_fixtures
from reporting.app import create_app
from reporting.settings import ReportingSettings

globals().update(
    service_fixtures(
        "reporting",
        create_app=create_app,
        settings=ReportingSettings,
        database="csp_demo_reporting",
        defaults={
            "dashboard_secret": "test-dashboard-secret-0123456789abcdef",
            "dashboard_cookie_secure": False,
        },
    )
)
