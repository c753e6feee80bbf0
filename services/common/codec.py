"""The payload codec: every Temporal payload is encrypted with AES-GCM before it leaves a process.

DESIGN.md invariant 6: personal data never sits in clear text in Temporal's database or UI.
Each encrypted payload names the key that sealed it (metadata `encryption-key-id`), so keys can be
rotated: new payloads use the current key, payloads sealed with an older key in the ring still
open. Removing a key from the ring makes the payloads it sealed unreadable — retire keys only
after the workflows that used them are closed and past retention.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping, Sequence

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from temporalio.api.common.v1 import Payload
from temporalio.converter import PayloadCodec

ENCODING = b"binary/encrypted"
KEY_ID_KEY = "encryption-key-id"
_NONCE_BYTES = 12


class CodecError(ValueError):
    """A payload that cannot be opened: unknown key id, or tampered/corrupt ciphertext."""


def parse_key_ring(spec: str) -> dict[str, bytes]:
    """Reads `kid1:base64key,kid2:base64key` into {key id: 32-byte key}; names what is wrong."""
    ring: dict[str, bytes] = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        kid, sep, encoded = part.partition(":")
        if not sep or not kid:
            raise ValueError(f"payload key {part[:12]!r}… must be written as <key id>:<base64 key>")
        try:
            key = base64.b64decode(encoded, validate=True)
        except ValueError as exc:
            raise ValueError(f"payload key {kid!r} is not valid base64") from exc
        if len(key) != 32:
            raise ValueError(f"payload key {kid!r} must be 32 bytes (AES-256), got {len(key)}")
        ring[kid] = key
    if not ring:
        raise ValueError("the payload key ring is empty")
    return ring


class EncryptionCodec(PayloadCodec):
    """AES-256-GCM over the whole serialized payload; the key id is authenticated as associated data."""

    def __init__(self, keys: Mapping[str, bytes], current_key_id: str) -> None:
        if current_key_id not in keys:
            raise ValueError(f"the current payload key {current_key_id!r} is not in the key ring")
        self._ciphers = {kid: AESGCM(key) for kid, key in keys.items()}
        self._current = current_key_id

    @property
    def current_key_id(self) -> str:
        return self._current

    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [self.encrypt(p) for p in payloads]

    async def decode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [self.decrypt(p) for p in payloads]

    def encrypt(self, payload: Payload) -> Payload:
        nonce = os.urandom(_NONCE_BYTES)
        kid = self._current.encode()
        sealed = self._ciphers[self._current].encrypt(nonce, payload.SerializeToString(), kid)
        return Payload(metadata={"encoding": ENCODING, KEY_ID_KEY: kid}, data=nonce + sealed)

    def decrypt(self, payload: Payload) -> Payload:
        """Opens an encrypted payload; passes through one that was never encrypted (e.g. written
        before the codec was introduced, or a search attribute)."""
        if payload.metadata.get("encoding") != ENCODING:
            return payload
        kid = payload.metadata.get(KEY_ID_KEY, b"").decode()
        cipher = self._ciphers.get(kid)
        if cipher is None:
            raise CodecError(f"payload sealed with unknown key id {kid!r}; is it missing from the key ring?")
        try:
            clear = cipher.decrypt(payload.data[:_NONCE_BYTES], payload.data[_NONCE_BYTES:], kid.encode())
        except Exception as exc:  # cryptography raises InvalidTag without a message
            raise CodecError(f"payload sealed with key {kid!r} fails authentication (tampered or corrupt)") from exc
        opened = Payload()
        opened.ParseFromString(clear)
        return opened


def seal_text(codec: EncryptionCodec, text: str) -> str:
    """A short secret sealed for storage at rest with the payload key ring (base64 text)."""
    return base64.b64encode(codec.encrypt(Payload(data=text.encode())).SerializeToString()).decode()


def open_text(codec: EncryptionCodec, sealed: str) -> str:
    """The secret `seal_text` sealed; CodecError when its key left the ring or it was altered."""
    payload = Payload()
    try:
        payload.ParseFromString(base64.b64decode(sealed, validate=True))
    except ValueError as exc:
        raise CodecError("a sealed secret is not valid base64") from exc
    return codec.decrypt(payload).data.decode()
