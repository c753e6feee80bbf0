"""The ops room's JSON (/api/v1/ops): what Temporal and the records say, and the admins' actions.

Unlike the other resources these answers are joined by the gateway (ops/views.py), not protobuf
JSON: Temporal's times are RFC 3339 date-times, counts are numbers, and every workflow row links
to its page in Temporal UI.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from services.gateway.schemas.common import Timestamp
from services.gateway.schemas.tasks import TaskPublic

Counts = dict[str, int]
TemporalUi = Annotated[str, Field(description="the workflow's page in Temporal UI")]


class WorkflowCountsPublic(BaseModel):
    """Case workflows in Temporal visibility, counted there; the `running_by_*` counts are over
    running ones (per community: see the records' counts)."""

    total: int
    by_execution_status: Counts
    running_by_case_status: Counts
    running_by_track: Counts
    running_by_escalation_level: Counts
    running_overdue: int
    counted_at: str = Field(
        description="when visibility was counted (ISO 8601): the last snapshot, recounted behind views"
    )
    recounting: bool = Field(description="a recount is under way; a later view gets its counts")


class RecordCountsPublic(BaseModel):
    """Case records in intake, counted there (`—` counts the empty value)."""

    total: int
    by_status: Counts
    by_track: Counts
    by_escalation_level: Counts
    by_community: Counts = Field(description="community code → cases")


class CalendarWarningPublic(BaseModel):
    year: int | None = Field(description="null when the mediation service could not be asked")
    message: str


class OverviewPublic(BaseModel):
    workflows: WorkflowCountsPublic
    records: RecordCountsPublic
    calendar_warnings: list[CalendarWarningPublic] = Field(description="years the working-day calendar misses")
    temporal_ui: str


class CaseWorkflowBase(BaseModel):
    """A case (or professional mediation) workflow as visibility lists it, by its search attributes."""

    workflow_id: str
    run_id: str
    execution_status: str = Field(description="RUNNING, COMPLETED, FAILED, CANCELED, TERMINATED, …")
    case_no: str
    case_status: str
    track: str
    escalation_level: str
    community: str
    company: str
    due_at: datetime | None
    overdue: bool
    started_at: datetime | None


class CaseWorkflowPublic(CaseWorkflowBase):
    """A workflow row with its page in Temporal UI."""

    temporal_ui: TemporalUi


class CaseWorkflowsPublic(BaseModel):
    query: str
    total: int | None = Field(
        description="how many match in all: exact when the first page holds them all, else the last count of "
        "this query (`total_counted_at`), or null while it has not been counted (the list never waits on a count)"
    )
    total_counted_at: str = Field(description="when `total` was counted (ISO 8601); empty when exact or null")
    next_page_token: str = Field(description="the next 100; empty on the last page")
    workflows: list[CaseWorkflowPublic]


class ReconciliationCheckedPublic(BaseModel):
    records: int
    workflows: int
    open_tasks: int


class DisagreementPublic(BaseModel):
    """A case whose record and workflow disagree, or a task no workflow waits on, with the fix."""

    case_no: str
    workflow_id: str
    kind: Literal[
        "no_workflow", "no_record", "status_differs", "workflow_ended", "record_closed_workflow_running", "stuck_task"
    ]
    record_status: str
    workflow_status: str
    detail: str
    fix: str
    task_id: str = Field(description="the stuck task; empty for the other kinds")
    temporal_ui: TemporalUi


class ReconciliationPublic(BaseModel):
    checked: ReconciliationCheckedPublic
    complete: bool = Field(description="true on the sweep's last page: every record, workflow and open task checked")
    next_page_token: str = Field(description="the sweep's next page; empty on its last")
    disagreements: list[DisagreementPublic]


class OverdueTaskPublic(BaseModel):
    id: str
    kind: str
    case_no: str
    workflow_id: str
    status: Literal["open", "claimed", "completed", "cancelled", "unknown"]
    assignee: str
    due_at: Timestamp
    temporal_ui: TemporalUi


class OverduePublic(BaseModel):
    overdue_tasks: list[OverdueTaskPublic]
    overdue_workflows: list[CaseWorkflowPublic]
    due_within_24h: list[CaseWorkflowPublic]
    court_late: list[CaseWorkflowPublic] = Field(
        description="professional mediations whose court is past its acceptance or ruling deadline"
    )
    totals: OverdueTotalsPublic
    more: OverdueMorePublic
    queries: dict[str, str] = Field(description="the visibility query of each workflow list, for the paged case list")
    shown_at_most: int = Field(description="each list shows at most this many rows; `more` says a list has more")


class OverdueTotalsPublic(BaseModel):
    overdue_tasks: int
    tasks_capped: bool = Field(description="the task count stopped at the inbox's cap")
    overdue_workflows: int = Field(description="rows shown; more when `more.overdue_workflows`")
    due_within_24h: int = Field(description="rows shown; more when `more.due_within_24h`")


class OverdueMorePublic(BaseModel):
    """Lists that hold more rows than shown (not counted: the paged case list has them all)."""

    overdue_workflows: bool
    due_within_24h: bool
    court_late: bool


class FailingActivity(BaseModel):
    """A pending activity of a running workflow that failed at least once, as Temporal describes it."""

    model_config = ConfigDict(frozen=True)

    workflow_id: str
    case_no: str
    activity_id: str
    activity_type: str
    state: str
    attempt: int
    maximum_attempts: int
    last_failure: str
    next_attempt_at: datetime | None
    last_worker: str


class FailingActivityPublic(FailingActivity):
    temporal_ui: TemporalUi


class FailingPublic(BaseModel):
    described: int = Field(description="running workflows described on this page (at most `limit`)")
    limit: int
    running: int = Field(description="running case workflows in all, at `running_counted_at` (the overview's counts)")
    running_counted_at: str = Field(description="ISO 8601")
    next_page_token: str = Field(description="the next page of running workflows to describe; empty on the last")
    activities: list[FailingActivityPublic]


class WorkerPublic(BaseModel):
    task_queue_type: Literal["workflow", "activity"]
    identity: str
    last_access: datetime | None
    alive: bool = Field(description="Temporal saw it poll within two minutes")


class OpsHealthPublic(BaseModel):
    services: dict[str, bool] = Field(description="`<service> <address>` (or `gateway <check>`) → up")
    task_queue: str
    workers: list[WorkerPublic]
    workers_ok: bool = Field(description="a workflow and an activity poller are alive")
    workers_error: str
    metrics: str


class WebhookAttemptPublic(BaseModel):
    attempted_at: str = Field(description="ISO 8601 in Asia/Shanghai")
    organisation: str
    referral_id: str
    delivery_id: str
    attempt: int
    outcome: str
    status_code: int | Literal[""] = Field(description="the HTTP status the endpoint answered; empty for none")
    error: str
    duration_ms: int
    url: str


class WebhooksPublic(BaseModel):
    """The newest webhook delivery attempts, newest first; every retry is one."""

    available: bool
    message: str
    failed: int
    deliveries: list[WebhookAttemptPublic]


class AuditEntryPublic(BaseModel):
    seq: int
    occurred_at: str = Field(description="ISO 8601")
    actor: str
    action: str
    target: str
    detail: str = Field(description="canonical JSON")


class AuditLogPublic(BaseModel):
    intact: bool = Field(description="the whole hash chain verifies")
    problems: list[str]
    head: str = Field(description="`<seq>:<hash>` of the chain's last entry")
    entries: list[AuditEntryPublic]


class ActionReason(BaseModel):
    """Why an admin acts; written to the audit log with the action."""

    reason: str = Field(max_length=500, description="1–500 characters")


class RetryPublic(BaseModel):
    workflow_id: str
    retried: list[str] = Field(description="the activity ids retried now")
    how: str


class TerminatePublic(BaseModel):
    workflow_id: str
    terminated: bool


class CancelledTaskPublic(BaseModel):
    task: TaskPublic
