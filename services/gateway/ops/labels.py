"""The ops pages in Chinese: column names for the views' dict keys, and each cell's value as a
person reads it — statuses and tracks by name, communities and organisations by name, times in
Asia/Shanghai, identifiers (run ids, URLs, hashes) as code to copy. English keeps the keys."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from markupsafe import Markup

from services.gateway.console import vocabulary
from services.gateway.console.i18n import LABELS, kind_title, translate
from services.gateway.names import Names
from services.gateway.timefmt import shanghai_time

COLUMNS: dict[str, str] = {
    "workflow_id": "流程编号",
    "run_id": "运行编号",
    "execution_status": "运行状态",
    "case_no": "案件编号",
    "case_status": "案件状态",
    "record_status": "记录状态",
    "workflow_status": "流程状态",
    "status": "状态",
    "track": "调解方式",
    "escalation_level": "承办层级",
    "community": "小区",
    "company": "物业服务企业",
    "organisation": "单位",
    "due_at": "到期时间",
    "overdue": "超期",
    "started_at": "开始时间",
    "temporal_ui": "流程详情",
    "kind": "类型",
    "detail": "说明",
    "fix": "处理办法",
    "task_id": "任务编号",
    "id": "任务编号",
    "assignee": "办理人",
    "activity_id": "活动编号",
    "activity_type": "活动",
    "state": "状态",
    "attempt": "第几次",
    "maximum_attempts": "最多次数",
    "last_failure": "最近一次失败",
    "next_attempt_at": "下次重试",
    "last_worker": "最近的执行进程",
    "task_queue_type": "队列类型",
    "identity": "执行进程",
    "last_access": "最近轮询",
    "alive": "在线",
    "component": "组件",
    "ok": "正常",
    "attempted_at": "投递时间",
    "referral_id": "转办编号",
    "delivery_id": "投递编号",
    "outcome": "结果",
    "status_code": "状态码",
    "error": "错误",
    "duration_ms": "耗时（毫秒）",
    "url": "地址",
    "seq": "序号",
    "occurred_at": "时间",
    "actor": "操作人",
    "action": "操作",
    "target": "对象",
    "year": "年份",
    "source": "数据来源",
    "holidays": "节假日天数",
    "workdays": "调休上班天数",
    "imported_by": "导入人",
    "imported_at": "导入时间",
    "source_format": "文件格式",
    "overrides_package": "覆盖内置数据",
    "date": "日期",
    "name": "名称",
}

_EXECUTION = {
    "RUNNING": "运行中",
    "COMPLETED": "已完成",
    "FAILED": "失败",
    "CANCELED": "已取消",
    "TERMINATED": "已终止",
    "CONTINUED_AS_NEW": "已续档",
    "TIMED_OUT": "超时",
}
_OTHER = {
    # Reconciliation kinds (services/gateway/ops/reconcile.py).
    "no_workflow": "有记录无流程",
    "no_record": "有流程无记录",
    "status_differs": "状态不一致",
    "workflow_ended": "流程已结束、记录未结",
    "record_closed_workflow_running": "记录已结、流程仍在运行",
    "stuck_task": "无人等待的任务",
    # Webhook outcomes, calendar sources and day kinds, poller kinds, audit actions.
    "delivered": "已送达",
    "failed": "失败",
    "package": "内置数据包",
    "imported": "管理员导入",
    "none": "无数据",
    "holiday": "节假日",
    "workday": "调休上班",
    "workflow": "流程",
    "activity": "活动",
    "no_endpoint": "未设接收地址（对方自行拉取清单）",
    # Audit actions (services/gateway/audit.py and the routes that append to the log).
    "reveal_personal_data": "查看个人信息",
    "decode_payload": "解密流程数据",
    "codec_decode": "解密流程数据",
    "workflow_retry": "立即重试流程",
    "workflow_terminate": "终止流程",
    "task_cancel": "取消任务",
    "ops_action_failed": "运维操作失败",
    "api_key_create": "创建接口密钥",
    "api_key_rotate": "轮换接口密钥",
    "api_key_revoke": "吊销接口密钥",
    "webhook_endpoint_set": "设置回调地址",
    "webhook_endpoint_remove": "删除回调地址",
    "sign_in_lockout_lift": "解除登录锁定",
    "calendar_import": "导入工作日历",
    "takeover.start": "发起老旧小区接管",
    "review.start": "开启季度评价",
    "consultation.start": "召集协商议事",
    "consultation.objection": "对协商提出异议",
    "registry.create": "新增名录",
    "registry.edit": "修改名录",
    "registry.retire": "停用名录",
    "registry.appointment": "登记任职",
    "registry.import": "导入名录",
    "missing": "不存在",
}
_FIX = {
    "no_workflow": "在对账页重启流程，或请管理员排查",
    "no_record": "终止该流程",
    "status_differs": "稍后刷新；持续不一致时查看流程历史",
    "workflow_ended": "查看流程历史，必要时补记案件状态",
    "record_closed_workflow_running": "终止该流程",
    "stuck_task": "取消该任务",
}
_COMPONENTS = {
    "intake": "受理服务",
    "mediation": "调解服务",
    "evaluation": "评价服务",
    "gateway": "网关",
    "temporal": "流程引擎",
    "database": "数据库",
}
_CODE = {
    "run_id",
    "workflow_id",
    "task_id",
    "id",
    "delivery_id",
    "referral_id",
    "url",
    "activity_id",
    "identity",
    "error",
}
_TIME = {"due_at", "started_at", "next_attempt_at", "last_access", "attempted_at", "occurred_at", "imported_at"}


def column(key: str, lang: str) -> str:
    return key if lang == "en" else COLUMNS.get(key, key)


def cell(key: str, value: Any, lang: str, names: Names, row: dict[str, Any] | None = None) -> Any:
    """A cell as the page shows it; Markup for identifiers to copy."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return ("yes" if value else "no") if lang == "en" else ("是" if value else "否")
    if key in _TIME or isinstance(value, datetime):  # one time format in both languages
        return shanghai_time(value)
    if key in _CODE:
        return Markup("<code>{}</code>").format(value)
    if lang == "en":
        return value
    text = str(value)
    if key in ("execution_status", "state") and text.upper() in _EXECUTION:
        return _EXECUTION[text.upper()]
    if key in ("case_status", "record_status", "status", "workflow_status"):
        return _status(text)
    if key == "track":
        return translate(f"track.{text}", lang)
    if key == "escalation_level":
        return translate(f"level.{text}", lang)
    if key == "community":
        return names.community(text)
    if key == "component":
        return _component(text)
    if key in ("company", "organisation"):
        return names.organisation(text)
    if key == "kind":
        return _OTHER.get(text) or kind_title(text, lang)
    if key == "actor":
        return names.person(text, lang)
    if key == "fix" and row is not None:
        return _FIX.get(str(row.get("kind")), text)
    if key == "target":
        return _target(text, names)
    if key == "detail" and text.startswith("{"):
        return _json_detail(text)
    if key == "detail":
        return (
            vocabulary.bilingual(text, lang)
            if vocabulary.has_chinese(text)
            else _OTHER.get(str(row and row.get("kind")), "")
        )
    return _OTHER.get(text, text)


