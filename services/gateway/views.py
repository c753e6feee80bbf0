"""Protobuf messages turned into the JSON the HTTP API returns."""

from __future__ import annotations

import json
from typing import Any

from fengqiao.intake.v1 import intake_pb2
from fengqiao.mediation.v1 import task_pb2
from google.protobuf.json_format import MessageToDict
from google.protobuf.message import Message

from contracts.tasks import priority_label
from services.common import scope

_TASK_STATUS = {
    task_pb2.TASK_STATUS_OPEN: "open",
    task_pb2.TASK_STATUS_CLAIMED: "claimed",
    task_pb2.TASK_STATUS_COMPLETED: "completed",
    task_pb2.TASK_STATUS_CANCELLED: "cancelled",
}


def as_dict(message: Message) -> dict[str, Any]:
    return MessageToDict(message, preserving_proto_field_name=True, always_print_fields_with_no_presence=True)


def case_json(case: intake_pb2.Case) -> dict[str, Any]:
    """The case with personal data masked for everyone; `may_reveal` says the caller owns it and
    may ask for it in clear through the audited reveal endpoint."""
    body = as_dict(case)
    body["may_reveal"] = not case.personal_data_masked
    if not case.personal_data_masked:
        body["complainant"] = {
            "name": scope.mask_name(case.complainant.name),
            "phone": scope.mask_phone(case.complainant.phone),
        }
        body["address"] = ""
        body["personal_data_masked"] = True
    return body


def personal_data_json(case: intake_pb2.Case) -> dict[str, Any]:
    return {
        "case_no": case.case_no,
        "complainant": {"name": case.complainant.name, "phone": case.complainant.phone},
        "address": case.address,
    }


def task_json(task: task_pb2.Task) -> dict[str, Any]:
    body = as_dict(task)
    body["status"] = _TASK_STATUS.get(task.status, "unknown")
    body["priority_label"] = priority_label(task.priority)
    body["form_schema"] = json.loads(task.form_schema_json or "{}")
    del body["form_schema_json"]
    body["version"] = int(task.version)
    return body
