"""The garbage collector in a long-running process: what the process built to start is kept out of
every later collection."""

from __future__ import annotations

import gc


def settle_after_start() -> None:
    """Once a process has imported its code and built its servers: one full collection, then what is
    left alive (modules, classes, protos, routes: 84,000–190,000 objects a process) frozen out of the
    collector's sight. A full collection otherwise walks all of it whenever the young objects have
    grown by a quarter: measured in the claim + complete benchmark (issue 19), one full collection
    a process two minutes in, 131–233 ms each, the run's slowest claim 415 ms; frozen, the same
    collections took 1.5–13 ms. Frozen objects are still freed when their last reference goes;
    only cycles among them are never collected, and they live as long as the process anyway."""
    gc.collect()
    gc.freeze()
