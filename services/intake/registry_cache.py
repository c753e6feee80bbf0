"""The registry's communities as filing reads them: cached for seconds, one by one or all at once.

Why: every complaint names a community, and with a cache per community alone nearly every complaint
was a ResolveCommunity call (issue 19: ~5 ms of the evaluation service's CPU and ~3 ms of intake's
per complaint) — the next complaint about the same community comes later than the cache keeps it
when there are more than a handful of communities (the benchmark's 75, a district's thousands).
So while complaints come several times faster than the registry's community list has pages per
freshness window (LOOKUPS_PER_PAGE),
the next look-up reads the whole list (ListCommunities) and the window's look-ups answer from it:
at most one listing per window, however many complaints; at a slower pace, one call per community.

Invalidation is by age, the same bound as before: nothing, listing or single community, answers
after COMMUNITY_CACHE_SECONDS, so a community renamed, re-managed or retired in the registry is
seen within seconds (issue 14). A query the listing does not answer — unknown, retired, or a name
two communities share — asks ResolveCommunity, whose refusal names the reason.

Bound: the listing holds the registry's communities (a district has a few thousand); the cache of
single look-ups is emptied past COMMUNITY_CACHE_SIZE entries.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import grpc
from fengqiao.evaluation.v1 import registry_pb2, registry_pb2_grpc
from grpc import aio

from services.common.errors import InvalidInput, Unavailable

COMMUNITY_CACHE_SECONDS = 5.0
COMMUNITY_CACHE_SIZE = 10_000
LISTING_PAGE_SIZE = 200
# A page of the listing costs the registry about what a few single look-ups do (it loads and sends
# 200 rows); reading it pays from this many look-ups per page in a window on.
LOOKUPS_PER_PAGE = 4


@dataclass(frozen=True)
class _Listing:
    """Live communities by code and by name (a name two communities share is left out)."""

    expires: float
    by_code: dict[str, registry_pb2.Community]
    by_name: dict[str, registry_pb2.Community]

    def get(self, query: str) -> registry_pb2.Community | None:
        return self.by_code.get(query) or self.by_name.get(query)


class CommunityCache:
    def __init__(
        self,
        registry: registry_pb2_grpc.RegistryServiceStub,
        metadata: Callable[[], Sequence[tuple[str, str]]],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.registry = registry
        self.metadata = metadata
        self.clock = clock
        self._single: dict[str, tuple[float, registry_pb2.Community]] = {}
        self._listing: _Listing | None = None
        self._listing_pages = 1
        self._listing_read: asyncio.Future[None] | None = None
        # Look-ups the single cache did not answer, in the current and the previous window.
        self._window_start = clock()
        self._asked, self._asked_before = 0, 0

    async def resolve(self, query: str) -> registry_pb2.Community:
        """The registry's live community for a code or exact name; InvalidInput when there is none."""
        query = query.strip()
        now = self.clock()
        cached = self._single.get(query)
        if cached is not None and cached[0] > now:
            return cached[1]
        self._asked += 1
        listing = self._listing
        if (listing is None or listing.expires <= now) and self._busy(now):
            listing = await self._read_listing()
        if listing is not None and listing.expires > now and (found := listing.get(query)) is not None:
            return found
        return await self._ask(query)

    def _busy(self, now: float) -> bool:
        """True when look-ups past the single cache in a window outnumber the listing's pages
        LOOKUPS_PER_PAGE times: reading the list then costs the registry less than answering them
        one by one."""
        if now - self._window_start >= COMMUNITY_CACHE_SECONDS:
            # An idle stretch longer than a window forgets the earlier pace.
            recent = now - self._window_start < 2 * COMMUNITY_CACHE_SECONDS
            self._asked_before = self._asked if recent else 0
            self._asked, self._window_start = 0, now
        return max(self._asked, self._asked_before) > LOOKUPS_PER_PAGE * self._listing_pages

    async def _read_listing(self) -> _Listing | None:
        """One listing at a time: concurrent look-ups wait for the one being read."""
        if self._listing_read is None or self._listing_read.done():
            self._listing_read = asyncio.ensure_future(self._list())
        try:
            await asyncio.shield(self._listing_read)
        except Unavailable:
            return None  # the single look-up that follows reports the registry's state
        return self._listing

    async def _list(self) -> None:
        expires = self.clock() + COMMUNITY_CACHE_SECONDS
        communities: list[registry_pb2.Community] = []
        token, pages = "", 0
        try:
            while True:
                page = await self.registry.ListCommunities(
                    registry_pb2.ListCommunitiesRequest(page_size=LISTING_PAGE_SIZE, page_token=token),
                    metadata=self.metadata(),
                )
                communities.extend(page.communities)
                pages += 1
                token = page.next_page_token
                if not token:
                    break
        except aio.AioRpcError as exc:
            raise Unavailable(f"the registry could not be reached: {exc.details()}") from exc
        live = [c for c in communities if not c.retired]
        names: dict[str, list[registry_pb2.Community]] = {}
        for c in live:
            names.setdefault(c.name, []).append(c)
        self._listing = _Listing(
            expires=expires,
            by_code={c.code: c for c in live},
            by_name={name: found[0] for name, found in names.items() if len(found) == 1},
        )
        self._listing_pages = pages

    async def _ask(self, query: str) -> registry_pb2.Community:
        try:
            response = await self.registry.ResolveCommunity(
                registry_pb2.ResolveCommunityRequest(query=query), metadata=self.metadata()
            )
        except aio.AioRpcError as exc:
            if exc.code() == grpc.StatusCode.NOT_FOUND:
                raise InvalidInput(f"community {query!r} is not in the registry", field="community") from exc
            raise Unavailable(f"the registry could not be reached: {exc.details()}") from exc
        if len(self._single) > COMMUNITY_CACHE_SIZE:
            self._single.clear()
        self._single[query] = (self.clock() + COMMUNITY_CACHE_SECONDS, response.community)
        return response.community
