"""Who may use the ops pages: ops and admin, signed in by bearer token or by the ops session cookie.

The cookie exists because ops pages are plain server-rendered HTML a browser opens, and because
Temporal UI sends it to the codec endpoint when "include cross-origin credentials" is on.
It is HttpOnly and SameSite=Lax, so another site can neither read it nor post a form with it.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import Depends, Request

from services.common import scope
from services.common.identity import Identity
from services.gateway import sessions
from services.gateway.deps import BackendsDep
from services.gateway.errors import ApiError

log = logging.getLogger("fengqiao.gateway.ops")

SESSION_COOKIE = "fengqiao_ops_session"
OPS_ROLES = (scope.OPS, scope.ADMIN)


def session_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.cookies.get(SESSION_COOKIE)


async def signed_in(request: Request, backends: BackendsDep) -> Identity:
    token = session_token(request)
    if not token:
        raise ApiError(401, "unauthenticated", "sign in first: /ops/login, or send a bearer token")
    return await sessions.identity_of_token(backends, token)


SignedIn = Annotated[Identity, Depends(signed_in)]


def require(identity: Identity, roles: tuple[str, ...], what: str) -> Identity:
    if not identity.has_role(*roles):
        log.warning("permission denied", extra={"subject": identity.subject, "what": what})
        raise ApiError(403, "permission_denied", f"{what} needs one of the roles {', '.join(roles)}")
    return identity


def ops_identity(identity: SignedIn) -> Identity:
    return require(identity, OPS_ROLES, "the ops pages")


def admin_identity(identity: SignedIn) -> Identity:
    return require(identity, (scope.ADMIN,), "this action")


OpsIdentity = Annotated[Identity, Depends(ops_identity)]
AdminIdentity = Annotated[Identity, Depends(admin_identity)]
