"""Proto views of complaints and of what the public may see of a case (tracking, Open311)."""

from __future__ import annotations

from fengqiao.intake.v1 import intake_pb2

from services.common.clock import as_utc
from services.common.messages import message_from
from services.common.timestamps import timestamp
from services.intake.catalogue import categories
from services.intake.channels import Photo
from services.intake.models import Case, Complaint, TimelineEvent
from services.intake.public_view import PUBLIC_EVENTS, STATUS_LABELS, redact


def photo_from_pb(photo: intake_pb2.PhotoMetadata) -> Photo:
    return Photo(
        file_name=photo.file_name,
        sha256=photo.sha256,
        size_bytes=photo.size_bytes,
        content_type=photo.content_type,
        taken_at=as_utc(photo.taken_at.ToDatetime()) if photo.HasField("taken_at") else None,
    )


def complaint_pb(complaint: Complaint) -> intake_pb2.Complaint:
    return message_from(intake_pb2.Complaint, complaint)


def public_case_pb(case: Case) -> intake_pb2.PublicCase:
    """No complainant, no room-level address: the community, the building and the matter."""
    category = categories().get(case.category)
    has_location = case.latitude is not None and case.longitude is not None
    return intake_pb2.PublicCase(
        case_no=case.case_no,
        category=case.category,
        category_name=category.name if category else case.category,
        status=case.status,
        status_label=STATUS_LABELS.get(case.status, case.status),
        community_name=case.community_name,
        building=case.building,
        requested_at=timestamp(case.created_at),
        updated_at=timestamp(case.updated_at),
        expected_at=timestamp(case.due_at) if case.due_at else None,
        description=redact(case.content),
        location=intake_pb2.Location(latitude=case.latitude or 0.0, longitude=case.longitude or 0.0)
        if has_location
        else None,
        has_location=has_location,
        channel=case.channel,
    )


def public_events_pb(events: list[TimelineEvent], receipt_no: str) -> list[intake_pb2.PublicEvent]:
    """The timeline a complainant may see: public kinds only, in public wording. Of the joins,
    only the complainant's own."""
    shown = []
    for event in events:
        if event.kind not in PUBLIC_EVENTS:
            continue
        if event.kind == "complainant_joined" and event.attributes.get("receipt_no") != receipt_no:
            continue
        if event.kind == "acknowledged" and event.attributes.get("receipt_no") not in (receipt_no, None):
            continue
        shown.append(
            intake_pb2.PublicEvent(
                kind=event.kind, label=PUBLIC_EVENTS[event.kind], occurred_at=timestamp(event.occurred_at)
            )
        )
    return shown
