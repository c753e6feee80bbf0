"""Puts the case number and workflow id of the activity being run into the log context, so every
log line an activity writes (and the gRPC metadata it sends) names the case it works for."""

from __future__ import annotations

import logging
import time
from typing import Any

from temporalio import activity
from temporalio.worker import ActivityInboundInterceptor, ExecuteActivityInput, Interceptor

from services.common.logging import case_no_var, request_id_var, workflow_id_var

CASE_WORKFLOW_PREFIX = "case-"
log = logging.getLogger("fengqiao.worker.activity")


class _ActivityLogContext(ActivityInboundInterceptor):
    async def execute_activity(self, input: ExecuteActivityInput) -> Any:
        info = activity.info()
        workflow_id = info.workflow_id or None
        case_no = (
            workflow_id[len(CASE_WORKFLOW_PREFIX) :]
            if workflow_id and workflow_id.startswith(CASE_WORKFLOW_PREFIX)
            else None
        )
        tokens = (
            workflow_id_var.set(workflow_id),
            case_no_var.set(case_no),
            request_id_var.set(f"{info.workflow_id}/{info.activity_id}"),
        )
        started = time.perf_counter()
        facts = {"activity_type": info.activity_type, "attempt": info.attempt}
        try:
            result = await super().execute_activity(input)
        except Exception as exc:
            log.warning("activity failed", extra=facts | {"error": str(exc)[:500]})
            raise
        else:
            log.info("activity completed", extra=facts | {"seconds": round(time.perf_counter() - started, 4)})
            return result
        finally:
            request_id_var.reset(tokens[2])
            case_no_var.reset(tokens[1])
            workflow_id_var.reset(tokens[0])


class LogContextInterceptor(Interceptor):
    def intercept_activity(self, next: ActivityInboundInterceptor) -> ActivityInboundInterceptor:
        return _ActivityLogContext(next)
