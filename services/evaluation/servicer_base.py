"""What every part of the evaluation service's gRPC edge holds: its database and its workflow starter."""

from __future__ import annotations

from services.common.db import Database
from services.evaluation.workflow_starter import WorkflowStarter


class ServicerBase:
    def __init__(self, db: Database, workflows: WorkflowStarter, *, takeover_probation_seconds: int = 0) -> None:
        self.db = db
        self.workflows = workflows
        # Development stacks on a real clock shorten a takeover's probation (0: the bundle's days).
        self.takeover_probation_seconds = takeover_probation_seconds
