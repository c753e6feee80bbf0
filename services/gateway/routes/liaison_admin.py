"""Admin endpoints of the liaison link: API keys (created, rotated, revoked; stored hashed, shown
once) and liaison organisations' webhook endpoints. Every change is audited."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from fengqiao.mediation.v1 import liaison_admin_pb2

from services.common import scope
from services.common.identity import Identity
from services.gateway import api_keys, audit
from services.gateway.deps import BackendsDep, CallerDep, CurrentIdentity
from services.gateway.errors import ApiError
from services.gateway.models import ApiKey
from services.gateway.schemas.admin import (
    ApiKeyCreate,
    ApiKeyListPublic,
    ApiKeyPublic,
    ApiKeySecretPublic,
    WebhookPublic,
    WebhookSet,
)
from services.gateway.schemas.common import SIGNED_IN, refusals

router = APIRouter(prefix="/api/v1/admin", tags=["admin"])

API_KEY_CREATE = "api_key_create"
API_KEY_ROTATE = "api_key_rotate"
API_KEY_REVOKE = "api_key_revoke"
WEBHOOK_SET = "webhook_endpoint_set"
WEBHOOK_REMOVE = "webhook_endpoint_remove"

KeyName = Annotated[str, Path(min_length=1, max_length=64)]
OrganisationCode = Annotated[str, Path(min_length=1, max_length=32)]


def admin(identity: CurrentIdentity) -> Identity:
    if not identity.has_role(scope.ADMIN):
        raise ApiError(403, "permission_denied", "API keys and webhook endpoints are for admins only")
    return identity


Admin = Annotated[Identity, Depends(admin)]


def _key_json(row: ApiKey) -> dict[str, Any]:
    return {
        "name": row.name,
        "purpose": row.purpose,
        "roles": [r for r in row.roles.split(",") if r],
        "organisations": [o for o in row.organisations.split(",") if o],
        "is_active": row.is_active,
        "is_demo": row.is_demo,
        "created_at": row.created_at.isoformat(),
    }


@router.get("/api-keys", response_model=ApiKeyListPublic, responses=refusals(401, 403))
async def list_api_keys(backends: BackendsDep, identity: Admin) -> dict[str, Any]:
    """Every key's name and grants; never a key (only hashes are stored)."""
    return {"api_keys": [_key_json(r) for r in await api_keys.list_keys(backends.db)]}


@router.post(
    "/api-keys", status_code=201, response_model=ApiKeySecretPublic, responses=refusals(401, 403, 409, 413, 422)
)
async def create_api_key(body: ApiKeyCreate, backends: BackendsDep, identity: Admin) -> dict[str, Any]:
    """A new key; the answer's `key` is shown this once."""
    spec = api_keys.KeySpec(body.name, body.purpose, body.role, body.organisation_code)
    row, key = await api_keys.create_key(backends.db, spec)
    await audit.append(
        backends.db, actor=identity.subject, action=API_KEY_CREATE, target=row.name, detail=_key_json(row)
    )
    return _key_json(row) | {"key": key}


@router.post("/api-keys/{name}/rotate", response_model=ApiKeySecretPublic, responses=refusals(401, 403, 404, 422))
async def rotate_api_key(name: KeyName, backends: BackendsDep, identity: Admin) -> dict[str, Any]:
    """A new secret for the key: the old one stops working now; the new `key` is shown this once."""
    row, key = await api_keys.rotate_key(backends.db, name)
    await audit.append(backends.db, actor=identity.subject, action=API_KEY_ROTATE, target=row.name, detail={})
    return _key_json(row) | {"key": key}


@router.post("/api-keys/{name}/revoke", response_model=ApiKeyPublic, responses=refusals(401, 403, 404, 422))
async def revoke_api_key(name: KeyName, backends: BackendsDep, identity: Admin) -> dict[str, Any]:
    row = await api_keys.revoke_key(backends.db, name)
    await audit.append(backends.db, actor=identity.subject, action=API_KEY_REVOKE, target=row.name, detail={})
    return _key_json(row)


@router.put(
    "/liaison/webhooks/{organisation_code}", response_model=WebhookPublic, responses=refusals(*SIGNED_IN, 404, 413)
)
async def set_webhook(
    organisation_code: OrganisationCode, body: WebhookSet, backends: BackendsDep, identity: Admin, caller: CallerDep
) -> dict[str, Any]:
    """Where the organisation hears of new referrals, and the secret that signs the body (HMAC-SHA256)."""
    reply = await backends.liaison_admin.SetWebhookEndpoint(
        liaison_admin_pb2.SetWebhookEndpointRequest(
            organisation_code=organisation_code, url=body.url, secret=body.secret
        ),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    # The secret is not audited: the audit log is readable by ops.
    await audit.append(
        backends.db, actor=identity.subject, action=WEBHOOK_SET, target=organisation_code, detail={"url": reply.url}
    )
    return {"organisation_code": reply.organisation_code, "url": reply.url}


@router.delete(
    "/liaison/webhooks/{organisation_code}", response_model=WebhookPublic, responses=refusals(*SIGNED_IN, 404)
)
async def remove_webhook(
    organisation_code: OrganisationCode, backends: BackendsDep, identity: Admin, caller: CallerDep
) -> dict[str, Any]:
    """No more webhooks for the organisation; it pulls its referral list instead."""
    reply = await backends.liaison_admin.SetWebhookEndpoint(
        liaison_admin_pb2.SetWebhookEndpointRequest(organisation_code=organisation_code),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    await audit.append(backends.db, actor=identity.subject, action=WEBHOOK_REMOVE, target=organisation_code, detail={})
    return {"organisation_code": reply.organisation_code, "url": ""}
