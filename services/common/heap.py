"""The garbage collector in a long-running process: what the process built to start is kept out of
every later collection."""

from __future__ import annotations

import gc


def settle_after_start() -> None:
    """Once a process has imported its code and built its servers, what is alive (modules, classes,
    protos, routes: 82,000–181,000 objects a process) is frozen out of the collector's sight. A full
    collection otherwise walks all of it whenever the young objects have grown by a quarter:
    measured in the claim + complete benchmark (issue 19), one full collection a process two minutes
    in, 131–233 ms each, the run's slowest claim 415 ms; frozen, the same collections took 1.5–13 ms.
    No collection runs first: after the imports it found nothing to free (0 objects) and cost
    47–101 ms of start-up a process. Frozen objects are still freed when their last reference goes;
    only cycles among them are never collected, and they live as long as the process anyway."""
    gc.freeze()
