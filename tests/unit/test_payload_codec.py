"""The payload codec: AES-GCM, key id in metadata, rotation keeps old payloads readable."""

from __future__ import annotations

import base64
import os

import pytest
from temporalio.api.common.v1 import Payload

from services.common.codec import (
    ENCODING,
    KEY_ID_KEY,
    CodecError,
    EncryptionCodec,
    open_text,
    parse_key_ring,
    seal_text,
)

CLEAR = Payload(metadata={"encoding": b"json/plain"}, data='{"note": "张三 13800138000"}'.encode())


def key() -> bytes:
    return os.urandom(32)


async def test_round_trip_hides_the_content_and_names_the_key() -> None:
    codec = EncryptionCodec({"k1": key()}, "k1")
    [sealed] = await codec.encode([CLEAR])
    assert sealed.metadata["encoding"] == ENCODING and sealed.metadata[KEY_ID_KEY] == b"k1"
    assert b"13800138000" not in sealed.SerializeToString()
    assert "张三".encode() not in sealed.SerializeToString()
    assert await codec.decode([sealed]) == [CLEAR]


async def test_rotation_old_payloads_still_open_new_ones_use_the_new_key() -> None:
    old, new = key(), key()
    [sealed_old] = await EncryptionCodec({"k1": old}, "k1").encode([CLEAR])
    rotated = EncryptionCodec({"k1": old, "k2": new}, "k2")
    [sealed_new] = await rotated.encode([CLEAR])
    assert sealed_new.metadata[KEY_ID_KEY] == b"k2"
    assert await rotated.decode([sealed_old, sealed_new]) == [CLEAR, CLEAR]
    with pytest.raises(CodecError, match="unknown key id 'k1'"):
        await EncryptionCodec({"k2": new}, "k2").decode([sealed_old])


async def test_tampering_and_key_id_swaps_are_refused() -> None:
    a, b = key(), key()
    codec = EncryptionCodec({"k1": a, "k2": b}, "k1")
    [sealed] = await codec.encode([CLEAR])
    flipped = Payload(metadata=sealed.metadata, data=sealed.data[:-1] + bytes([sealed.data[-1] ^ 1]))
    with pytest.raises(CodecError, match="fails authentication"):
        await codec.decode([flipped])
    relabelled = Payload(metadata={**sealed.metadata, KEY_ID_KEY: b"k2"}, data=sealed.data)
    with pytest.raises(CodecError, match="fails authentication"):
        await codec.decode([relabelled])


async def test_unencrypted_payloads_pass_through_decode() -> None:
    assert await EncryptionCodec({"k1": key()}, "k1").decode([CLEAR]) == [CLEAR]


@pytest.mark.parametrize(
    "spec,message",
    [
        ("", "empty"),
        ("nokey", "<key id>:<base64 key>"),
        ("k1:not base64!", "not valid base64"),
        (f"k1:{base64.b64encode(b'short').decode()}", "must be 32 bytes"),
    ],
)
def test_bad_key_rings_are_named(spec: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_key_ring(spec)


def test_current_key_must_be_in_the_ring() -> None:
    with pytest.raises(ValueError, match="not in the key ring"):
        EncryptionCodec({"k1": key()}, "k9")


def test_secrets_at_rest_are_sealed_and_open_only_with_their_key() -> None:
    codec = EncryptionCodec({"k1": key()}, "k1")
    first, second = seal_text(codec, "station-webhook-secret-0001"), seal_text(codec, "station-webhook-secret-0001")
    assert first != second and "station" not in first and len(first) < 600  # fits the column
    assert open_text(codec, first) == "station-webhook-secret-0001"
    with pytest.raises(CodecError, match="unknown key id"):
        open_text(EncryptionCodec({"k2": key()}, "k2"), first)
    tampered = base64.b64encode(base64.b64decode(first)[:-1] + b"x").decode()
    with pytest.raises(CodecError):
        open_text(codec, tampered)
    with pytest.raises(CodecError, match="base64"):
        open_text(codec, "not base64!")
