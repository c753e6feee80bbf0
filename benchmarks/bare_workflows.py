"""The bare Temporal workflows the benchmarks measure against (issue #19), in a module of their
own so that the workflow sandbox imports nothing else: a workflow that starts, runs one activity
and ends (benchmarks/intake_throughput.py --mode e2e), and one whose update answers at once
(benchmarks/completion_latency.py)."""

from __future__ import annotations

from datetime import timedelta

from temporalio import activity, workflow


@activity.defn(name="benchmark_noop")
async def noop(i: int) -> int:
    return i


@workflow.defn(name="BenchmarkOneActivity")
class OneActivityWorkflow:
    """The least a workflow that does something costs: started, one activity, done."""

    @workflow.run
    async def run(self, i: int) -> int:
        return await workflow.execute_activity(noop, i, start_to_close_timeout=timedelta(seconds=30))


@workflow.defn(name="BenchmarkBareUpdate")
class BareUpdateWorkflow:
    """Waits until told to stop; its update answers at once (the least an update can cost)."""

    def __init__(self) -> None:
        self._count = 0
        self._stop = False

    @workflow.run
    async def run(self) -> int:
        await workflow.wait_condition(lambda: self._stop)
        return self._count

    @workflow.update
    async def touch(self, value: int) -> int:
        self._count += 1
        return value

    @workflow.signal
    def stop(self) -> None:
        self._stop = True
