"""Starts the workflows the evaluation service owns (supervision between quarters, takeover
bundles) on Temporal. Connects on first use, so the registry serves even while Temporal is down."""

from __future__ import annotations

import asyncio

from temporalio.client import Client
from temporalio.exceptions import WorkflowAlreadyStartedError

from services.common import temporal
from services.common.errors import Unavailable
from services.common.settings import CommonSettings


class WorkflowStarter:
    def __init__(self, settings: CommonSettings) -> None:
        self._settings = settings
        self._client: Client | None = None
        self._lock = asyncio.Lock()

    async def _connect(self) -> Client:
        async with self._lock:
            if self._client is None:
                try:
                    self._client = await temporal.connect(self._settings)
                except Exception as exc:
                    raise Unavailable(f"Temporal is not reachable at {self._settings.temporal_address}") from exc
            return self._client

    async def start(self, workflow: str, arg: object, workflow_id: str) -> bool:
        """Starts `workflow` with `workflow_id`; False when it already runs (or ran): idempotent."""
        client = await self._connect()
        try:
            await client.start_workflow(workflow, arg, id=workflow_id, task_queue=self._settings.temporal_task_queue)
        except WorkflowAlreadyStartedError:
            return False
        return True
