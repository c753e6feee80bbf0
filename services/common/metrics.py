"""Prometheus metrics of a process, the Temporal SDK runtime's own included, on one /metrics.

The Temporal SDK (its Rust core) exports its metrics through a Prometheus endpoint of its own; this
module binds that endpoint to a private localhost port and folds what it serves into the process's
prometheus_client registry, so every process has exactly one /metrics to scrape.
"""

from __future__ import annotations

import logging
import socket
import urllib.request
from collections.abc import Iterator

from prometheus_client import REGISTRY, Counter, Histogram, generate_latest, start_http_server
from prometheus_client.core import Metric
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.registry import Collector
from temporalio.runtime import PrometheusConfig, Runtime, TelemetryConfig

log = logging.getLogger("fengqiao.metrics")

HTTP_REQUESTS = Counter("fengqiao_http_requests", "HTTP requests served by the gateway", ["method", "route", "status"])
HTTP_SECONDS = Histogram("fengqiao_http_request_seconds", "Gateway HTTP request latency", ["method", "route"])
GRPC_HANDLED = Counter("fengqiao_grpc_server_handled", "gRPC calls served, by status code", ["method", "code"])
GRPC_SECONDS = Histogram("fengqiao_grpc_server_handling_seconds", "gRPC call latency", ["method"])
AUDIT_ENTRIES = Counter("fengqiao_audit_entries", "Entries appended to the audit log", ["action"])
OPS_ACTIONS = Counter("fengqiao_ops_actions", "Admin actions on workflows and tasks", ["action", "result"])

_runtime: Runtime | None = None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class TemporalRuntimeCollector(Collector):
    """Re-exports what the Temporal SDK runtime's Prometheus endpoint serves."""

    def __init__(self, url: str) -> None:
        self.url = url

    def collect(self) -> Iterator[Metric]:
        try:
            with urllib.request.urlopen(self.url, timeout=2) as reply:
                text = reply.read().decode()
        except OSError as exc:  # the runtime starts its endpoint lazily; a scrape must not fail for it
            log.warning("temporal runtime metrics unavailable", extra={"reason": str(exc)})
            return
        yield from text_string_to_metric_families(text)


def temporal_runtime() -> Runtime:
    """The process's one Temporal runtime, exporting SDK metrics (workflow and activity task
    latencies, failures, poller counts, sticky cache …) into this process's /metrics."""
    global _runtime
    if _runtime is None:
        address = f"127.0.0.1:{_free_port()}"
        _runtime = Runtime(
            telemetry=TelemetryConfig(
                metrics=PrometheusConfig(bind_address=address, counters_total_suffix=True, durations_as_seconds=True)
            )
        )
        REGISTRY.register(TemporalRuntimeCollector(f"http://{address}/metrics"))
    return _runtime


def exposition() -> bytes:
    """The Prometheus text of the process (blocking: it scrapes the runtime over localhost)."""
    return generate_latest(REGISTRY)


def serve_metrics(port: int, host: str = "127.0.0.1") -> None:
    """Serves /metrics on its own port (gRPC services and the worker); port 0 means off."""
    if port:
        start_http_server(port, addr=host)
        log.info("metrics served", extra={"metrics_port": port})
