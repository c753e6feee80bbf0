"""Replicas (issue #12), the short run of benchmarks/replicas.py: two of each of intake, mediation,
evaluation, worker and gateway on PostgreSQL against one Temporal; 20 cases (two through
professional mediation with a court's judicial confirmation, every liaison result sent twice)
while the second replica of each kind is killed with SIGKILL and left down. Nothing acknowledged
is lost, nothing is done twice, every case is CLOSED in record and workflow, reconciliation is
clean — read from the databases, Temporal and the ops view."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from benchmarks.replicas import drive
from deploy.local.stack import Stack, StackConfig
from tests.conftest import ROOT


@pytest_asyncio.fixture(scope="module")
async def replicated(database_factory, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Stack]:  # type: ignore[no-untyped-def]
    urls = {name: await database_factory("postgres") for name in ("intake", "mediation", "evaluation", "gateway")}
    config = StackConfig.random_ports(
        tmp_path_factory.mktemp("replicas"),
        replicas=2,
        database_urls=urls,
        temporal_ui=False,
        log_dir=ROOT / "test-artifacts" / "e2e-logs" / "replicas",
    )
    stack = Stack(config)
    await asyncio.to_thread(stack.start, True)
    try:
        yield stack
    finally:
        await asyncio.to_thread(stack.stop, 3.0)


async def test_two_replicas_of_each_survive_a_kill_of_each_kind(replicated: Stack) -> None:
    run, figures = await drive(replicated, cases=20, professional=2, parallel=20, down=None, settle=0.5, pause=0.3)
    assert not run.stuck, run.stuck
    assert figures.problems == [], figures.problems
    assert (figures.filings_taken, figures.complaints_stored, figures.cases_stored) == (20, 20, 20)
    assert figures.lost == figures.duplicated == figures.completed_twice == 0
    assert figures.timeline_completions_differ == 0
    # Two cases × three court results, each sent twice: six applied, six stored.
    assert figures.liaison_results_sent == figures.liaison_results_stored == figures.liaison_results_applied == 6
    assert figures.closed_record == figures.closed_workflow == figures.closed_both == 20
    assert figures.reconciliation == 0
    # The load reached both replicas of every kind but the worker before its second was killed.
    assert set(run.served_before_kill) == {"intake", "mediation", "evaluation", "gateway"}
    assert all(min(served) > 0 for served in run.served_before_kill.values()), run.served_before_kill
    killed = [name for name, proc in replicated.procs if proc.poll() is not None]
    assert sorted(killed) == sorted(f"{k}-2" for k in ("intake", "mediation", "evaluation", "worker", "gateway"))
