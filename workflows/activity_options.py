"""How long a workflow lets an activity run and how it retries one: the same for every service call
(they are idempotent on the service side), so every workflow shares these values; creating a task
has its own, shorter ones."""

from __future__ import annotations

from datetime import timedelta

from temporalio.common import RetryPolicy

# A service call answers in milliseconds; what this bounds is mostly a call lost with its worker
# (killed, its machine gone): Temporal notices only when the timeout passes, and the case waits
# until then. 10 s, as for task creation below (was 30 s: a worker killed under the replicas test
# held a case for half a minute). Activities that may rightly take longer set their own.
ACTIVITY_TIMEOUT = timedelta(seconds=10)
RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1), backoff_coefficient=2.0, maximum_interval=timedelta(minutes=1)
)

# Creating a task puts it in someone's inbox, and a completion is refused until the workflow knows
# it created it: after Temporal or mediation restarts, that must be seconds, not the minute the
# common policy backs off to (issue #18). A lost attempt is noticed after 10 s, retries come at
# most every 2 s; creating a task is idempotent on the task id.
TASK_CREATION_TIMEOUT = timedelta(seconds=10)
TASK_CREATION_RETRY = RetryPolicy(
    initial_interval=timedelta(milliseconds=500), backoff_coefficient=2.0, maximum_interval=timedelta(seconds=2)
)
