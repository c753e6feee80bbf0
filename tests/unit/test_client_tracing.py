"""services.common.temporal.ClientTracing traces client calls as Temporal's TracingInterceptor
does, though it imports it only on the first call: a span per call, its context in the header
the worker's TracingInterceptor reads."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from temporalio.client import OutboundInterceptor

from services.common.temporal import ClientTracing


class Recording(OutboundInterceptor):
    """The end of the chain: records what reaches it."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, Any]] = []

    async def start_workflow(self, input: Any) -> Any:
        self.seen.append(("start_workflow", input))
        return "handle"

    async def count_workflows(self, input: Any) -> Any:
        self.seen.append(("count_workflows", input))
        return 3


async def test_client_calls_carry_the_trace_into_the_header_and_the_rest_pass_through(
    monkeypatch: Any,
) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    monkeypatch.setattr("opentelemetry.trace.get_tracer", provider.get_tracer)
    end = Recording()
    chain = ClientTracing().intercept_client(end)

    start = SimpleNamespace(workflow="DisputeCaseWorkflow", id="case-1", start_signal=None, headers={})
    with provider.get_tracer("test").start_as_current_span("filing") as parent:
        assert await chain.start_workflow(start) == "handle"  # type: ignore[arg-type]
    assert await chain.count_workflows("query") == 3  # type: ignore[arg-type]

    assert [name for name, _ in end.seen] == ["start_workflow", "count_workflows"]
    assert "_tracer-data" in start.headers
    spans = {s.name: s for s in exporter.get_finished_spans()}
    started = spans["StartWorkflow:DisputeCaseWorkflow"]
    assert started.parent is not None and started.parent.span_id == parent.get_span_context().span_id
    assert started.attributes == {"temporalWorkflowID": "case-1"}
