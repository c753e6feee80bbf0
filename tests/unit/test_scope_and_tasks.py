import json

import pytest

from contracts.tasks import priority_label
from services.common import scope
from services.common.errors import InvalidInput
from services.mediation.tasks import domain
from tests.helpers import CASEWORKER, CENTER, COMPANY, OPS, OTHER_CASEWORKER


@pytest.mark.parametrize(
    "who,sees",
    [(CASEWORKER, True), (OTHER_CASEWORKER, False), (CENTER, True), (COMPANY, True), (OPS, True)],
)
def test_who_sees_a_xiadong_case(who, sees) -> None:  # type: ignore[no-untyped-def]
    assert scope.sees_case(who, neighbourhood_code="NB-XIADONG", company_code="PC-DFSJ") is sees


def test_only_the_handling_neighbourhood_reads_personal_data() -> None:
    assert scope.owns_personal_data(CASEWORKER, neighbourhood_code="NB-XIADONG")
    for other in (OTHER_CASEWORKER, CENTER, COMPANY, OPS):
        assert not scope.owns_personal_data(other, neighbourhood_code="NB-XIADONG")
    assert scope.mask_name("张三丰") == "张**"
    assert scope.mask_phone("+8613800138000") == "+86138****8000"


def test_task_visibility_and_claiming() -> None:
    task = domain.TaskScope(frozenset({"NB-XIADONG:caseworker"}), None, None, "NB-XIADONG", "PC-DFSJ")
    assert domain.sees_task(CASEWORKER, task) and domain.may_claim(CASEWORKER, task)
    assert not domain.sees_task(OTHER_CASEWORKER, task)
    assert domain.sees_task(CENTER, task) and not domain.may_claim(CENTER, task)
    assert domain.is_supervisor(CENTER) and not domain.is_supervisor(CASEWORKER)


def test_forms_are_checked_against_the_kind_schema() -> None:
    triage = domain.task_kind("triage")
    assert domain.parse_form(triage, json.dumps({"note": "已处理"})) == {"note": "已处理"}
    for bad, field in [
        ("{}", "form"),
        ('{"note": ""}', "form.note"),
        ('{"note": 3}', "form.note"),
        ('{"note": "x", "extra": 1}', "form"),
        ("not json", "form"),
    ]:
        with pytest.raises(InvalidInput) as err:
            domain.parse_form(triage, bad)
        assert err.value.field == field, bad


def test_priority_labels() -> None:
    assert [priority_label(p) for p in (0, 24, 25, 50, 74, 75, 100)] == [
        "low",
        "low",
        "medium",
        "high",
        "high",
        "urgent",
        "urgent",
    ]
