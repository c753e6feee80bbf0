"""Mapping the review's tables to protobuf messages."""

from __future__ import annotations

import json
from datetime import datetime

from fengqiao.evaluation.v1 import evaluation_pb2, registry_pb2
from google.protobuf.timestamp_pb2 import Timestamp

from services.common.clock import as_utc
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
    return registry_pb2.Community(
        code=row.code,
        name=row.name,
        neighbourhood_code=row.neighbourhood_code,
        subdistrict_code=row.subdistrict_code,
        company_code=row.company_code,
        households=row.households,
        residents=row.residents,
        buildings=row.buildings,
        is_old=row.is_old,
        management_status=_STATUS.get(row.management_status, registry_pb2.MANAGEMENT_STATUS_UNSPECIFIED),
    )


def organisation_pb(row: Organisation) -> registry_pb2.Organisation:
    return registry_pb2.Organisation(code=row.code, name=row.name, kind=row.kind, parent_code=row.parent_code)


def ts(value: datetime | None) -> Timestamp | None:
    if value is None:
        return None
    out = Timestamp()
    out.FromDatetime(as_utc(value))
    return out


def review_pb(review: Review, evaluations: int = 0) -> evaluation_pb2.Review:
    return evaluation_pb2.Review(
        id=review.id,
        subdistrict_code=review.subdistrict_code,
        quarter=review.quarter,
        status=review.status,
        weights_version=review.weights_version,
        opened_at=ts(review.opened_at),
        closes_at=ts(review.closes_at),
        approved_by=review.approved_by,
        published_at=ts(review.published_at),
        evaluations=evaluations,
    )


def score_pb(row: CompanyResult, company_name: str) -> evaluation_pb2.CompanyScore:
    pb = evaluation_pb2.CompanyScore(
        company_code=row.company_code,
        company_name=company_name,
        grade=row.grade,
        grade_name=scoring.GRADE_NAMES.get(row.grade, row.grade),
        rank=row.rank,
        stars=row.stars,
        standing=STANDING_PB[row.standing],
        standing_reasons=row.standing_reasons,
        assessment=row.assessment,
        cases=row.cases,
        complaints_per_1000=row.complaints_per_1000,
        response_rate=row.response_rate,
        resolution_rate=row.resolution_rate,
        satisfaction_rate=row.satisfaction_rate,
        overdue_rectification_orders=row.overdue_rectification_orders,
    )
    for field, value in (
        ("resident_score", row.resident_score),
        ("peer_score", row.peer_score),
        ("department_score", row.department_score),
        ("combined", row.combined),
    ):
        if value is not None:
            setattr(pb, field, value)
    for aspect, name, score, advice in json.loads(row.weakest_json):
        pb.weakest.append(evaluation_pb2.Weakness(aspect=aspect, name=name, score=score, advice=advice))
    for side, aspect, samples, score in json.loads(row.aspects_json):
        item = evaluation_pb2.AspectScore(
            side=SIDE_PB[side], aspect=aspect, name=catalogue.ASPECTS[aspect].name, samples=samples
        )
        if score is not None:
            item.score = score
        pb.aspects.append(item)
    return pb


def change_pb(row: StandingChange) -> evaluation_pb2.StandingChange:
    return evaluation_pb2.StandingChange(
        id=row.id,
        company_code=row.company_code,
        standing=STANDING_PB[row.standing],
        previous=STANDING_PB[row.previous],
        source=row.source,
        reason=row.reason,
        review_id=row.review_id,
        status=row.status,
        requested_by=row.requested_by,
        decided_by=row.decided_by,
        created_at=ts(row.created_at),
        decided_at=ts(row.decided_at),
    )


def notice_pb(row: Notice) -> evaluation_pb2.Notice:
    return evaluation_pb2.Notice(
        id=row.id,
        kind=row.kind,
        company_code=row.company_code,
        subdistrict_code=row.subdistrict_code,
        title=row.title,
        body=row.body,
        published_at=ts(row.published_at),
    )


def supervision_pb(row: Supervision) -> evaluation_pb2.Supervision:
    return evaluation_pb2.Supervision(
        id=row.id,
        company_code=row.company_code,
        standing_change_id=row.standing_change_id,
        status=row.status,
        plan=row.plan,
        deadline=ts(row.deadline),
        rounds=row.rounds,
        updated_at=ts(row.updated_at),
    )