def _target(text: str, names: Names) -> Any:
    """An audit entry's object: an organisation by name, anything else (a case number, a key's
    name, a person@organisation) as an identifier to copy."""
    named = names.organisation(text)
    return named if named != text else Markup("<code>{}</code>").format(text)


def _json_detail(text: str) -> str:
    """An audit entry's detail (canonical JSON): the values a person reads (names, reasons), not
    the keys."""
    try:
        found = json.loads(text)
    except ValueError:
        return ""
    values = found.values() if isinstance(found, dict) else [found]
    return "、".join(str(v) for v in values if vocabulary.has_chinese(str(v)))


def _status(text: str) -> str:
    """Statuses such as RUNNING/IN_PROGRESS, and plain ones (case, task, execution), by name."""
    parts = []
    for part in text.split("/"):
        up, low = part.upper(), part.lower()
        if up in _EXECUTION:
            parts.append(_EXECUTION[up])
        elif f"case.{up}" in LABELS:
            parts.append(translate(f"case.{up}", "zh"))
        elif f"status.{low}" in LABELS:
            parts.append(translate(f"status.{low}", "zh"))
        else:
            parts.append(_OTHER.get(low, part))
    return " / ".join(parts)


def _component(text: str) -> Markup:
    """ "intake 127.0.0.1:50051" → 受理服务 and its address to copy; "gateway database" → 网关 数据库."""
    shown = [
        Markup("{}").format(_COMPONENTS[w]) if w in _COMPONENTS else Markup("<code>{}</code>").format(w)
        for w in text.split()
    ]
    return Markup(" ").join(shown)
