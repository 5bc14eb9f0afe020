"""Every table of reporting, imported in one place for the migrations and the tests."""

from csp_common import tables  # noqa: F401  (outbox, processed_event, audit_log)
from reporting.attendance import models as attendance  # noqa: F401
from reporting.dashboard import models as dashboard  # noqa: F401
from reporting.dhr import models as dhr  # noqa: F401
from reporting.editions import models as editions  # noqa: F401
from reporting.governance import models as governance  # noqa: F401
from reporting.hate_crime import models as hate_crime  # noqa: F401
from reporting.hubs import models as hubs  # noqa: F401
from reporting.marac import models as marac  # noqa: F401
from reporting.matac import models as matac  # noqa: F401
from reporting.providers import models as providers  # noqa: F401
from reporting.rebuild import models as rebuild  # noqa: F401
from reporting.referrals import models as referrals  # noqa: F401
from reporting.svd_fund import models as svd_fund  # noqa: F401
