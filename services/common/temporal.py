"""Connecting to Temporal from settings, and registering the search attributes the stack uses.

Address, namespace and TLS come from settings, so a Temporal cluster replaces the dev server
with no code change. Every process (intake, mediation, worker, gateway) connects here, so every
one of them encrypts payloads with the same codec, traces through Temporal and exports the SDK's
metrics.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from temporalio.api.enums.v1 import IndexedValueType
from temporalio.api.operatorservice.v1 import AddSearchAttributesRequest, ListSearchAttributesRequest
from temporalio.client import Client, TLSConfig
from temporalio.common import SearchAttributeIndexedValueType
from temporalio.contrib.opentelemetry import TracingInterceptor
from temporalio.converter import DataConverter, DefaultFailureConverterWithEncodedAttributes
from temporalio.service import RPCError, RPCStatusCode

from services.common import search_attributes
from services.common.codec import EncryptionCodec, parse_key_ring
from services.common.metrics import temporal_runtime
from services.common.settings import CommonSettings

log = logging.getLogger("fengqiao.temporal")

# DESIGN.md invariant 4: a workflow that upserts an unregistered attribute stalls.
_INDEXED_TYPES = {
    SearchAttributeIndexedValueType.KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
    SearchAttributeIndexedValueType.DATETIME: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
    SearchAttributeIndexedValueType.BOOL: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
}
SEARCH_ATTRIBUTES: dict[str, IndexedValueType.ValueType] = {
    key.name: _INDEXED_TYPES[key.indexed_value_type] for key in search_attributes.ALL
}


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


async def connect(settings: CommonSettings, *, lazy: bool = False) -> Client:
    """A client with the codec, tracing and the process's runtime. `lazy` defers the first RPC
    (the gateway starts even while Temporal is still coming up)."""
    tls: TLSConfig | bool = False
    if settings.temporal_tls:

        def read(path: str | None) -> bytes | None:
            return Path(path).read_bytes() if path else None

        tls = TLSConfig(
            server_root_ca_cert=read(settings.temporal_tls_ca_path),
            client_cert=read(settings.temporal_tls_cert_path),
            client_private_key=read(settings.temporal_tls_key_path),
        )
    return await Client.connect(
        settings.temporal_address,
        namespace=settings.temporal_namespace,
        tls=tls,
        data_converter=data_converter(settings),
        interceptors=[TracingInterceptor()],
        runtime=temporal_runtime(),
        lazy=lazy,
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
