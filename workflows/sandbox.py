"""The workflow sandbox the worker runs every workflow in (issue 19, a worker that holds a city's
open cases).

Temporal's sandbox builds a fresh module namespace for each workflow run and, by default, imports
the module that defines the workflow class again inside it, so that module-level state cannot leak
between runs. Every cached case then holds its own copy of its workflow module (the class, its
methods and their signatures, the definition the SDK derives from it), and every new run — a new
case, a continue-as-new, a case replayed after eviction — pays the import again in CPU.

The project's workflow code keeps no module-level state: the helpers the workflow modules import
(workflows.case.base, .triage, ..., contracts, search attributes) already come in through
`workflow.unsafe.imports_passed_through()`, and the workflow modules themselves only define their
classes. So the worker passes these packages through the sandbox: a run still gets its own sandbox
(its own globals, its own workflow object, the SDK's restrictions on what passthrough code is
handed), but shares the already imported, read-only modules.

What this gives up: module-level code of a passed-through workflow module is no longer re-run
under the sandbox's restricted standard library for each run. Workflow code stays deterministic by
the project's rules (DESIGN.md: no I/O, clocks or randomness; `workflow.now()`), the workflow tests
run with the SDK's strict default sandbox (`strict_runner`), and every recorded history replays
under both runners (tests/workflows/test_replay.py).
"""

from __future__ import annotations

from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner, SandboxRestrictions

# Imported once per worker process and shared by every run: the workflow packages, the contracts
# they carry, and the one part of services/common they import (search attribute keys).
PASSTHROUGH_MODULES = ("workflows", "contracts", "services.common.search_attributes")


def workflow_runner() -> SandboxedWorkflowRunner:
    """The worker's runner: the SDK's sandbox with the project's pure modules passed through."""
    return SandboxedWorkflowRunner(
        restrictions=SandboxRestrictions.default.with_passthrough_modules(*PASSTHROUGH_MODULES)
    )


def strict_runner() -> SandboxedWorkflowRunner:
    """The SDK's default sandbox: the workflow's own module re-imported for every run (the anchor of
    benchmarks/worker_cache.py, and the stricter check the recorded histories also replay under)."""
    return SandboxedWorkflowRunner()
