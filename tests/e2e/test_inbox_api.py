"""The inbox over HTTP: saved filters per user, filters and sorts, racing claims, audited reveal."""

from __future__ import annotations

import asyncio
import uuid

import httpx

from tests.e2e.test_slice import COMPLAINT, login, wait_for_task


async def test_saved_filters_are_per_user_and_checked(http: httpx.AsyncClient) -> None:
    worker, grid = await login(http, "xiadong.caseworker"), await login(http, "xiadong.grid")
    name = f"紧急-{uuid.uuid4().hex[:4]}"
    body = {"name": name, "view": "all", "filters": {"priority_min": 75, "sort": "priority", "kind": "triage"}}
    saved = await http.put(f"/api/v1/saved-filters/{name}", json=body, headers=worker)
    assert saved.status_code == 200, saved.text
    assert saved.json()["filters"] == {"kind": "triage", "priority_min": "75", "sort": "priority"}
    listed = (await http.get("/api/v1/saved-filters", headers=worker)).json()["saved_filters"]
    assert name in {f["name"] for f in listed}
    assert name not in {
        f["name"] for f in (await http.get("/api/v1/saved-filters", headers=grid)).json()["saved_filters"]
    }
    for bad, field in (
        (body | {"filters": {"colour": "red"}}, "filters.colour"),
        (body | {"filters": {"priority_min": 101}}, "filters.priority_min"),
        (body | {"view": "everything"}, "view"),
    ):
        refused = await http.put(f"/api/v1/saved-filters/{name}", json=bad, headers=worker)
        assert refused.status_code == 422 and refused.json()["error"]["details"]["field"] == field, refused.text
    assert (await http.delete(f"/api/v1/saved-filters/{name}", headers=grid)).status_code == 404
    assert (await http.delete(f"/api/v1/saved-filters/{name}", headers=worker)).status_code == 204


async def test_two_claims_one_wins_and_reveal_is_for_owners(http: httpx.AsyncClient) -> None:
    worker, grid, center = [await login(http, u) for u in ("xiadong.caseworker", "xiadong.grid", "dongjie.center")]
    filed = await http.post(
        "/api/v1/complaints", json=COMPLAINT, headers=worker | {"Idempotency-Key": uuid.uuid4().hex}
    )
    case_no = filed.json()["case_no"]
    assert filed.json()["case"]["complainant"]["phone"] == "+86138****8000"
    task = await wait_for_task(http, worker, case_no, "triage")
    replies = await asyncio.gather(
        http.post(f"/api/v1/tasks/{task['id']}/claim", json={"expected_version": task["version"]}, headers=worker),
        http.post(f"/api/v1/tasks/{task['id']}/claim", json={"expected_version": task["version"]}, headers=grid),
    )
    assert sorted(r.status_code for r in replies) == [200, 409]
    lost = next(r for r in replies if r.status_code == 409)
    assert "reload" in lost.json()["error"]["message"] or "already claimed" in lost.json()["error"]["message"]

    by_priority = await http.get(
        "/api/v1/tasks", params={"view": "all", "sort": "priority", "q": case_no, "page_size": 5}, headers=center
    )
    assert by_priority.status_code == 200 and [t["case_no"] for t in by_priority.json()["tasks"]] == [case_no]
    bad = await http.get("/api/v1/tasks", params={"view": "all", "due_from": "tomorrow"}, headers=center)
    assert bad.status_code == 422 and bad.json()["error"]["details"]["field"] == "query.due_from"

    revealed = await http.post(f"/api/v1/cases/{case_no}/reveal", headers=worker)
    assert revealed.status_code == 200 and revealed.json()["complainant"]["phone"] == "+8613800138000"
    refused = await http.post(f"/api/v1/cases/{case_no}/reveal", headers=center)
    assert refused.status_code == 403 and "personal data" in refused.json()["error"]["message"]
