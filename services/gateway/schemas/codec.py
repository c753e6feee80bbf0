"""Temporal's remote codec protocol: payloads in protobuf JSON (bytes in base64)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class PayloadPublic(BaseModel):
    metadata: dict[str, str] = Field(default_factory=dict, description="name → base64 bytes")
    data: str = Field(default="", description="base64 bytes")


class PayloadsPublic(BaseModel):
    """`{"payloads": [{"metadata": {…}, "data": …}]}` in and out of /codec/encode and /codec/decode."""

    payloads: list[PayloadPublic] = Field(default_factory=list)
