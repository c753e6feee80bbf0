"""Intake's community cache: one call per community at a slow pace, one listing per window when
busy, nothing older than COMMUNITY_CACHE_SECONDS, and retired communities refused by the registry."""

from __future__ import annotations

import asyncio
from typing import Any

import grpc
import pytest
from fengqiao.evaluation.v1 import registry_pb2
from grpc import aio

from services.common.errors import InvalidInput
from services.intake.registry_cache import (
    COMMUNITY_CACHE_SECONDS,
    LISTING_PAGE_SIZE,
    LOOKUPS_PER_PAGE,
    CommunityCache,
)


class NotFoundError(aio.AioRpcError):
    def __init__(self, details: str) -> None:
        super().__init__(grpc.StatusCode.NOT_FOUND, aio.Metadata(), aio.Metadata(), details)


class Registry:
    """The registry's two read calls over a dict of communities, counting calls."""

    def __init__(self, count: int) -> None:
        self.communities = {
            f"CM-{i:04d}": registry_pb2.Community(code=f"CM-{i:04d}", name=f"小区{i}") for i in range(count)
        }
        self.resolved = 0
        self.listed = 0

    async def ResolveCommunity(self, request: registry_pb2.ResolveCommunityRequest, **_: Any) -> Any:
        self.resolved += 1
        await asyncio.sleep(0)
        for c in self.communities.values():
            if request.query in (c.code, c.name):
                if c.retired:
                    raise NotFoundError(f"community {request.query!r} is retired from the registry")
                return registry_pb2.ResolveCommunityResponse(community=c)
        raise NotFoundError(f"no community named or coded {request.query!r}")

    async def ListCommunities(self, request: registry_pb2.ListCommunitiesRequest, **_: Any) -> Any:
        self.listed += 1
        await asyncio.sleep(0)
        codes = sorted(c for c in self.communities if c > request.page_token)
        page = codes[: request.page_size]
        more = len(codes) > request.page_size
        return registry_pb2.ListCommunitiesResponse(
            communities=[self.communities[c] for c in page], next_page_token=page[-1] if more else ""
        )


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def cache(registry: Registry, clock: Clock) -> CommunityCache:
    return CommunityCache(registry, lambda: [], clock)  # type: ignore[arg-type]


async def test_at_a_slow_pace_each_community_is_one_call_kept_for_seconds() -> None:
    registry, clock = Registry(75), Clock()
    communities = cache(registry, clock)
    assert (await communities.resolve("CM-0001")).name == "小区1"
    assert (await communities.resolve(" 小区1 ")).code == "CM-0001"  # by name, trimmed like the registry
    assert (await communities.resolve("CM-0001")).code == "CM-0001"
    assert (registry.resolved, registry.listed) == (2, 0)
    clock.now += COMMUNITY_CACHE_SECONDS
    await communities.resolve("CM-0001")
    assert (registry.resolved, registry.listed) == (3, 0)


async def test_when_busy_one_listing_per_window_answers_every_community() -> None:
    registry, clock = Registry(450), Clock()  # three pages
    communities = cache(registry, clock)
    first = LOOKUPS_PER_PAGE  # single look-ups; the next is worth more than the one page assumed at first
    for i in range(first):
        await communities.resolve(f"CM-{i:04d}")
    await asyncio.gather(*(communities.resolve(f"CM-{i:04d}") for i in range(first, 100)))
    assert registry.resolved == first and registry.listed == 450 // LISTING_PAGE_SIZE + 1
    assert (await communities.resolve("小区300")).code == "CM-0300"
    # The listing ages out like a single look-up; the pace of the last window reads it again.
    clock.now += COMMUNITY_CACHE_SECONDS
    registry.communities["CM-0007"] = registry_pb2.Community(code="CM-0007", name="新名字")
    assert (await communities.resolve("CM-0007")).name == "新名字"
    assert registry.listed == 2 * (450 // LISTING_PAGE_SIZE + 1)
    # Calm again (two windows without look-ups): back to one call per community.
    clock.now += 3 * COMMUNITY_CACHE_SECONDS
    await communities.resolve("CM-0008")
    assert registry.resolved == first + 1 and registry.listed == 6


async def test_a_retired_community_is_refused_within_the_window() -> None:
    registry, clock = Registry(75), Clock()
    communities = cache(registry, clock)
    for i in range(LOOKUPS_PER_PAGE):
        await communities.resolve(f"CM-{i:04d}")
    registry.communities["CM-0050"] = registry_pb2.Community(code="CM-0050", name="小区50", retired=True)
    with pytest.raises(InvalidInput, match="CM-0050"):
        await communities.resolve("CM-0050")  # the listing this reads has it retired: the registry says why
    assert registry.listed == 1
    await communities.resolve("CM-0051")
    registry.communities["CM-0051"] = registry_pb2.Community(code="CM-0051", name="小区51", retired=True)
    assert (await communities.resolve("CM-0051")).code == "CM-0051"  # still within the window
    clock.now += COMMUNITY_CACHE_SECONDS
    with pytest.raises(InvalidInput, match="CM-0051"):
        await communities.resolve("CM-0051")


async def test_a_name_two_communities_share_asks_the_registry() -> None:
    registry, clock = Registry(10), Clock()
    registry.communities["CM-0009"] = registry_pb2.Community(code="CM-0009", name="小区1")
    communities = cache(registry, clock)
    for i in range(LOOKUPS_PER_PAGE + 1):
        await communities.resolve(f"CM-{i:04d}")
    asked = registry.resolved
    await communities.resolve("小区1")
    assert registry.listed == 1 and registry.resolved == asked + 1
