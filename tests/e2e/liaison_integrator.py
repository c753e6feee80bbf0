"""A court's or police station's client of Fengqiao's LiaisonService, written the way an outside
integrator would: no Fengqiao code at all. It learns the API from the server by gRPC reflection,
builds messages from the descriptors it receives, and authenticates with its API key in the
`x-api-key` metadata. (Kept free of project imports on purpose; the e2e test checks that.)"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from google.protobuf.json_format import MessageToDict, ParseDict
from google.protobuf.message import Message
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

SERVICE = "fengqiao.mediation.v1.LiaisonService"


class LiaisonError(Exception):
    """A refused call: the gRPC status name, the message, and the field details when given."""

    def __init__(self, code: str, message: str, details: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code, self.message, self.details = code, message, details


class LiaisonClient:
    def __init__(self, channel: grpc.aio.Channel, api_key: str) -> None:
        self._channel = channel
        self._api_key = api_key
        self._pool = descriptor_pool.DescriptorPool()
        self._methods: dict[str, tuple[type[Message], type[Message]]] = {}

    async def _files(self, request: reflection_pb2.ServerReflectionRequest) -> list[descriptor_pb2.FileDescriptorProto]:
        stub = reflection_pb2_grpc.ServerReflectionStub(self._channel)
        files = []
        async for reply in stub.ServerReflectionInfo(iter([request])):
            if reply.HasField("error_response"):
                raise LookupError(reply.error_response.error_message)
            for raw in reply.file_descriptor_response.file_descriptor_proto:
                files.append(descriptor_pb2.FileDescriptorProto.FromString(raw))
        return files

    async def _add(
        self, proto: descriptor_pb2.FileDescriptorProto, known: dict[str, descriptor_pb2.FileDescriptorProto]
    ) -> None:
        """Adds a file after its dependencies, asking the server for any it did not send."""
        try:
            self._pool.FindFileByName(proto.name)
            return
        except KeyError:
            pass
        for dependency in proto.dependency:
            if dependency not in known:
                for file in await self._files(reflection_pb2.ServerReflectionRequest(file_by_filename=dependency)):
                    known.setdefault(file.name, file)
            await self._add(known[dependency], known)
        self._pool.Add(proto)

    async def load(self) -> list[str]:
        """Discovers the service: lists the server's services and loads LiaisonService's descriptors."""
        stub = reflection_pb2_grpc.ServerReflectionStub(self._channel)
        services: list[str] = []
        async for reply in stub.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")])):
            services = [s.name for s in reply.list_services_response.service]
        files = await self._files(reflection_pb2.ServerReflectionRequest(file_containing_symbol=SERVICE))
        known = {f.name: f for f in files}
        for file in files:
            await self._add(file, known)
        service = self._pool.FindServiceByName(SERVICE)
        for method in service.methods:
            self._methods[method.name] = (
                message_factory.GetMessageClass(method.input_type),
                message_factory.GetMessageClass(method.output_type),
            )
        return services

    def enum_value(self, enum: str, name: str) -> int:
        return int(self._pool.FindEnumTypeByName(enum).values_by_name[name].number)

    async def call(self, method: str, body: dict[str, Any], *, api_key: str | None = None) -> dict[str, Any]:
        """Calls a method with a JSON-like body; returns the answer as a dict (proto field names)."""
        request_cls, response_cls = self._methods[method]
        request = ParseDict(body, request_cls())
        rpc = self._channel.unary_unary(
            f"/{SERVICE}/{method}",
            request_serializer=lambda m: m.SerializeToString(),
            response_deserializer=response_cls.FromString,
        )
        metadata: Sequence[tuple[str, str]] = [("x-api-key", self._api_key if api_key is None else api_key)]
        try:
            reply = await rpc(request, metadata=metadata, timeout=30)
        except grpc.aio.AioRpcError as exc:
            details = dict(exc.trailing_metadata() or ()).get("x-error-details", "")
            raise LiaisonError(exc.code().name, exc.details() or "", str(details)) from exc
        return MessageToDict(reply, preserving_proto_field_name=True)
