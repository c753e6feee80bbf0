"""What every part of the evaluation service's gRPC edge holds: its database and its workflow starter."""

from __future__ import annotations

from services.common.db import Database
from services.evaluation.workflow_starter import WorkflowStarter


class ServicerBase:
    def __init__(self, db: Database, workflows: WorkflowStarter) -> None:
        self.db = db
        self.workflows = workflows
