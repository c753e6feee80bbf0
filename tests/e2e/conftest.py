"""The whole stack as real processes (Temporal dev server, services, worker, gateway) on random
ports, with each service on its own fresh PostgreSQL database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from playwright.async_api import Browser, async_playwright

from deploy.local.stack import Stack, StackConfig
from tests.conftest import ROOT

CONSULTATION_FAST_POLICY = '{"consultation_notice": {"seconds": 3}, "publicity": {"seconds": 4}}'


@asynccontextmanager
async def running_stack(
    database_factory, data_dir: Path, extra_env: dict[str, str] | None = None
) -> AsyncIterator[Stack]:  # type: ignore[no-untyped-def]
    """A seeded stack on fresh PostgreSQL databases, stopped on exit (`extra_env` adds settings)."""
    urls = {name: await database_factory("postgres") for name in ("intake", "mediation", "evaluation", "gateway")}
    config = StackConfig.random_ports(
        data_dir,
        database_urls=urls,
        temporal_ui=False,
        log_dir=ROOT / "test-artifacts" / "e2e-logs",
        # Multi-day consultation periods in seconds, so the 常平苑 story runs on a real clock.
        # Tests may speak as another client through X-Forwarded-For (the fuzz run does, so its rate
        # limits and sign-in failures are its own).
        extra_env={
            "FENGQIAO_MEDIATION_POLICY_OVERRIDES": CONSULTATION_FAST_POLICY,
            "FENGQIAO_GATEWAY_TRUSTED_PROXIES": "127.0.0.1",
        }
        | (extra_env or {}),
    )
    running = Stack(config)
    running.start(seed=True)
    try:
        yield running
    finally:
        running.stop()


@pytest_asyncio.fixture(scope="session")
async def stack(database_factory, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Stack]:  # type: ignore[no-untyped-def]
    """The stack every e2e module shares."""
    async with running_stack(database_factory, tmp_path_factory.mktemp("stack")) as running:
        yield running


@pytest_asyncio.fixture
async def http(stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{stack.config.gateway_port}", timeout=30) as client:
        yield client


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest_asyncio.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as pw:
        launched = await pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        yield launched
        await launched.close()
