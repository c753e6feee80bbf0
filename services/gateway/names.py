"""Display names for the codes pages would otherwise show: organisations and communities from the
evaluation registry, complaint categories from intake. Public data (the board and Open311 show the
same), read under a public identity and kept for a minute per gateway so a page costs no extra call."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field

import grpc
from fastapi import Request
from fengqiao.evaluation.v1 import registry_pb2
from fengqiao.intake.v1 import intake_pb2
from sqlmodel import select

from services.common import scope
from services.common.identity import Identity
from services.gateway.deps import Backends
from services.gateway.models import User
from services.gateway.public import public_metadata

log = logging.getLogger("fengqiao.gateway.names")
NAMES_READER = Identity("public:names", (scope.RESIDENT,), (), "名称查询")
# How long the names are kept: a community renamed through another gateway shows its new name
# within this; a change through this gateway drops them at once (`forget_names`).
KEEP_SECONDS = 15.0


@dataclass
class Names:
    organisations: dict[str, str] = field(default_factory=dict)
    # Organisation code → kind (property_company, neighbourhood, ...).
    kinds: dict[str, str] = field(default_factory=dict)
    communities: dict[str, registry_pb2.Community] = field(default_factory=dict)
    categories: dict[str, intake_pb2.Category] = field(default_factory=dict)
    # The gateway's own users: username → display name ("李红 · 下东社区").
    people: dict[str, str] = field(default_factory=dict)
    loaded_at: float = 0.0

    def of_kind(self, kind: str) -> list[tuple[str, str]]:
        """(code, name) of the organisations of one kind, by name."""
        return sorted(((c, n) for c, n in self.organisations.items() if self.kinds.get(c) == kind), key=lambda p: p[1])

    def community_choices(self) -> list[tuple[str, str]]:
        return sorted(((c.code, c.name) for c in self.communities.values()), key=lambda p: p[1])

    def organisation(self, code: str) -> str:
        return self.organisations.get(code, code)

    def community(self, code: str) -> str:
        found = self.communities.get(code)
        return found.name if found else code

    def person(self, username: str, lang: str = "zh") -> str:
        """Who acted: a user's display name; the system's and the public's identities by what they are."""
        if username in self.people:
            return self.people[username]
        if username.startswith("public:") or username == "resident":
            return "public" if lang == "en" else "公众"
        if username.startswith(("system", "worker")) or username in ("workflow", "temporal"):
            return "system" if lang == "en" else "系统"
        return username

    def category(self, code: str, lang: str = "zh") -> str:
        found = self.categories.get(code)
        if found is None:
            return code
        return (found.name_en or found.name) if lang == "en" else found.name


async def _load(backends: Backends) -> Names:
    metadata = public_metadata(backends, NAMES_READER)
    timeout = backends.settings.rpc_timeout_seconds
    orgs = await backends.registry.ListOrganisations(
        registry_pb2.ListOrganisationsRequest(), metadata=metadata, timeout=timeout
    )
    communities: dict[str, registry_pb2.Community] = {}
    token = ""
    while True:
        page = await backends.registry.ListCommunities(
            registry_pb2.ListCommunitiesRequest(page_size=200, page_token=token), metadata=metadata, timeout=timeout
        )
        communities.update((c.code, c) for c in page.communities)
        token = page.next_page_token
        if not token:
            break
    categories = await backends.intake.ListCategories(
        intake_pb2.ListCategoriesRequest(), metadata=metadata, timeout=timeout
    )
    async with backends.db.session() as session:
        people = {u.username: u.display_name for u in (await session.exec(select(User))).all()}
    return Names(
        people=people,
        organisations={o.code: o.name for o in orgs.organisations},
        kinds={o.code: o.kind for o in orgs.organisations},
        communities=communities,
        categories={c.code: c for c in categories.categories},
        loaded_at=time.monotonic(),
    )


_lock = asyncio.Lock()


async def names_of(request: Request) -> Names:
    """The gateway's names, loaded at most once a minute; kept on the app so every page shares them."""
    state = request.app.state
    held: Names | None = getattr(state, "names", None)
    if held is not None and time.monotonic() - held.loaded_at < KEEP_SECONDS:
        return held
    async with _lock:
        held = getattr(state, "names", None)
        if held is None or time.monotonic() - held.loaded_at >= KEEP_SECONDS:
            held = await _load(state.backends)
            state.names = held
    return held


def forget_names(request: Request) -> None:
    """Drops this gateway's names after a registry change, so the next page reads them afresh."""
    request.app.state.names = None


async def load_names(request: Request) -> Names:
    """Puts the names on the request for the templates; a page still renders (with codes) when the
    registry does not answer, rather than failing on a label."""
    try:
        request.state.names = await names_of(request)
    except grpc.aio.AioRpcError as exc:
        log.warning("names unavailable", extra={"path": request.url.path, "code": exc.code().name})
        request.state.names = Names()
    names: Names = request.state.names
    return names
