"""Task forms drawn from a kind's schema and read back into what the same schema validates."""

from __future__ import annotations

import json

import pytest

from contracts.task_kinds import TASK_KINDS
from services.common.errors import InvalidInput
from services.gateway.console import forms
from services.gateway.console.i18n import kind_title, outcome_label, translate
from services.mediation.tasks import domain
from tests.conftest import ROOT


@pytest.mark.parametrize("kind", list(TASK_KINDS))
def test_every_kind_stays_in_the_renderable_subset(kind: str) -> None:
    schema = domain.form_schema(domain.task_kind(kind))
    domain.check_form_schema(schema)
    assert all(f.title for f in forms.fields_of(schema))
    entry = TASK_KINDS[kind]
    assert entry.zh and entry.en and entry.outcomes
    assert all(o.zh and o.en and set(o.requires) <= set(schema["properties"]) for o in entry.outcomes)
    assert kind_title(kind, "zh") == entry.zh and kind_title(kind, "en") == entry.en


def test_every_kind_is_timed_by_a_deadline_of_every_policy_version() -> None:
    for version in sorted((ROOT / "services/mediation/policy/versions").glob("*.json")):
        policy = json.loads(version.read_text())
        deadlines = policy.get("deadlines", policy)
        assert {k.name: k.deadline for k in TASK_KINDS.values() if k.deadline not in deadlines} == {}, version.name


def test_rectification_report_form_round_trip() -> None:
    kind = domain.task_kind("rectification_report")
    fields = {f.name: f for f in forms.fields_of(domain.form_schema(kind))}
    assert fields["report"].widget == "textarea" and fields["report"].required
    assert fields["photos"].widget == "lines" and not fields["photos"].required
    form = forms.read_form(
        domain.form_schema(kind), {"field.report": " 已更换水管 ", "field.photos": "p1.jpg\n\n p2.jpg "}
    )
    assert form == {"report": "已更换水管", "photos": ["p1.jpg", "p2.jpg"]}
    assert domain.parse_form(kind, json.dumps(form)) == form
    with pytest.raises(InvalidInput) as refused:
        domain.parse_form(kind, json.dumps(forms.read_form(domain.form_schema(kind), {"field.report": ""})))
    assert refused.value.field == "form.report"


def test_the_handover_checklist_is_a_box_per_item() -> None:
    kind = domain.task_kind("takeover_handover")
    schema = domain.form_schema(kind)
    [checklist] = [f for f in forms.fields_of(schema) if f.name == "checklist"]
    assert checklist.widget == "group" and [c.widget for c in checklist.columns] == ["checkbox"] * 5
    ticked = {f"field.checklist.{item}": "true" for item in ("keys", "archives", "facilities", "accounts")}
    form = forms.read_form(schema, ticked)
    # The unticked item is left out: the workflow reads it as not handed over and opens a fresh task.
    assert form == {"checklist": {"keys": True, "archives": True, "facilities": True, "accounts": True}}
    assert domain.parse_form(kind, json.dumps(form)) == form
    assert forms.read_form(schema, {}) == {"checklist": {}}
    with pytest.raises(InvalidInput):
        domain.parse_form(kind, json.dumps({"checklist": {"keys": True, "pets": True}}))


def test_integer_boolean_and_enum_fields() -> None:
    schema = {
        "type": "object",
        "properties": {
            "households": {"type": "integer", "title": "户数"},
            "urgent": {"type": "boolean", "title": "紧急"},
            "place": {"type": "string", "title": "地点", "enum": ["楼道", "车库"]},
        },
    }
    domain.check_form_schema(schema)
    widgets = {f.name: f.widget for f in forms.fields_of(schema)}
    assert widgets == {"households": "number", "urgent": "checkbox", "place": "select"}
    assert forms.read_form(schema, {"field.households": "12", "field.place": "车库"}) == {
        "households": 12,
        "urgent": False,
        "place": "车库",
    }
    with pytest.raises(ValueError, match="arrays hold strings"):
        domain.check_form_schema({"type": "object", "properties": {"x": {"type": "array", "title": "x", "items": {}}}})


def test_english_switch_and_unknown_keys() -> None:
    assert kind_title("site_visit", "zh") == "现场核查" and kind_title("site_visit", "en") == "on-site check"
    assert kind_title("new_kind", "zh") == "new_kind"
    assert (
        outcome_label("handling", "escalate", "zh") == "提级办理" and outcome_label("handling", "gone", "en") == "gone"
    )
    assert translate("view.mine", "zh") == "我的待办" and translate("view.mine", "en") == "Assigned to me"
