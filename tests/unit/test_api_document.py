"""The HTTP API describes itself: every JSON route of the gateway declares its answer's model and
the errors it can answer (DESIGN.md "HTTP API"), so a client can be generated from /openapi.json."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from fengqiao.intake.v1 import intake_pb2
from fengqiao.mediation.v1 import liaison_pb2, task_pb2
from pydantic import BaseModel

from contracts.professional import RESULT_KINDS, result_kind_name, result_kind_value
from services.gateway.app import create_app
from services.gateway.ops.reconcile import Disagreement
from services.gateway.ops.workflows import CaseWorkflow, Poller
from services.gateway.schemas.cases import CasePublic, ComplaintPublic, TimelineEventPublic
from services.gateway.schemas.common import ErrorBody, refusals
from services.gateway.schemas.liaison import ReferralPublic, ResultKind, ResultReceipt
from services.gateway.schemas.ops import CaseWorkflowPublic, DisagreementPublic, WorkerPublic
from services.gateway.schemas.tasks import TaskPublic
from services.gateway.settings import GatewaySettings
from services.gateway.views import as_dict, case_json, task_json


def _app() -> FastAPI:
    return create_app(GatewaySettings())


def _routes(app: FastAPI) -> list[APIRoute]:
    return [
        c.original_route
        for c in iter_route_contexts(app.routes)
        if isinstance(c.original_route, APIRoute) and c.original_route.include_in_schema
    ]


def _success_media(route: APIRoute, document: dict[str, Any]) -> set[str]:
    """The media types of the route's success answer in the document; empty for 204."""
    operations = document["paths"][route.path_format]
    answers = {}
    for method in route.methods:
        answers |= operations[method.lower()]["responses"]
    return {
        media for status, answer in answers.items() if status.startswith("2") for media in answer.get("content", {})
    }


def problems(app: FastAPI) -> list[str]:
    """Each JSON route (its success answer is application/json only) without a response model, or
    without the error body for each error status it documents, or documenting none though it
    takes something that can be refused."""
    document = app.openapi()
    found = []
    for route in _routes(app):
        media = _success_media(route, document)
        if media - {"application/json"}:
            continue  # HTML, files, text, Open311's JSON-or-XML documents
        name = f"{','.join(sorted(route.methods))} {route.path}"
        model = route.response_model
        if media and not (isinstance(model, type) and issubclass(model, BaseModel)):
            found.append(f"{name}: no response model")
        errors = {str(status): answer for status, answer in route.responses.items() if str(status)[0] in "45"}
        takes = route.dependant
        if not errors and (takes.dependencies or takes.path_params or takes.query_params or route.body_field):
            found.append(f"{name}: documents no error answer")
        # Refusals carry the error body; a 5xx may carry its own (readiness names the failed checks).
        found += [
            f"{name}: {status} without the error body"
            for status, answer in errors.items()
            if answer.get("model") is not ErrorBody and not (status.startswith("5") and answer.get("model"))
        ]
    return found


def test_every_json_route_declares_its_answer_and_its_errors() -> None:
    app = _app()
    assert problems(app) == []
    document = app.openapi()
    # FastAPI's own 422 body is not what the API answers; the error body is.
    assert "HTTPValidationError" not in json.dumps(document["paths"])
    metrics = document["paths"]["/metrics"]["get"]["responses"]["200"]["content"]
    assert metrics and all(media.startswith("text/plain") for media in metrics)


def test_a_route_without_a_model_or_errors_is_found() -> None:
    app = _app()

    @app.get("/api/v1/untyped/{key}")
    async def untyped(key: str) -> dict[str, Any]:
        return {}

    @app.get("/api/v1/no-errors/{key}", response_model=ErrorBody)
    async def no_errors(key: str) -> dict[str, Any]:
        return {}

    @app.get("/api/v1/wrong-error/{key}", response_model=ErrorBody, responses={404: {"description": "gone"}})
    async def wrong_error(key: str) -> dict[str, Any]:
        return {}

    @app.get("/api/v1/typed/{key}", response_model=ErrorBody, responses=refusals(404, 422))
    async def typed(key: str) -> dict[str, Any]:
        return {}

    app.openapi_schema = None
    assert problems(app) == [
        "GET /api/v1/untyped/{key}: no response model",
        "GET /api/v1/untyped/{key}: documents no error answer",
        "GET /api/v1/no-errors/{key}: documents no error answer",
        "GET /api/v1/wrong-error/{key}: 404 without the error body",
    ]


def _fields(model: type[BaseModel]) -> set[str]:
    return set(model.model_fields)


@pytest.mark.parametrize(
    ("model", "answer"),
    [
        (CasePublic, case_json(intake_pb2.Case(complainant=intake_pb2.Complainant(name="张三", phone="13800138000")))),
        (ComplaintPublic, as_dict(intake_pb2.Complaint())),
        (TimelineEventPublic, as_dict(intake_pb2.TimelineEvent())),
        (TaskPublic, task_json(task_pb2.Task())),
        (ReferralPublic, as_dict(liaison_pb2.Referral())),
        (ResultReceipt, as_dict(liaison_pb2.SubmitResultResponse())),
    ],
)
def test_the_models_name_every_field_the_views_answer(model: type[BaseModel], answer: dict[str, Any]) -> None:
    """A field the services add must reach the model, or the answer would silently drop it."""
    optional = {name for name, field in model.model_fields.items() if not field.is_required()}
    assert set(answer) <= _fields(model) and _fields(model) - set(answer) <= optional
    assert model.model_validate(answer).model_dump(mode="json", exclude_unset=True) == answer


def test_result_kinds_are_the_proto_enum() -> None:
    named = [n for n in liaison_pb2.LiaisonResultKind.keys() if not n.endswith("UNSPECIFIED")]  # noqa: SIM118
    assert [k.upper() for k in RESULT_KINDS] == [n.removeprefix("LIAISON_RESULT_KIND_") for n in named]
    assert [k.value for k in ResultKind] == list(RESULT_KINDS)
    assert all(result_kind_name(result_kind_value(k)) == k for k in RESULT_KINDS)
    assert result_kind_name(0) == "" and result_kind_name(99) == ""


@pytest.mark.parametrize(
    ("model", "row", "added"),
    [
        (CaseWorkflowPublic, CaseWorkflow, {"temporal_ui"}),
        (DisagreementPublic, Disagreement, {"temporal_ui"}),
        (WorkerPublic, Poller, {"alive"}),
    ],
)
def test_the_ops_models_name_every_field_of_the_rows(model: type[BaseModel], row: type, added: set[str]) -> None:
    """The ops answers are the rows (dataclasses, or a model sharing the answer's base) with a link
    or a verdict added; a field added to a row must reach the model."""
    names = set(row.model_fields) if issubclass(row, BaseModel) else {f.name for f in dataclasses.fields(row)}
    assert _fields(model) == names | added


def test_every_path_parameter_is_bounded() -> None:
    """A path parameter reaches a gRPC call; an unbounded one let a 10 KB case number through to
    the service (issue #18). Each declares a maximum length (or a pattern that bounds it)."""
    document = _app().openapi()
    unbounded = [
        f"{method.upper()} {path} {parameter['name']}"
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "path" and not ({"maxLength", "pattern"} & set(parameter["schema"]))
    ]
    assert unbounded == []
