"""Driving cases over HTTP as a careful client does, shared by the fault and replica benchmarks
(benchmarks/faults.py, benchmarks/replicas.py) and the replica e2e test.

`Gateways` spreads requests over several gateways in turn, the way a load balancer in front of
the gateway replicas would: a refused connection (a gateway that is down) is tried on the next
one; any other failure goes back to the caller, who sends the same request again.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx

PASSWORD = "fengqiao-demo"


class Gateways:
    """Requests round-robin over every gateway; a connection refused moves on to the next."""

    def __init__(self, urls: list[str], timeout: float = 30) -> None:
        self.clients = [httpx.AsyncClient(base_url=url, timeout=timeout) for url in urls]
        self.sent = [0] * len(urls)  # requests answered, per gateway
        self._turn = 0

    async def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        first = self._turn
        self._turn += 1
        for attempt in range(len(self.clients)):
            index = (first + attempt) % len(self.clients)
            try:
                reply = await self.clients[index].request(method, url, **kwargs)
            except httpx.ConnectError:
                if attempt == len(self.clients) - 1:
                    raise
                continue
            self.sent[index] += 1
            return reply
        raise AssertionError("unreachable")

    async def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("GET", url, **kwargs)

    async def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("POST", url, **kwargs)

    async def aclose(self) -> None:
        for client in self.clients:
            await client.aclose()


Http = httpx.AsyncClient | Gateways


async def sign_in(http: Http, username: str) -> dict[str, str]:
    for _ in range(120):
        try:
            reply = await http.post("/api/v1/auth/token", data={"username": username, "password": PASSWORD})
            if reply.status_code == 200:
                return {"Authorization": f"Bearer {reply.json()['access_token']}"}
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.5)
    raise RuntimeError(f"{username} could not sign in")


async def finish_task(
    http: Http,
    headers: dict[str, str],
    case_no: str,
    kind: str | None,
    outcome: str,
    form: dict[str, Any],
    errors: list[tuple[float, str]],
    tries: int = 240,
    pause: float = 1.0,
) -> bool:
    """Finds the case's open task (of `kind` when given), claims it and completes it; an answer that
    is not definite (no answer, 5xx, 202) is followed by the same completion again until it is
    taken (200) or known taken before (409 "already completed"), `pause` seconds between tries.
    False when it never was."""
    params = {"case_no": case_no} | ({"kind": kind} if kind else {})
    body = {"outcome": outcome, "form": form}
    task_id = None
    for _ in range(tries):
        try:
            if task_id is None:
                # A claim whose answer was lost may have landed: the task is then in "mine".
                found: list[dict[str, Any]] = []
                for view in ("group", "mine"):
                    listing = await http.get("/api/v1/tasks", params=params | {"view": view}, headers=headers)
                    found = listing.json().get("tasks", []) if listing.status_code == 200 else []
                    if found:
                        break
                if not found:
                    await asyncio.sleep(pause)
                    continue
                task_id = found[0]["id"]
                claim = await http.post(f"/api/v1/tasks/{task_id}/claim", headers=headers)
                if claim.status_code != 200:
                    errors.append((time.monotonic(), f"claim {claim.status_code}"))
                    if claim.status_code != 409:  # 409: held already, perhaps by the lost try
                        task_id = None
                        await asyncio.sleep(pause)
                        continue
            reply = await http.post(f"/api/v1/tasks/{task_id}/complete", json=body, headers=headers, timeout=20)
            if reply.status_code == 200 or (reply.status_code == 409 and "already completed" in reply.text):
                return True
            errors.append((time.monotonic(), f"complete {reply.status_code}"))
            if reply.status_code == 409 and "claim it first" in reply.text:
                task_id = None  # the claim's answer was lost before it landed
        except httpx.HTTPError as exc:
            errors.append((time.monotonic(), f"complete {type(exc).__name__}"))
        await asyncio.sleep(pause)
    return False
