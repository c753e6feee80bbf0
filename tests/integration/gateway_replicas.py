"""Gateway replicas for edge tests: N gateway apps over one fresh gateway database (migrated, demo
users seeded), each reached in-process from a client address of the test's choosing. No service
listens behind them: a request that passes the edge's checks ends in 503."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Any

import httpx
import pytest_asyncio

from services.gateway.app import create_app
from services.gateway.settings import GatewaySettings
from tests.conftest import gateway_with_demo
from tests.helpers import IDENTITY_KEY
from tests.integration.conftest import PreparedDatabase

PASSWORD = "fengqiao-demo"

# Nothing listens here: a request that passes the limits ends in 503, one that does not in 429.
NOWHERE = "127.0.0.1:9"


@pytest_asyncio.fixture
async def gateway_db(db_kind: str, prepared_database: PreparedDatabase) -> str:
    url = await prepared_database(db_kind, "gateway+demo", gateway_with_demo)
    return url


async def replicas(
    stack: AsyncExitStack, url: str, peer: str, count: int = 2, **settings: Any
) -> list[httpx.AsyncClient]:
    """`count` gateway apps over one database, each reached by a client from `peer`."""
    clients = []
    for _ in range(count):
        app = create_app(
            GatewaySettings(
                database_url=url,
                identity_key=IDENTITY_KEY,
                intake_address=NOWHERE,
                mediation_address=NOWHERE,
                evaluation_address=NOWHERE,
                temporal_address=NOWHERE,
                liaison_grpc_port=-1,
                rpc_timeout_seconds=2,
                **settings,
            )
        )
        await stack.enter_async_context(app.router.lifespan_context(app))
        transport = httpx.ASGITransport(app=app, client=(peer, 40000))
        clients.append(await stack.enter_async_context(httpx.AsyncClient(transport=transport, base_url="http://gw")))
    return clients


@pytest_asyncio.fixture
async def exit_stack() -> AsyncIterator[AsyncExitStack]:
    async with AsyncExitStack() as stack:
        yield stack


async def sign_in(client: httpx.AsyncClient, username: str, password: str = PASSWORD) -> httpx.Response:
    return await client.post("/api/v1/auth/token", data={"username": username, "password": password})
