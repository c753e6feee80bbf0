"""The simulator's only door into Fengqiao: the public HTTP API (console API with demo users' tokens,
the public online form) and the liaison REST API (API keys). Every call is timed by name, and every
refusal counted by kind, for the load report."""

from __future__ import annotations

import asyncio
import time
from collections import Counter, defaultdict
from typing import Any

import httpx


class ApiRefused(Exception):
    def __init__(self, call: str, status: int, body: str) -> None:
        super().__init__(f"{call}: HTTP {status}: {body[:300]}")
        self.call, self.status, self.body = call, status, body


class Api:
    """An HTTP client that signs in demo users, retries what is safe to retry, and keeps figures."""

    def __init__(self, base_url: str, password: str, *, timeout: float = 30.0, patience: float = 0.0) -> None:
        """`base_url` may name several gateways, comma-separated: calls go round-robin, and a call
        that found one down is tried again on the next. With `patience` a call that found no
        gateway or service answering (connection refused, 502/503/504) is tried again for that many
        seconds before it is given up (the fault and replica runs kill processes under the load)."""
        self.clients = [
            httpx.AsyncClient(
                base_url=url.strip(),
                timeout=timeout,
                limits=httpx.Limits(max_connections=32, max_keepalive_connections=32),
            )
            for url in base_url.split(",")
        ]
        self.http = self.clients[0]
        self.sent = [0] * len(self.clients)  # calls sent to each gateway
        self._turn = 0
        self.patience = patience
        self.password = password
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter[str] = Counter()
        self._tokens: dict[str, str] = {}
        self._signing_in: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def close(self) -> None:
        for client in self.clients:
            await client.aclose()

    def _client(self) -> httpx.AsyncClient:
        self._turn = (self._turn + 1) % len(self.clients)
        self.sent[self._turn] += 1
        return self.clients[self._turn]

    async def call(
        self,
        name: str,
        method: str,
        path: str,
        *,
        user: str | None = None,
        headers: dict[str, str] | None = None,
        ok: tuple[int, ...] = (200, 201),
        **kwargs: Any,
    ) -> httpx.Response:
        """One API call, timed under `name`. A 401 signs in again once; a 429 or 503 waits and
        tries again (both say "later"); any other status outside `ok` raises ApiRefused."""
        first = time.monotonic()
        attempt = 0
        while attempt < 6 or time.monotonic() - first < self.patience:
            attempt += 1
            sent = dict(headers or {})
            if user is not None:
                sent["Authorization"] = f"Bearer {await self.token(user)}"
            started = time.perf_counter()
            try:
                reply = await self._client().request(method, path, headers=sent, **kwargs)
            except httpx.TransportError as exc:
                self.errors[f"{name}: {type(exc).__name__}"] += 1
                await asyncio.sleep(min(0.5 * attempt, 3.0))
                continue
            self.latency[name].append(time.perf_counter() - started)
            if reply.status_code in ok:
                return reply
            self.errors[f"{name}: HTTP {reply.status_code}"] += 1
            if reply.status_code == 401 and user is not None and attempt == 1:
                self._tokens.pop(user, None)
                continue
            if reply.status_code in (429, 503) or (self.patience and reply.status_code in (502, 504)):
                await asyncio.sleep(min(float(reply.headers.get("Retry-After", "1")), 3.0) if attempt < 6 else 0.5)
                continue
            raise ApiRefused(name, reply.status_code, reply.text)
        raise ApiRefused(name, 0, f"no answer after {attempt} tries")

    async def token(self, user: str) -> str:
        async with self._signing_in[user]:
            if user not in self._tokens:
                reply = await self.call(
                    "POST /auth/token", "POST", "/api/v1/auth/token", data={"username": user, "password": self.password}
                )
                self._tokens[user] = reply.json()["access_token"]
            return self._tokens[user]

    async def tasks(self, user: str, view: str = "group", **filters: str) -> list[dict[str, Any]]:
        """Every task of one inbox view of `user` (all pages)."""
        found: list[dict[str, Any]] = []
        token = ""
        while True:
            params = {"view": view, "page_size": "100", **filters} | ({"page_token": token} if token else {})
            page = (await self.call("GET /tasks", "GET", "/api/v1/tasks", user=user, params=params)).json()
            found.extend(page["tasks"])
            token = page.get("next_page_token", "")
            if not token:
                return found

    async def complete(self, user: str, task: dict[str, Any], outcome: str, form: dict[str, Any]) -> bool:
        """Claims and completes a task; False when someone else got there first or it is gone."""
        tid = task["id"]
        if task.get("assignee") != user:
            try:
                await self._claim(user, tid)
            except ApiRefused as refused:
                if refused.status in (404, 409):
                    return False  # someone else holds it, or it is gone
                raise
        for attempt in range(8):
            try:
                await self.call(
                    "POST /tasks/{id}/complete",
                    "POST",
                    f"/api/v1/tasks/{tid}/complete",
                    user=user,
                    json={"outcome": outcome, "form": form},
                )
                return True
            except ApiRefused as refused:
                if refused.status == 404:
                    return False
                if refused.status != 409:
                    raise
                # Ask the row: the task is over (it expired, its deadline escalated it) or someone
                # else holds it — let it go; the row exists before the workflow has taken the
                # activity's answer (a loaded worker) — send again; else the workflow refused the
                # form, which the caller reports.
                now = (await self.call("GET /tasks/{id}", "GET", f"/api/v1/tasks/{tid}", user=user)).json()
                if now["status"] not in ("open", "claimed") or now.get("assignee") not in ("", user):
                    return False
                if "is not an open task" not in refused.body:
                    raise
                await asyncio.sleep(0.5 * (attempt + 1))
        return False

    async def _claim(self, user: str, tid: str) -> None:
        """Claims a task; a claim that lost to a change of the row (the task went overdue, its
        version moved: 409 aborted) is tried again while the task is still open and nobody's."""
        for attempt in range(3):
            try:
                await self.call("POST /tasks/{id}/claim", "POST", f"/api/v1/tasks/{tid}/claim", user=user)
                return
            except ApiRefused as refused:
                if refused.status != 409 or "changed by someone else first" not in refused.body or attempt == 2:
                    raise
            await asyncio.sleep(0.2)

    async def case(self, user: str, case_no: str) -> dict[str, Any]:
        reply = await self.call("GET /cases/{no}", "GET", f"/api/v1/cases/{case_no}", user=user)
        return reply.json()  # type: ignore[no-any-return]

    async def file(self, user: str | None, body: dict[str, Any], key: str, client_ip: str) -> dict[str, Any]:
        """Files a complaint: a resident on the public online form (their own address, so the
        public rate limit is theirs), staff through the console API on the other channels."""
        headers = {"Idempotency-Key": key}
        if user is None:
            public = {k: v for k, v in body.items() if k not in ("channel", "category", "external_ref", "location")}
            reply = await self.call(
                "POST /public/complaints",
                "POST",
                "/api/v1/public/complaints",
                headers=headers | {"X-Forwarded-For": client_ip},
                json=public,
            )
        else:
            reply = await self.call(
                "POST /complaints", "POST", "/api/v1/complaints", user=user, headers=headers, json=body
            )
        return reply.json()  # type: ignore[no-any-return]
