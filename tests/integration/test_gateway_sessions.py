"""Sessions that end (issue #18): signing out revokes the token on every replica, and the token of
a user who is disabled or removed stops working. Since issue #19 a replica reuses what it read for a
token for `identity_cache_seconds`: the replica that signs a token out refuses it at once, every
other replica within that time, never later."""

from __future__ import annotations

import asyncio
import time
from contextlib import AsyncExitStack

from sqlmodel import select

from services.common.db import Database
from services.gateway.models import User
from tests.integration.gateway_replicas import exit_stack, gateway_db, replicas, sign_in

__all__ = ["exit_stack", "gateway_db"]  # fixtures this module's tests use


def _bearer(reply: object) -> dict[str, str]:
    return {"Authorization": f"Bearer {reply.json()['access_token']}"}  # type: ignore[attr-defined]


TTL = 0.5  # identity_cache_seconds in these tests


async def test_signing_out_ends_the_token_on_every_replica(gateway_db: str, exit_stack: AsyncExitStack) -> None:
    a, b = await replicas(exit_stack, gateway_db, "203.0.113.10", identity_cache_seconds=TTL)
    token = _bearer(await sign_in(a, "xiadong.caseworker"))
    other = _bearer(await sign_in(a, "xiadong.caseworker"))  # another session of the same person
    assert (await a.get("/api/v1/me", headers=token)).status_code == 200  # cached on both
    assert (await b.get("/api/v1/me", headers=token)).status_code == 200
    assert (await a.post("/api/v1/auth/logout", headers=token)).status_code == 204
    here = await a.get("/api/v1/me", headers=token)  # the replica that signed it out: at once
    assert here.status_code == 401 and "signed out" in here.json()["error"]["message"]
    await asyncio.sleep(TTL)  # every other replica: within identity_cache_seconds
    ended = await b.get("/api/v1/me", headers=token)
    assert ended.status_code == 401 and "signed out" in ended.json()["error"]["message"]
    assert (await b.get("/api/v1/ops/overview", headers=token)).status_code == 401
    assert (await b.get("/api/v1/me", headers=other)).status_code == 200  # only that session ended
    # The console's and the ops pages' cookies end the same way.
    ops = await a.post("/ops/login", data={"username": "ops", "password": "fengqiao-demo"})
    cookie = {"Cookie": f"fengqiao_ops_session={ops.cookies['fengqiao_ops_session']}"}
    assert (await b.get("/api/v1/ops/audit", headers=cookie)).status_code != 401
    await a.post("/ops/logout", headers=cookie)
    assert (await a.get("/api/v1/ops/audit", headers=cookie)).status_code == 401
    await asyncio.sleep(TTL)
    assert (await b.get("/api/v1/ops/audit", headers=cookie)).status_code == 401


async def test_a_signed_out_token_is_never_accepted_longer_than_the_cache_time(
    gateway_db: str, exit_stack: AsyncExitStack
) -> None:
    """Requests keep arriving at the other replica while the token is signed out: each one it
    accepts began before sign-out + identity_cache_seconds; after that, every one is refused."""
    a, b = await replicas(exit_stack, gateway_db, "203.0.113.12", identity_cache_seconds=TTL)
    token = _bearer(await sign_in(a, "xiadong.caseworker"))
    assert (await b.get("/api/v1/me", headers=token)).status_code == 200  # b holds it in its cache
    answers: list[tuple[float, int]] = []
    signed_out = float("inf")

    async def keep_asking() -> None:
        # Until a few requests have begun past sign-out + TTL (however slow the machine is).
        while sum(began >= signed_out + TTL for began, _ in answers) < 3:
            began = time.monotonic()
            answers.append((began, (await b.get("/api/v1/me", headers=token)).status_code))

    asking = asyncio.create_task(keep_asking())
    await asyncio.sleep(0.1)
    assert (await a.post("/api/v1/auth/logout", headers=token)).status_code == 204
    signed_out = time.monotonic()  # the deny-list entry is committed before the answer
    await asyncio.wait_for(asking, 60)
    assert {status for _, status in answers} <= {200, 401}
    late = [began - signed_out for began, status in answers if status == 200 and began >= signed_out + TTL]
    assert not late, f"accepted {len(late)} requests more than {TTL} s after the sign-out"
    assert any(status == 401 for began, status in answers if began >= signed_out + TTL)


async def test_a_disabled_or_removed_users_token_stops_working(gateway_db: str, exit_stack: AsyncExitStack) -> None:
    (gw,) = await replicas(exit_stack, gateway_db, "203.0.113.11", count=1, identity_cache_seconds=TTL)
    mediator = _bearer(await sign_in(gw, "mediator.1"))
    worker = _bearer(await sign_in(gw, "xiadong.grid"))
    for headers in (mediator, worker):  # honoured, and the replica keeps what it read
        assert (await gw.get("/api/v1/me", headers=headers)).status_code == 200
    db = Database(gateway_db)
    try:
        async with db.session() as session:
            user = (await session.exec(select(User).where(User.username == "mediator.1"))).one()
            user.is_active = False
            session.add(user)
            await session.delete((await session.exec(select(User).where(User.username == "xiadong.grid"))).one())
    finally:
        await db.dispose()
    await asyncio.sleep(TTL)  # within identity_cache_seconds
    for headers in (mediator, worker):
        refused = await gw.get("/api/v1/me", headers=headers)
        assert refused.status_code == 401 and "no longer exists or is disabled" in refused.text, refused.text
