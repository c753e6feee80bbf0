"""The console's words for codes and refusals, its one time format, and the forms that ask only
what an outcome needs (repeated rows, a local-time picker) — rules with no I/O."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from contracts.task_kinds import TASK_KINDS
from services.gateway.console import forms
from services.gateway.console.messages import Refusal, form_refusal, status_message
from services.gateway.console.vocabulary import bilingual, humanise, order_requirements
from services.gateway.timefmt import due_text, shanghai_time, working_days_between

NOW = datetime(2026, 12, 2, 1, 0, tzinfo=UTC)  # a Wednesday, 09:00 in Shanghai


def test_one_side_of_a_bilingual_text() -> None:
    assert bilingual("处理说明 · note", "zh") == "处理说明"
    assert bilingual("处理说明 · note", "en") == "note"
    assert bilingual("分流 · triage 待办 · task created", "zh") == "分流 · 待办"
    assert bilingual("调解方法 · methods used (十调法)", "zh") == "调解方法（十调法）"
    assert bilingual("受理回执 SL20261202-ABCD2345", "zh") == "受理回执 SL20261202-ABCD2345"


def test_records_name_organisations_and_roles_not_codes() -> None:
    names = {"PC-DFSJ": "东方物业", "OC-DFSJ": "东方世家业委会"}
    told = humanise(
        "专业调解组 · panel: 周调解员(mediator)、OC-DFSJ(owners_committee)", "zh", lambda c: names.get(c, c)
    )
    assert told == "专业调解组 · 周调解员(调解员)、东方世家业委会(业委会)"
    order = "整改单 DJ-2026-000002-R1 · rectification order to PC-DFSJ: 三日内更换水管"
    assert "东方物业" in humanise(order, "zh", lambda c: names.get(c, c)) and "PC-DFSJ" not in humanise(
        order, "zh", lambda c: names.get(c, c)
    )
    assert order_requirements(order) == "三日内更换水管"


def test_form_refusals_name_the_field_in_chinese() -> None:
    assert form_refusal("form.note: '' should be non-empty", "zh") == Refusal("note", "不能为空")
    refused = form_refusal("form.merge_into is required when the outcome is merge", "zh")
    assert refused.field == "merge_into" and "办理结果" in refused.message
    assert form_refusal("outcome 'agreement' needs form.terms", "zh").field == "terms"
    assert form_refusal("form: 'note' is a required property", "zh") == Refusal("note", "此项必填")
    assert form_refusal("form.note: '' should be non-empty", "en").message == "form.note: '' should be non-empty"
    assert status_message(403, "task x is outside your organisations' scope", "zh").startswith("您没有权限")
    assert status_message(403, "outside", "en") == "outside"


def test_one_time_format_and_deadlines_in_words() -> None:
    assert shanghai_time("2026-12-02T16:00:00Z") == "2026-12-03 00:00"
    assert shanghai_time(datetime(2026, 12, 2, 22, 10, 45, tzinfo=UTC)) == "2026-12-03 06:10"
    assert due_text(datetime(2026, 12, 2, 4, 0, tzinfo=UTC), now=NOW) == "还剩 3 小时"
    assert due_text(datetime(2026, 12, 1, 22, 0, tzinfo=UTC), now=NOW) == "已超期 3 小时"
    # Wednesday → the next Monday: Thursday, Friday and Monday are working days.
    assert due_text(datetime(2026, 12, 7, 1, 0, tzinfo=UTC), now=NOW) == "还剩 3 个工作日"
    assert due_text(datetime(2026, 12, 7, 1, 0, tzinfo=UTC), "en", now=NOW) == "3 working days left"
    # The National Day week: 1–7 October 2026 are holidays.
    assert working_days_between(datetime(2026, 9, 30, 2, tzinfo=UTC), datetime(2026, 10, 8, 2, tzinfo=UTC)) == 1


def test_fields_appear_for_the_outcomes_that_need_them() -> None:
    kind = TASK_KINDS["triage"]
    fields = {
        f.name: f for f in forms.fields_of(kind.form_schema, requires={o.name: o.requires for o in kind.outcomes})
    }
    assert fields["note"].outcomes == ()  # required by the kind: always shown
    assert fields["merge_into"].outcomes == ("merge",)
    assert fields["reason"].outcomes == ("refer_out_of_scope",)


def test_terms_are_rows_and_the_meeting_time_a_local_picker() -> None:
    session = TASK_KINDS["mediation_session"].form_schema
    terms = next(f for f in forms.fields_of(session) if f.name == "terms")
    assert terms.widget == "rows" and [c.name for c in terms.columns] == ["term", "due_on"]
    submitted = {
        "field.record": "调解",
        "field.methods": "法理调 · explain the law",
        "field.terms.term": "赔偿500元\n\n修复防水层",
        "field.terms.due_on": "2027-06-30\n\n2027-07-15",
    }
    form = forms.read_form(session, submitted)
    assert form["terms"] == [
        {"term": "赔偿500元", "due_on": "2027-06-30"},
        {"term": "修复防水层", "due_on": "2027-07-15"},
    ]
    notice = TASK_KINDS["consultation_notice"].form_schema
    assert next(f for f in forms.fields_of(notice) if f.name == "meeting_at").widget == "datetime"
    read = forms.read_form(notice, {"field.meeting_at": "2026-12-03T14:30", "field.venue": "党群服务站"})
    assert read["meeting_at"] == "2026-12-03T14:30:00+08:00"
    record = TASK_KINDS["meeting_record"].form_schema
    votes = forms.read_form(record, {"field.votes.for": "4", "field.votes.against": "0", "field.votes.abstain": "1"})
    assert votes["votes"] == {"for": 4, "against": 0, "abstain": 1}
    items = forms.read_form(
        record,
        {
            "field.action_items.title": "清理楼道",
            "field.action_items.owner": "property_company",
            "field.action_items.due_on": "2027-01-10",
        },
    )
    assert items["action_items"] == [{"title": "清理楼道", "owner": "property_company", "due_on": "2027-01-10"}]


def test_manage_refusals_name_what_is_wrong_in_chinese() -> None:
    from services.gateway.console.i18n import refusal_zh

    assert "黑榜" in refusal_zh("PC-HUIFENG is on the black list and takes over nothing", "zh")
    assert "关联案件编号 DJ-2026-999999 不存在" in refusal_zh("no case 'DJ-2026-999999'", "zh")
    assert refusal_zh("no case", "zh").startswith("关联案件编号不存在")
    assert "联系电话" in refusal_zh("complainant.phone '123' is not a phone number", "zh")
    assert refusal_zh("no case 'X'", "en") == "no case 'X'"


def test_a_malformed_catalogue_entry_is_refused_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from services.gateway.console import catalogue

    bad = tmp_path / "labels.toml"
    bad.write_text('[console]\nlogin = ["登录"]\n', encoding="utf-8")
    monkeypatch.setattr(catalogue, "CATALOGUE", bad)
    catalogue._catalogue.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"\[console\] login"):
            catalogue.labels("console")
        with pytest.raises(ValueError, match=r"no \[manage\] table"):
            catalogue.labels("manage")
    finally:
        catalogue._catalogue.cache_clear()
