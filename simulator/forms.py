"""What an actor writes in a task's form for the outcome it chose: the fields the outcome needs,
in the words a caseworker, a company or a mediator would use."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

COUNCIL = ["community_party_committee", "residents_committee", "owners_committee", "property_company"]
METHODS = ["法理调 · explain the law", "情理调 · reason and feeling"]
_NOTES = {
    "triage": "按预案分派",
    "handling": "已督促物业处理完毕",
    "rectification_verification": "现场核验",
    "extension_approval": "同意延期",
    "callback": "电话回访",
    "review_approval": "审定",
    "standing_approval": "严重事件属实，同意列入黑榜",
    "summons": "已约谈企业负责人",
    "inspection": "督办验收",
    "takeover_acceptance": "验收",
    "action_item": "已按决议完成",
    "performance_check": "协议已履行",
    "mediation_decision": "转诉讼",
}


def _due_on(days: int) -> str:
    return (datetime.now(UTC) + timedelta(hours=8) + timedelta(days=days)).date().isoformat()


def form_for(
    kind: str,
    outcome: str,
    task: dict[str, Any],
    case_type: str,
    scale: int,
    seated: tuple[str, ...] = (),
    attempt: int = 0,
) -> dict[str, Any]:
    """The form for completing `task` with `outcome`; `scale` compresses the meeting date of a
    council to just after the notice period the task's deadline already compresses; `seated` are
    the council's parties that hold a seat (a meeting record names those who attended)."""
    if kind == "triage":
        form: dict[str, Any] = {"note": f"{_NOTES['triage']}：{outcome}"}
        if outcome == "professional":
            form |= {"case_type": case_type, "involves_police": False}
        return form
    if kind == "site_visit":
        return {"findings": "现场核查属实"}
    if kind == "handling":
        if outcome == "rectification_order":
            return {"note": "下达整改单", "requirements": "七日内整改到位并报告"}
        if outcome == "escalate":
            return {"note": "社区协调不成", "reason": "需上级协调"}
        return {"note": _NOTES["handling"]}
    if kind == "daily_check":
        return {"progress": "物业正在整改"}
    if kind == "rectification_report":
        if outcome == "request_extension":
            return {"report": "材料未到，申请延期", "extension_days": 3}
        return {"report": "已按整改单整改完毕"}
    if kind == "rectification_plan":
        return {"plan": "成立整改专班，逐项整改", "days": 30}
    if kind == "consultation_notice":
        # The parties need the notice period (the task's own span) from the moment it is recorded;
        # a margin covers the request's way to the workflow, longer on each try (a loaded machine).
        created, due = (
            datetime.fromisoformat(task.get(k) or datetime.now(UTC).isoformat()) for k in ("created_at", "due_at")
        )
        period = max(due - created, timedelta(0))
        meeting = datetime.now(UTC) + period * 1.2 + timedelta(seconds=max(3.0, 3600 / scale) * (1 + 3 * attempt))
        return {"meeting_at": meeting.isoformat(), "venue": "社区党群服务站", "agenda": "专项议事"}
    if kind == "meeting_record":
        present = [role for role in COUNCIL if role in seated] or list(seated)
        owner = "property_company" if "property_company" in present else present[0]
        return {
            "attendance": present,
            "resolution": "议事会议定整改方案并公示",
            "votes": {"for": len(present), "against": 0, "abstain": 0},
            "action_items": [{"title": "按决议整改", "owner": owner, "due_on": _due_on(10)}],
        }
    if kind == "publicity_objection":
        return {"reason": "对决议有异议"}
    if kind == "mediation_session":
        if outcome == "agreement":
            return {
                "record": "双方达成一致",
                "methods": METHODS,
                "agreement_text": "责任方负责维修并赔偿对方损失。",
                # Due yesterday: the performance check comes at once (the term is already due).
                "terms": [{"term": "完成维修并赔偿", "due_on": _due_on(-1)}],
            }
        if outcome == "failed":
            return {"record": "分歧较大", "methods": METHODS, "reason": "双方无法达成一致"}
        return {"record": "双方陈述", "methods": METHODS}
    if kind == "takeover_handover":
        checklist = dict.fromkeys(("keys", "archives", "facilities", "accounts", "staff"), True)
        return {"checklist": checklist, "note": "交接完成"}
    return {"note": _NOTES.get(kind, "已处理")}
