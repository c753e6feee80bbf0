"""What a workflow's history costs Temporal, counted from its events (benchmarks/capacity.py,
benchmarks/case_cost.py).

Actions are estimated from the history by Temporal Cloud's definition of a billable Action
(docs.temporal.io/cloud/actions), the rule used here:
  1 per workflow started (by a client, by continue-as-new, or as a child: the child's own
    WorkflowExecutionStarted), 1 per activity attempt (ActivityTaskStarted's attempt number),
  1 per workflow task that ran local activities (Temporal counts every local activity of one
    workflow task as one Action), 1 per timer started, 1 per signal received or sent to another
    workflow, 1 per update accepted, 1 per search-attribute upsert, 1 per other marker (patch
    markers: counted, an upper bound).
Not in history and so not counted: queries (the console's status reads), rejected updates,
heartbeats (no activity here heartbeats). Workflow tasks are no Action; they are counted apart
because each is persistence work (see `transitions`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowHistory

LOCAL_ACTIVITY_MARKER = "core_local_activity"


@dataclass
class Tally:
    runs: int = 0
    events: int = 0
    bytes: int = 0
    largest_run_events: int = 0
    largest_run_bytes: int = 0
    workflow_tasks: int = 0
    activities: int = 0  # scheduled activities
    activity_attempts: int = 0
    local_activities: int = 0
    local_activity_tasks: int = 0  # workflow tasks with at least one local activity
    timers: int = 0
    signals: int = 0
    updates: int = 0
    upserts: int = 0
    other_markers: int = 0
    children: int = 0

    @property
    def actions(self) -> int:
        return (
            self.runs
            + self.activity_attempts
            + self.local_activity_tasks
            + self.timers
            + self.signals
            + self.updates
            + self.upserts
            + self.other_markers
        )

    def __iadd__(self, other: Tally) -> Tally:
        for f in fields(self):
            if f.name.startswith("largest_"):
                setattr(self, f.name, max(getattr(self, f.name), getattr(other, f.name)))
            else:
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self


def tally(history: WorkflowHistory) -> tuple[Tally, list[tuple[str, str]]]:
    """One run's figures and the (workflow id, run id) of each child it started."""
    t = Tally(runs=1, events=len(history.events))
    t.bytes = sum(e.ByteSize() for e in history.events)
    t.largest_run_events, t.largest_run_bytes = t.events, t.bytes
    children: list[tuple[str, str]] = []
    local_in_task = False
    for e in history.events:
        kind = e.event_type
        if kind == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
            t.workflow_tasks += 1
            local_in_task = False
        elif kind == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            t.activities += 1
        elif kind == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED:
            t.activity_attempts += max(1, e.activity_task_started_event_attributes.attempt)
        elif kind == EventType.EVENT_TYPE_MARKER_RECORDED:
            if e.marker_recorded_event_attributes.marker_name == LOCAL_ACTIVITY_MARKER:
                t.local_activities += 1
                t.local_activity_tasks += not local_in_task
                local_in_task = True
            else:
                t.other_markers += 1
        elif kind == EventType.EVENT_TYPE_TIMER_STARTED:
            t.timers += 1
        elif kind in (
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
            EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
        ):
            t.signals += 1
        elif kind == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
            t.updates += 1
        elif kind == EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
            t.upserts += 1
        elif kind == EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED:
            t.children += 1
            started = e.child_workflow_execution_started_event_attributes.workflow_execution
            children.append((started.workflow_id, started.run_id))
    return t, children


async def workflow_cost(client: Client, workflow_id: str, run_id: str) -> tuple[Tally, int]:
    """The run `run_id` and every run that continued it as new, with their children, added up;
    and the mutable-state transitions Temporal recorded for them (each a persistence write;
    0 where the server does not report them, as the time-skipping test server)."""
    total, transitions = Tally(), 0
    next_run: str | None = run_id
    while next_run:
        handle = client.get_workflow_handle(workflow_id, run_id=next_run)
        history = await handle.fetch_history()
        one, children = tally(history)
        total += one
        try:
            info = (await handle.describe()).raw_description.workflow_execution_info
            transitions += info.state_transition_count
        except Exception:  # the time-skipping server describes less
            pass
        for child_id, child_run in children:
            child_total, child_transitions = await workflow_cost(client, child_id, child_run)
            total += child_total
            transitions += child_transitions
        last = history.events[-1]
        next_run = (
            last.workflow_execution_continued_as_new_event_attributes.new_execution_run_id
            if last.event_type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
            else None
        )
    return total, transitions


def is_first_run(history: WorkflowHistory) -> bool:
    started = history.events[0].workflow_execution_started_event_attributes
    return not started.continued_execution_run_id
