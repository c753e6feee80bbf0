"""Recorded histories of every released workflow version must replay on today's code
(DESIGN.md invariant 5). A failure means a change altered command order without workflow.patched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer

from services.common.settings import CommonSettings
from services.common.temporal import data_converter
from workflows.case.workflows import DisputeCaseWorkflow
from workflows.consultation.workflows import ConsultationWorkflow
from workflows.professional.workflows import ProfessionalMediationWorkflow
from workflows.review.workflows import QuarterlyReviewWorkflow
from workflows.sandbox import strict_runner, workflow_runner
from workflows.supervision.workflows import SupervisionWorkflow
from workflows.takeover.workflows import TakeoverWorkflow

WORKFLOWS = [
    DisputeCaseWorkflow,
    QuarterlyReviewWorkflow,
    SupervisionWorkflow,
    TakeoverWorkflow,
    ConsultationWorkflow,
    ProfessionalMediationWorkflow,
]

FOLDER = Path(__file__).resolve().parents[1] / "histories"
# Workflow ids by history name: the history itself does not carry its id, and task ids derive from it.
WORKFLOW_IDS: dict[str, str] = json.loads((FOLDER / "workflow_ids.json").read_text())
HISTORIES = sorted(p for p in FOLDER.glob("*.json") if p.name not in ("workflow_ids.json", "fingerprints.json"))


def test_there_are_recorded_histories() -> None:
    assert HISTORIES, "tests/histories/ is empty: record them with `make histories`"


@pytest.mark.parametrize("runner", ["worker", "strict"])
@pytest.mark.parametrize("path", HISTORIES, ids=[p.stem for p in HISTORIES])
async def test_history_replays(path: Path, runner: str) -> None:
    # Under the worker's sandbox (pure modules passed through, workflows/sandbox.py) and the SDK's
    # strict default one, which re-imports the workflow module for each run.
    history = WorkflowHistory.from_json(WORKFLOW_IDS.get(path.stem, path.stem), json.loads(path.read_text()))
    # Some histories hold encrypted payloads (recorded through the codec, issue #8); plain ones pass through.
    await Replayer(
        workflows=WORKFLOWS,
        data_converter=data_converter(CommonSettings()),
        workflow_runner=workflow_runner() if runner == "worker" else strict_runner(),
    ).replay_workflow(history)
