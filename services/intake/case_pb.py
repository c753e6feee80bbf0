"""The staff view of a case as a proto: personal data masked by the caller's role."""

from __future__ import annotations

from fengqiao.intake.v1 import intake_pb2

from services.common import scope
from services.common.identity import Identity
from services.common.timestamps import timestamp
from services.intake.catalogue import categories
from services.intake.classifier import is_confident
from services.intake.models import Case


def case_pb(case: Case, identity: Identity) -> intake_pb2.Case:
    """The case as this caller may see it: personal data masked unless the role owns the case."""
    clear = scope.owns_personal_data(identity, neighbourhood_code=case.neighbourhood_code)
    name = case.complainant_name if clear else scope.mask_name(case.complainant_name)
    phone = case.complainant_phone if clear else scope.mask_phone(case.complainant_phone)
    return intake_pb2.Case(
        case_no=case.case_no,
        receipt_no=case.receipt_no,
        status=case.status,
        track=case.track,
        escalation_level=case.escalation_level,
        channel=case.channel,
        category=case.category,
        community_code=case.community_code,
        community_name=case.community_name,
        neighbourhood_code=case.neighbourhood_code,
        company_code=case.company_code,
        address=case.address if clear else "",
        content=case.content,
        complainant=intake_pb2.Complainant(name=name, phone=phone),
        personal_data_masked=not clear,
        workflow_id=case.workflow_id,
        created_at=timestamp(case.created_at),
        updated_at=timestamp(case.updated_at),
        satisfaction=case.satisfaction,
        building=case.building,
        households=case.households,
        is_group_dispute=case.is_group_dispute,
        due_at=timestamp(case.due_at),
        category_source=case.category_source,
        complaint_count=case.complaint_count,
        suggested_category=case.suggested_category,
        suggestion_probability=case.suggestion_probability or 0.0,
        suggestion_top=[score_pb(str(s["category"]), float(s["probability"])) for s in case.suggestion_top],
        model_version=case.model_version,
        suggestion_confident=bool(case.suggested_category) and is_confident(case.suggestion_probability or 0.0),
        confirmed_category=case.confirmed_category,
    )


def score_pb(code: str, probability: float) -> intake_pb2.CategoryScore:
    category = categories().get(code)
    return intake_pb2.CategoryScore(category=code, name=category.name if category else code, probability=probability)
