"""The gRPC edge of the task inbox: scope checks, claims with optimistic concurrency, completion.

One servicer made of three parts by job: lifecycles the workflows drive (lifecycle), inbox reads
(reads) and people's actions on a task (actions), over the shared state in edge."""

from __future__ import annotations

from fengqiao.mediation.v1 import task_pb2_grpc

from services.mediation.tasks.actions import TaskActions
from services.mediation.tasks.lifecycle import TaskLifecycle
from services.mediation.tasks.reads import InboxReads


class TaskServicer(TaskLifecycle, InboxReads, TaskActions, task_pb2_grpc.TaskServiceServicer):
    """Built with TaskEdge's adapters: the database, Temporal, the calendar store and the policy book."""
