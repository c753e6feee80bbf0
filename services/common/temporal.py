"""Connecting to Temporal from settings, and registering the search attributes the stack uses.

Address, namespace and TLS come from settings, so a Temporal cluster replaces the dev server
with no code change. Every process (intake, mediation, worker, gateway) connects here, so every
one of them encrypts payloads with the same codec, traces through Temporal and exports the SDK's
metrics.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re
from pathlib import Path
from typing import Any

from temporalio.api.enums.v1 import IndexedValueType
from temporalio.api.operatorservice.v1 import AddSearchAttributesRequest, ListSearchAttributesRequest
from temporalio.client import Client, Interceptor, OutboundInterceptor, TLSConfig
from temporalio.common import SearchAttributeIndexedValueType
from temporalio.converter import DataConverter, DefaultFailureConverterWithEncodedAttributes
from temporalio.service import RPCError, RPCStatusCode

from services.common import search_attributes
from services.common.codec import EncryptionCodec, parse_key_ring
from services.common.metrics import temporal_runtime
from services.common.settings import CommonSettings
from services.common.startup import StartupRefused

log = logging.getLogger("fengqiao.temporal")

# Between two attempts to reach a Temporal that refuses connections (not listening yet).
CONNECT_RETRY_SECONDS = 0.2

# DESIGN.md invariant 4: a workflow that upserts an unregistered attribute stalls.
_INDEXED_TYPES = {
    SearchAttributeIndexedValueType.KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
    SearchAttributeIndexedValueType.DATETIME: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
    SearchAttributeIndexedValueType.BOOL: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
}
SEARCH_ATTRIBUTES: dict[str, IndexedValueType.ValueType] = {
    key.name: _INDEXED_TYPES[key.indexed_value_type] for key in search_attributes.ALL
}


class ClientTracing(Interceptor):
    """Temporal's TracingInterceptor for client calls, imported on the first call rather than at
    start: its module imports the SDK's whole worker package (sandbox, replayer), a tenth of a
    second of CPU in each of four processes that run no worker, while a warm start's processes
    share two cores (issue 19). Client calls are traced exactly as by TracingInterceptor; workers
    get it themselves (workflows.worker.build_worker)."""

    def intercept_client(self, next: OutboundInterceptor) -> OutboundInterceptor:
        return _TracedOnFirstCall(next)


class _TracedOnFirstCall(OutboundInterceptor):
    """Every call of OutboundInterceptor goes to `self.next`: here TracingInterceptor's client
    interceptor around the real next one, made on first use."""

    def __init__(self, inner: OutboundInterceptor) -> None:
        self._traced: OutboundInterceptor | None = None
        super().__init__(inner)  # sets `next`: the property below

    @property
    def next(self) -> OutboundInterceptor:
        if self._traced is None:
            from temporalio.contrib.opentelemetry import TracingInterceptor

            self._traced = TracingInterceptor().intercept_client(self._inner)
        return self._traced

    @next.setter
    def next(self, inner: OutboundInterceptor) -> None:
        self._inner, self._traced = inner, None


def payload_codec(settings: CommonSettings) -> EncryptionCodec:
    return EncryptionCodec(parse_key_ring(settings.payload_keys), settings.payload_key_id)


def data_converter(settings: CommonSettings) -> DataConverter:
    """The default converter with payloads encrypted; failure messages and stack traces are moved
    into an encrypted payload too, since an error message may quote what a person wrote."""
    return dataclasses.replace(
        DataConverter.default,
        payload_codec=payload_codec(settings),
        failure_converter_class=DefaultFailureConverterWithEncodedAttributes,
    )


def _read(setting: str, path: str | None) -> bytes | None:
    if not path:
        return None
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise StartupRefused(f"{setting}: cannot read {path} ({exc.strerror})") from None


def connection_options(settings: CommonSettings) -> dict[str, Any]:
    """TLS and API key as Client.connect takes them: off for the dev server; a CA, a client
    certificate and key for mutual TLS (Temporal's Helm chart with TLS, or Temporal Cloud with
    certificates); an API key for Temporal Cloud, which always speaks TLS."""
    tls: TLSConfig | bool = False
    if settings.temporal_tls or settings.temporal_api_key:
        tls = TLSConfig(
            server_root_ca_cert=_read("FENGQIAO_TEMPORAL_TLS_CA_PATH", settings.temporal_tls_ca_path),
            client_cert=_read("FENGQIAO_TEMPORAL_TLS_CERT_PATH", settings.temporal_tls_cert_path),
            client_private_key=_read("FENGQIAO_TEMPORAL_TLS_KEY_PATH", settings.temporal_tls_key_path),
            domain=settings.temporal_tls_server_name or None,
        )
    return {"tls": tls, "api_key": settings.temporal_api_key or None}


async def connect(settings: CommonSettings, *, lazy: bool = False) -> Client:
    """A client with the codec, tracing and the process's runtime. `lazy` defers the first RPC
    (the gateway starts even while Temporal is still coming up)."""
    return await Client.connect(
        settings.temporal_address,
        namespace=settings.temporal_namespace,
        data_converter=data_converter(settings),
        interceptors=[ClientTracing()],
        runtime=temporal_runtime(),
        lazy=lazy,
        **connection_options(settings),
    )


async def connect_at_start(settings: CommonSettings) -> Client:
    """`connect`, or StartupRefused naming FENGQIAO_TEMPORAL_ADDRESS when Temporal does not answer
    within the settings' temporal_connect_seconds (issue 12: nothing half-starts). A refused
    connection is tried again within that time; any other error refuses at once."""
    wait = settings.temporal_connect_seconds
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    refused = ""  # the last refusal, if the time ran out while asking again after it
    while True:
        try:
            return await asyncio.wait_for(connect(settings), max(deadline - loop.time(), 0.01))
        except TimeoutError:
            reason = refused or f"no answer within {wait:g}s (FENGQIAO_TEMPORAL_CONNECT_SECONDS)"
        except (RuntimeError, OSError) as exc:
            # The core SDK's error is long; its operating-system message says what matters.
            found = re.search(r'message: "([^"]+)"', str(exc))
            reason = found.group(1) if found else (str(exc).splitlines() or [type(exc).__name__])[0][:160]
            # Nobody listening yet: Temporal may be starting beside this process (a warm start
            # starts them together, deploy/local/stack.py), so ask again until the time is up.
            if "refused" in reason.lower() and loop.time() + CONNECT_RETRY_SECONDS < deadline:
                refused = reason
                await asyncio.sleep(CONNECT_RETRY_SECONDS)
                continue
        break
    raise StartupRefused(
        f"FENGQIAO_TEMPORAL_ADDRESS: Temporal at {settings.temporal_address} "
        f"(namespace {settings.temporal_namespace}) cannot be reached: {reason}"
    )


async def register_search_attributes(client: Client, namespace: str) -> list[str]:
    """Adds whichever of SEARCH_ATTRIBUTES the namespace lacks; returns the names added."""
    try:
        existing = await client.operator_service.list_search_attributes(
            ListSearchAttributesRequest(namespace=namespace)
        )
        known = set(existing.custom_attributes) | set(existing.system_attributes)
    except RPCError as exc:
        # Temporal's time-skipping test server cannot list attributes, only add them.
        if exc.status != RPCStatusCode.UNIMPLEMENTED:
            raise
        known = set()
    missing = {name: kind for name, kind in SEARCH_ATTRIBUTES.items() if name not in known}
    if missing:
        try:
            await client.operator_service.add_search_attributes(
                AddSearchAttributesRequest(search_attributes=missing, namespace=namespace)
            )
        except RPCError as exc:
            if exc.status != RPCStatusCode.ALREADY_EXISTS:
                raise
        log.info("registered search attributes", extra={"added": sorted(missing)})
    return sorted(missing)
