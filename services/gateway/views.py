"""Protobuf messages turned into the JSON the HTTP API returns."""

from __future__ import annotations

import json
from typing import Any

from fengqiao.intake.v1 import intake_pb2
from fengqiao.mediation.v1 import task_pb2
from google.protobuf.json_format import MessageToDict
from google.protobuf.message import Message

from services.mediation.domain import priority_label

_TASK_STATUS = {
    task_pb2.TASK_STATUS_OPEN: "open",
    task_pb2.TASK_STATUS_CLAIMED: "claimed",
    task_pb2.TASK_STATUS_COMPLETED: "completed",
    task_pb2.TASK_STATUS_CANCELLED: "cancelled",
}


def as_dict(message: Message) -> dict[str, Any]:
    return MessageToDict(message, preserving_proto_field_name=True, always_print_fields_with_no_presence=True)


def case_json(case: intake_pb2.Case) -> dict[str, Any]:
    return as_dict(case)


def task_json(task: task_pb2.Task) -> dict[str, Any]:
    body = as_dict(task)
    body["status"] = _TASK_STATUS.get(task.status, "unknown")
    body["priority_label"] = priority_label(task.priority)
    body["form_schema"] = json.loads(task.form_schema_json or "{}")
    del body["form_schema_json"]
    body["version"] = int(task.version)
    return body
