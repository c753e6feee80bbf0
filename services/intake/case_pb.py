"""The staff view of a case as a proto: personal data masked by the caller's role."""

from __future__ import annotations

from fengqiao.intake.v1 import intake_pb2

from services.common import scope
from services.common.identity import Identity
from services.common.messages import message_from
from services.intake.catalogue import categories
from services.intake.classifier import is_confident
from services.intake.models import Case


def case_pb(case: Case, identity: Identity) -> intake_pb2.Case:
    """The case as this caller may see it: personal data masked unless the role owns the case."""
    clear = scope.owns_personal_data(identity, neighbourhood_code=case.neighbourhood_code)
    name = case.complainant_name if clear else scope.mask_name(case.complainant_name)
    phone = case.complainant_phone if clear else scope.mask_phone(case.complainant_phone)
    return message_from(
        intake_pb2.Case,
        case,
        address=case.address if clear else "",
        complainant=intake_pb2.Complainant(name=name, phone=phone),
        personal_data_masked=not clear,
        suggestion_top=[score_pb(str(s["category"]), float(s["probability"])) for s in case.suggestion_top],
        suggestion_confident=bool(case.suggested_category) and is_confident(case.suggestion_probability or 0.0),
    )


def score_pb(code: str, probability: float) -> intake_pb2.CategoryScore:
    category = categories().get(code)
    return intake_pb2.CategoryScore(category=code, name=category.name if category else code, probability=probability)
