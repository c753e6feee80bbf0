"""Command-order changes to the case workflow since its first release, each gated by
workflow.patched under one of these ids so that histories recorded before it still replay."""

# v2: the callback deadline closes the case as unreachable instead of waiting on an overdue task.
PATCH_CALLBACK_DEADLINE = "callback-deadline-closes-v2"
# v2: the third unsatisfied callback sends the case to the street center instead of triage again.
PATCH_THIRD_REOPEN = "third-reopen-to-street-v2"
# v3: a triage task not done by its response deadline is escalated: the street center triages.
PATCH_TRIAGE_ESCALATION = "triage-overdue-to-street-v3"
# v4: timeline entries go with the step that causes them (or one batch before a wait), search
# attributes are upserted together and only when changed, completions are written by a local
# activity. Histories with this marker were started on code that has every patch above.
PATCH_TIMELINE_WITH_STEP = "timeline-with-its-step-v4"
# v5: a rectification order not reported by the policy's limit (working days after the report was
# due; policy 2026.2 on) is taken away and escalated (at the top level: a new order), instead of
# a daily check every working day forever. A case on an older policy version asks and gets no limit.
PATCH_REPORT_LIMIT = "unreported-order-escalates-v5"
# v6: a completion is answered as soon as the workflow accepts it; its task row is written by the
# caller (the mediation service) from that answer and converged by the workflow's next step, which
# carries the `task_completed` entry with the completion (no local activity inside the update).
# A run with this marker has every change above and records no v4 marker (timeline.py).
PATCH_COMPLETION_ANSWERS_FIRST = "completion-answers-first-v6"
# v7: the daily checks of an order stop when the order ends even if the cancel finds them at an
# activity whose result arrived in the same workflow task (the SDK then returns the result and
# the coroutine runs on): they look at a stop flag after each step. Without it such a case waited
# for ever on checks that never ended (seen in a simulation run).
PATCH_DAILY_CHECKS_STOP = "daily-checks-stop-v7"
