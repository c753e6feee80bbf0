"""OpenTelemetry tracing: one provider per process, spans exported over OTLP when configured.

Spans cross the process boundaries by themselves: gRPC interceptors carry the context in
metadata (services/common/grpc_client.py, grpc_server.py) and Temporal's TracingInterceptor carries
it in workflow and activity headers (services/common/temporal.py), so one complaint's journey from
the gateway through the services into the workflow and its activities is one trace.
"""

from __future__ import annotations

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor


def configure_tracing(process_name: str, otlp_endpoint: str | None) -> None:
    """Installs the process's tracer provider unless one is installed already (tests install an
    in-memory one first). Without an endpoint spans still get ids, which the JSON logs carry."""
    if isinstance(trace.get_tracer_provider(), TracerProvider):
        return
    provider = TracerProvider(resource=Resource.create({"service.name": f"fengqiao-{process_name}"}))
    if otlp_endpoint:
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=otlp_endpoint, insecure=True)))
    trace.set_tracer_provider(provider)


def current_trace_id() -> str | None:
    context = trace.get_current_span().get_span_context()
    return format(context.trace_id, "032x") if context.is_valid else None
