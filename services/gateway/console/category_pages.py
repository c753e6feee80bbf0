"""The category check on the triage task page (issue #16): the model's suggestion with its
probability; below the model's threshold the caseworker must choose among the three likeliest (or
any other category) before completing triage. The choice is recorded by intake's SetCaseCategory
as the case's confirmed category, beside the suggestion."""

from __future__ import annotations

from typing import Annotated, Any

import grpc
from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from fengqiao.intake.v1 import intake_pb2

from services.gateway.console.pages import ConsoleRoute, answered_refusal, back
from services.gateway.console.session import Me
from services.gateway.deps import BackendsDep, Caller, get_caller

router = APIRouter(include_in_schema=False, route_class=ConsoleRoute)
# What the page says when triage is completed before a needed choice (messages.py translates it).
CHOOSE_FIRST = "form.category: choose the complaint category first (the suggestion is not confident)"


def needs_choice(case: intake_pb2.Case) -> bool:
    """A suggestion under the threshold that no caseworker has confirmed yet."""
    return bool(case.suggested_category) and not case.suggestion_confident and not case.confirmed_category


def category_check(case: intake_pb2.Case) -> dict[str, Any]:
    """What the page draws: the suggestion, its three likeliest with percentages, the choice state."""
    top = [(s.category, s.name, round(s.probability * 100)) for s in case.suggestion_top]
    return {
        "suggested": case.suggested_category,
        "percent": round(case.suggestion_probability * 100),
        "top": top,
        "needs_choice": needs_choice(case),
        "confirmed": case.confirmed_category,
        "current": case.category,
        "top_codes": {code for code, _, _ in top},
    }


async def triage_category_pending(caller: Caller, backends: Any, case_no: str) -> bool:
    found = await backends.intake.GetCase(
        intake_pb2.GetCaseRequest(case_no=case_no), metadata=caller.metadata, timeout=caller.timeout
    )
    return needs_choice(found.case)


@router.post("/console/tasks/{task_id}/category")
async def choose_category(
    request: Request,
    task_id: str,
    backends: BackendsDep,
    me: Me,
    category: Annotated[str, Form(max_length=32)] = "",
    other: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    """Records the caseworker's category for the task's case; a refusal shows on the task page."""
    from services.gateway.console.task_pages import fetch_task, render_task  # the page this form sits on

    caller = get_caller(backends, me)
    task = await fetch_task(backends, caller, task_id)
    chosen = other if category == "other_choice" else category
    if not chosen:
        return await render_task(request, backends, me, task_id, error=CHOOSE_FIRST, status_code=422)
    try:
        await backends.intake.SetCaseCategory(
            intake_pb2.SetCaseCategoryRequest(case_no=task.case_no, category=chosen, reason="分流确认类别"),
            metadata=caller.metadata,
            timeout=caller.timeout,
        )
    except grpc.aio.AioRpcError as exc:
        detail = f"form.category: {answered_refusal(exc, grpc.StatusCode.INVALID_ARGUMENT)}"
        return await render_task(request, backends, me, task_id, error=detail, status_code=422)
    return back(f"/console/tasks/{task_id}", notice="category_saved_msg")
