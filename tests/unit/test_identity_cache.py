"""The gateway's per-replica identity cache (issue #19): how long an entry is honoured, and that a
sign-out on this replica ends it at once, even against a read that was under way."""

from __future__ import annotations

import time

import pytest

from services.common.identity import Identity
from services.gateway import sessions
from services.gateway.sessions import IdentityCache

WHO = Identity("xiadong.caseworker", ("caseworker",), ("NB-XIADONG",), "测试")


def test_an_entry_lasts_the_cache_time_and_never_past_the_tokens_expiry(monkeypatch: pytest.MonkeyPatch) -> None:
    cache = IdentityCache()
    now = [1000.0]
    monkeypatch.setattr(sessions.time, "monotonic", lambda: now[0])
    cache.put("t", now[0], time.time() + 3600, WHO, ttl=2.0)
    assert cache.get("t", 2.0) == WHO
    now[0] += 1.99
    assert cache.get("t", 2.0) == WHO
    now[0] += 0.01
    assert cache.get("t", 2.0) is None  # 2 s after its read began: read again
    cache.put("expiring", now[0], time.time() - 1, WHO, ttl=2.0)
    assert cache.get("expiring", 2.0) is None  # the token itself has expired
    cache.put("off", now[0], time.time() + 3600, WHO, ttl=0)
    assert cache.get("off", 0) is None


def test_a_sign_out_here_ends_the_entry_and_refuses_a_late_read() -> None:
    cache = IdentityCache()
    began = time.monotonic()
    cache.put("t", began, time.time() + 3600, WHO, ttl=2.0)
    cache.end("t", time.time() + 3600)
    assert cache.get("t", 2.0) is None and cache.ended("t")
    # A request whose database read began before the sign-out committed finishes after it.
    cache.put("t", began, time.time() + 3600, WHO, ttl=2.0)
    assert cache.get("t", 2.0) is None
    cache.end("old", time.time() - 1)  # expired sign-outs are forgotten on the way
    cache.end("other", time.time() + 3600)
    assert not cache.ended("old") and cache.ended("t")


def test_the_oldest_entries_go_first_when_full() -> None:
    cache = IdentityCache(most=2)
    for token in ("a", "b", "c"):
        cache.put(token, time.monotonic(), time.time() + 3600, WHO, ttl=5.0)
    assert cache.get("a", 5.0) is None
    assert cache.get("b", 5.0) == WHO and cache.get("c", 5.0) == WHO
