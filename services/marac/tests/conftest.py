"""marac's test fixtures: one PostgreSQL database and one consuming app per session
(`marac_app`, `marac_client`, `marac_session`... from the devtools kit)."""

from collections.abc import AsyncIterator

import pytest
from aiokafka import AIOKafkaProducer

from csp_devtools.testing.infra import Broker
from csp_devtools.testing.service import role_headers, service_fixtures, suite_broker
from marac.app import create_app
from marac.settings import MaracSettings

broker = suite_broker()

globals().update(
    service_fixtures(
        "marac", create_app=create_app, settings=MaracSettings, wait_for_consumers=True
    )
)

marac_auth = role_headers(
    "marac_auth",
    roles={
        "coordinator": ["marac:coordinate"],
        "admin": ["marac:coordinate", "admin", "marac:import"],
        "research": ["marac:research"],
        "refer": ["marac:refer"],
        "import": ["marac:import"],
        "none": ["reports:read"],
    },
    default_role="coordinator",
    agency="north-yorkshire-police",
    agencies={"research": "health", "refer": "north-yorkshire-council"},
)
"""Headers for a caller: marac_auth("coordinator", area="york") and friends."""


@pytest.fixture(scope="session")
async def marac_producer(broker: Broker) -> AsyncIterator[AIOKafkaProducer]:
    """Publishes referral-hub's events to the broker marac consumes from."""
    producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap_servers)
    await producer.start()
    yield producer
    await producer.stop()
