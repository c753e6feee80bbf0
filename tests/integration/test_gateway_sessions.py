"""Sessions that end (issue #18): signing out revokes the token on every replica, and the token of
a user who is disabled or removed stops working at once."""

from __future__ import annotations

from contextlib import AsyncExitStack

from sqlmodel import select

from services.common.db import Database
from services.gateway.models import User
from tests.integration.gateway_replicas import exit_stack, gateway_db, replicas, sign_in

__all__ = ["exit_stack", "gateway_db"]  # fixtures this module's tests use


def _bearer(reply: object) -> dict[str, str]:
    return {"Authorization": f"Bearer {reply.json()['access_token']}"}  # type: ignore[attr-defined]


async def test_signing_out_ends_the_token_on_every_replica(gateway_db: str, exit_stack: AsyncExitStack) -> None:
    a, b = await replicas(exit_stack, gateway_db, "203.0.113.10")
    token = _bearer(await sign_in(a, "xiadong.caseworker"))
    other = _bearer(await sign_in(a, "xiadong.caseworker"))  # another session of the same person
    assert (await b.get("/api/v1/me", headers=token)).status_code == 200
    assert (await a.post("/api/v1/auth/logout", headers=token)).status_code == 204
    ended = await b.get("/api/v1/me", headers=token)
    assert ended.status_code == 401 and "signed out" in ended.json()["error"]["message"]
    assert (await b.get("/api/v1/ops/overview", headers=token)).status_code == 401
    assert (await b.get("/api/v1/me", headers=other)).status_code == 200  # only that session ended
    # The console's and the ops pages' cookies end the same way.
    ops = await a.post("/ops/login", data={"username": "ops", "password": "fengqiao-demo"})
    cookie = {"Cookie": f"fengqiao_ops_session={ops.cookies['fengqiao_ops_session']}"}
    assert (await b.get("/api/v1/ops/audit", headers=cookie)).status_code != 401
    await a.post("/ops/logout", headers=cookie)
    assert (await b.get("/api/v1/ops/audit", headers=cookie)).status_code == 401


async def test_a_disabled_or_removed_users_token_stops_working(gateway_db: str, exit_stack: AsyncExitStack) -> None:
    (gw,) = await replicas(exit_stack, gateway_db, "203.0.113.11", count=1)
    mediator = _bearer(await sign_in(gw, "mediator.1"))
    worker = _bearer(await sign_in(gw, "xiadong.grid"))
    db = Database(gateway_db)
    try:
        async with db.session() as session:
            user = (await session.exec(select(User).where(User.username == "mediator.1"))).one()
            user.is_active = False
            session.add(user)
            await session.delete((await session.exec(select(User).where(User.username == "xiadong.grid"))).one())
    finally:
        await db.dispose()
    for headers in (mediator, worker):
        refused = await gw.get("/api/v1/me", headers=headers)
        assert refused.status_code == 401 and "no longer exists or is disabled" in refused.text, refused.text
