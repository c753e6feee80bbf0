"""Mapping the review's tables to protobuf messages."""

from __future__ import annotations

import json

from fengqiao.evaluation.v1 import evaluation_pb2, registry_pb2

from services.common.messages import message_from
from services.evaluation import catalogue, scoring
from services.evaluation.models import (
    Community,
    CompanyResult,
    Notice,
    Organisation,
    Review,
    StandingChange,
    Supervision,
)

SIDE_PB = {
    catalogue.RESIDENT: evaluation_pb2.SIDE_RESIDENT,
    catalogue.PEER: evaluation_pb2.SIDE_PEER,
    catalogue.DEPARTMENT: evaluation_pb2.SIDE_DEPARTMENT,
}
STANDING_PB = {
    "NONE": evaluation_pb2.LIST_STANDING_NONE,
    "RED": evaluation_pb2.LIST_STANDING_RED,
    "BLACK": evaluation_pb2.LIST_STANDING_BLACK,
}


_STATUS = {
    "UNMANAGED": registry_pb2.MANAGEMENT_STATUS_UNMANAGED,
    "TAKEN_OVER": registry_pb2.MANAGEMENT_STATUS_TAKEN_OVER,
    "WELL_MANAGED": registry_pb2.MANAGEMENT_STATUS_WELL_MANAGED,
}


def community_pb(row: Community) -> registry_pb2.Community:
    status = _STATUS.get(row.management_status, registry_pb2.MANAGEMENT_STATUS_UNSPECIFIED)
    return message_from(registry_pb2.Community, row, management_status=status, retired=row.retired_at is not None)


def organisation_pb(row: Organisation) -> registry_pb2.Organisation:
    return message_from(registry_pb2.Organisation, row)


def review_pb(review: Review, counts: dict[str, int] | None = None) -> evaluation_pb2.Review:
    """A review; with `counts` (forms by side) its form counts too."""
    counts = counts or {}
    return message_from(
        evaluation_pb2.Review,
        review,
        evaluations=sum(counts.values()),
        resident_forms=counts.get(catalogue.RESIDENT, 0),
        peer_forms=counts.get(catalogue.PEER, 0),
        department_forms=counts.get(catalogue.DEPARTMENT, 0),
    )


def score_pb(row: CompanyResult, company_name: str) -> evaluation_pb2.CompanyScore:
    return message_from(
        evaluation_pb2.CompanyScore,
        row,
        company_name=company_name,
        grade_name=scoring.GRADE_NAMES.get(row.grade, row.grade),
        standing=STANDING_PB[row.standing],
        weakest=[
            evaluation_pb2.Weakness(aspect=aspect, name=name, score=score, advice=advice)
            for aspect, name, score, advice in json.loads(row.weakest_json)
        ],
        aspects=[
            message_from(
                evaluation_pb2.AspectScore,
                side=SIDE_PB[side],
                aspect=aspect,
                name=catalogue.ASPECTS[aspect].name,
                samples=samples,
                score=score,
            )
            for side, aspect, samples, score in json.loads(row.aspects_json)
        ],
    )


def change_pb(row: StandingChange) -> evaluation_pb2.StandingChange:
    return message_from(
        evaluation_pb2.StandingChange, row, standing=STANDING_PB[row.standing], previous=STANDING_PB[row.previous]
    )


def notice_pb(row: Notice) -> evaluation_pb2.Notice:
    return message_from(evaluation_pb2.Notice, row)


def supervision_pb(row: Supervision) -> evaluation_pb2.Supervision:
    return message_from(evaluation_pb2.Supervision, row)
