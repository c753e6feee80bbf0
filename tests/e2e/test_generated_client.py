"""A Python client generated from the running gateway's /openapi.json (openapi-python-client)
files a complaint and completes its triage task: the document describes the API well enough to
program against, answers and refusals alike."""

from __future__ import annotations

import asyncio
import importlib
import json
import subprocess
import sys
import uuid
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.e2e.test_slice import COMPLAINT, PASSWORD

PACKAGE = "fengqiao_api_client"
GENERATOR = Path(sys.executable).with_name("openapi-python-client")


def generate(document: dict[str, Any], where: Path) -> None:
    """Writes the client package `PACKAGE` under `where` (no formatting hooks: nothing else runs)."""
    (where / "openapi.json").write_text(json.dumps(document), encoding="utf-8")
    (where / "config.json").write_text(json.dumps({"post_hooks": []}), encoding="utf-8")
    done = subprocess.run(
        [
            str(GENERATOR),
            "generate",
            "--path",
            str(where / "openapi.json"),
            "--output-path",
            str(where / PACKAGE),
            "--meta",
            "none",
            "--config",
            str(where / "config.json"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def module(name: str) -> ModuleType:
    return importlib.import_module(f"{PACKAGE}.{name}")


async def test_a_generated_client_files_a_complaint_and_completes_its_triage(
    http: httpx.AsyncClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = (await http.get("/openapi.json")).json()
    generate(document, tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    client_module, models = module("client"), module("models")
    token, file_complaint, get_case = (
        module(f"api.{n}") for n in ("auth.token", "cases.file_complaint", "cases.get_case")
    )
    list_tasks, claim_task, complete_task = (
        module(f"api.tasks.{n}") for n in ("list_tasks", "claim_task", "complete_task")
    )
    base_url = str(http.base_url)

    signed_in = await token.asyncio(
        client=client_module.Client(base_url=base_url),
        body=models.BodyToken(username="xiadong.caseworker", password=PASSWORD),
    )
    assert isinstance(signed_in, models.TokenPublic) and signed_in.token_type == "bearer"
    client = client_module.AuthenticatedClient(base_url=base_url, token=signed_in.access_token, timeout=30.0)

    filed = await file_complaint.asyncio_detailed(
        client=client, body=models.ComplaintCreate.from_dict(COMPLAINT), idempotency_key=uuid.uuid4().hex
    )
    assert filed.status_code == 201, filed.content
    receipt = filed.parsed
    assert isinstance(receipt, models.ComplaintReceipt) and receipt.receipt_no.startswith("SL")
    assert isinstance(receipt.case, models.CasePublic) and receipt.case.complainant.phone == "+86138****8000"
    case_no = receipt.case_no

    for _ in range(150):  # the case workflow opens the triage task shortly after filing
        page = await list_tasks.asyncio(client=client, view=models.ListTasksView.GROUP, case_no=case_no, kind="triage")
        assert isinstance(page, models.TaskPage)
        if page.tasks:
            break
        await asyncio.sleep(0.1)
    else:
        raise AssertionError(f"no triage task appeared for {case_no}")
    task = page.tasks[0]
    assert task.status == models.TaskPublicStatus.OPEN and "resolved_on_spot" in task.allowed_outcomes
    assert task.form_schema["required"] == ["note"] and isinstance(task.created_at, datetime)

    claimed = await claim_task.asyncio(task.id, client=client, body=models.TaskClaim(expected_version=task.version))
    assert isinstance(claimed, models.TaskPublic) and claimed.assignee == "xiadong.caseworker"
    completion = models.TaskComplete(
        outcome="resolved_on_spot", form=models.TaskCompleteForm.from_dict({"note": "已联系物业维修（生成的客户端）"})
    )
    done = await complete_task.asyncio(task.id, client=client, body=completion)
    assert isinstance(done, models.TaskPublic) and done.status == models.TaskPublicStatus.COMPLETED
    assert done.outcome == "resolved_on_spot"
    # The same completion sent again is answered as before (a caller retrying after a lost answer);
    # a different one is refused, as the documented error body.
    same = await complete_task.asyncio_detailed(task.id, client=client, body=completion)
    assert same.status_code == 200 and isinstance(same.parsed, models.TaskPublic)
    other = models.TaskComplete(outcome="designated", form=models.TaskCompleteForm.from_dict({"note": "改为专人调"}))
    again = await complete_task.asyncio_detailed(task.id, client=client, body=other)
    assert again.status_code == 409 and isinstance(again.parsed, models.ErrorBody)
    assert "already completed" in again.parsed.error.message

    case = await get_case.asyncio(case_no, client=client)
    assert isinstance(case, models.CaseDetailPublic) and case.case_no == case_no
    assert case.receipt_no == receipt.receipt_no and case.timeline
    assert all(isinstance(event, models.TimelineEventPublic) for event in case.timeline)
