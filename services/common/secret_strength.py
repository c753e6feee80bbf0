"""Whether a secret is strong enough for production: at least 32 bytes, and not low in entropy
(few distinct characters, or a word said over and over). Equality with the development defaults is
checked apart; this catches `x`, `changeme`, `aaaa…` and `passwordpassword…`."""

from __future__ import annotations

import math
import zlib
from collections import Counter

MIN_BYTES = 32
# Bits the secret's own character frequencies give it (length × Shannon entropy per character):
# 32 random hex digits give about 120, `passwordpassword…` (32 characters) about 88.
MIN_BITS = 96
# What zlib leaves of a secret beyond its own 11 bytes of framing: 32 random bytes or hex digits
# leave 29 or more; a repeated word leaves a handful whatever its length.
MIN_COMPRESSED = 16
_ZLIB_FRAMING = 11


def entropy_bits(secret: bytes) -> float:
    counts = Counter(secret)
    per_symbol = abs(sum(n / len(secret) * math.log2(n / len(secret)) for n in counts.values()))
    return per_symbol * len(secret)


def weakness(secret: bytes) -> str | None:
    """Why the secret is too weak for production, or None when it is not."""
    if len(secret) < MIN_BYTES:
        return f"is shorter than {MIN_BYTES} bytes ({len(secret)})"
    bits = entropy_bits(secret)
    if bits < MIN_BITS or len(zlib.compress(secret, 9)) - _ZLIB_FRAMING < MIN_COMPRESSED:
        return f"is low in entropy (about {bits:.0f} bits, or a repeated pattern; use {MIN_BYTES} random bytes)"
    return None
