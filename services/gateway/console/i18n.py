"""Console labels in zh-CN (default) and English, named as in GLOSSARY.md."""

from __future__ import annotations

from contracts.task_kinds import TASK_KINDS
from services.gateway.console.manage_labels import MANAGE_LABELS

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"

# key → (中文, English)
LABELS: dict[str, tuple[str, str]] = {
    "app": ("枫桥 · 物业纠纷 管·评·调", "Fengqiao · property disputes"),
    "login": ("登录", "Sign in"),
    "logout": ("退出", "Sign out"),
    "username": ("用户名", "Username"),
    "password": ("密码", "Password"),
    "wrong_login": ("用户名或密码错误", "Wrong username or password"),
    "inbox": ("待办", "Inbox"),
    "view.mine": ("我的待办", "Assigned to me"),
    "view.group": ("待认领", "Unassigned in my groups"),
    "view.all": ("全部在办", "All open in my scope"),
    "view.completed": ("我已办结", "Completed by me"),
    "view.overdue": ("已超期", "Overdue"),
    "filters": ("筛选", "Filters"),
    "apply": ("筛选", "Apply"),
    "clear": ("清除", "Clear"),
    "kind": ("任务类型", "Task kind"),
    "community": ("小区", "Community"),
    "company": ("物业服务企业", "Property company"),
    "track": ("调解方式", "Track"),
    "level": ("承办层级", "Escalation level"),
    "due_from": ("到期自", "Due from"),
    "due_to": ("到期至", "Due to"),
    "priority_min": ("最低优先级", "Priority at least"),
    "priority_max": ("最高优先级", "Priority at most"),
    "q": ("关键词", "Text"),
    "sort": ("排序", "Sort"),
    "sort.due": ("按到期时间", "By due time"),
    "sort.priority": ("按优先级", "By priority"),
    "sort.created": ("按创建时间", "By creation"),
    "any": ("全部", "Any"),
    "saved_filters": ("已保存的筛选", "Saved filters"),
    "save_filter": ("保存当前筛选", "Save these filters"),
    "filter_name": ("筛选名称", "Filter name"),
    "delete": ("删除", "Delete"),
    "next_page": ("下一页", "Next page"),
    "first_page": ("第一页", "First page"),
    "no_tasks": ("暂无任务", "No tasks"),
    "task": ("任务", "Task"),
    "title": ("标题", "Title"),
    "case": ("案件", "Case"),
    "case_no": ("案件编号", "Case number"),
    "status": ("状态", "Status"),
    "priority": ("优先级", "Priority"),
    "due_at": ("到期时间", "Due"),
    "follow_up_at": ("跟进时间", "Follow-up"),
    "created_at": ("创建时间", "Created"),
    "assignee": ("办理人", "Assignee"),
    "candidate_groups": ("候选组", "Candidate groups"),
    "outcome": ("办理结果", "Outcome"),
    "history": ("办理记录", "History"),
    "timeline": ("案件时间线", "Case timeline"),
    "timeline_shown": ("本页显示 %d 条，共 %d 条记录。", "Showing %d of %d entries."),
    "timeline_earlier": ("查看更早的记录", "Earlier entries"),
    "timeline_newest": ("回到最新记录", "Newest entries"),
    "claim": ("认领", "Claim"),
    "release": ("退回", "Release"),
    "assign": ("指派", "Assign"),
    "complete": ("办结", "Complete"),
    "form": ("办理表单", "Form"),
    "one_per_line": ("每行一项", "one per line"),
    "claim_first": ("认领后才能办理", "Claim the task to work on it"),
    "held_by": ("办理人", "Held by"),
    "completed_msg": ("任务已办结", "Task completed"),
    "claimed_msg": ("已认领", "Claimed"),
    "claimed_open": ("已认领，打开办理", "Claimed — open it"),
    "actions": ("操作", "Actions"),
    "released_msg": ("已退回", "Released"),
    "assigned_msg": ("已指派", "Assigned"),
    "cases": ("案件查询", "Case search"),
    "search": ("查询", "Search"),
    "no_cases": ("暂无案件", "No cases"),
    "complainant": ("诉求人", "Complainant"),
    "phone": ("电话", "Phone"),
    "address": ("地址", "Address"),
    "content": ("诉求内容", "Complaint"),
    "channel": ("渠道", "Channel"),
    "reveal": ("显示个人信息（将记录审计）", "Reveal personal data (audited)"),
    "masked": ("已脱敏", "masked"),
    "case_hidden": ("无权查看该案件", "You may not see this case"),
    "community_page": ("小区", "Community"),
    "company_page": ("物业服务企业", "Property company"),
    "households": ("户数", "Households"),
    "residents": ("居民数", "Residents"),
    "buildings": ("楼栋数", "Buildings"),
    "is_old": ("老旧小区", "Old community"),
    "neighbourhood": ("社区", "Neighbourhood"),
    "open_tasks": ("在办任务", "Open tasks"),
    "rates": ("接诉即办三率", "The three rates"),
    "response_rate": ("响应率", "Response rate"),
    "resolution_rate": ("解决率", "Resolution rate"),
    "satisfaction_rate": ("满意率", "Satisfaction rate"),
    "case_count": ("案件数", "Cases"),
    "rates_hidden": ("无权查看评价数据", "You may not see these scores"),
    "forbidden": ("无权访问", "Forbidden"),
    "not_found": ("未找到", "Not found"),
    "error": ("出错了", "Something went wrong"),
    "back_to_inbox": ("返回待办", "Back to the inbox"),
    "language": ("English", "中文"),
    "yes": ("是", "yes"),
    "about": ("事由", "About"),
    "category": ("诉求类别", "Category"),
    "category_check": ("确认诉求类别", "Confirm the category"),
    "suggested_category": ("系统建议", "Suggested"),
    "suggestion_probability": ("把握", "confidence"),
    "category_low": (
        "系统建议把握不足，请从下列最可能的类别中选择（或选其他类别）后再办结。",
        "The suggestion is not confident: choose among the likeliest categories (or another) before completing.",
    ),
    "category_other": ("其他类别", "Another category"),
    "category_not_these": ("以上都不是，另选", "None of these"),
    "category_save": ("确认类别", "Confirm category"),
    "category_saved_msg": ("诉求类别已确认", "Category confirmed"),
    "category_confirmed": ("已确认类别", "Confirmed category"),
    "category_none": ("（无系统建议：类别由报件人填写）", "(no suggestion: the filer gave the category)"),
    "group_dispute": ("群体性纠纷", "group dispute"),
    "building_suffix": ("号楼", " (building)"),
    "requirements": ("整改要求", "Rectification requirements"),
    "assign_to": ("指派给", "Assign to"),
    "add_row": ("添加一行", "Add a row"),
    "remove_row": ("删除此行", "Remove this row"),
    "home": ("首页", "Home"),
    "public_board": ("红黑榜公示", "Public board"),
    "file_complaint": ("我要投诉", "File a complaint"),
    "track_complaint": ("查询办理进度", "Track a complaint"),
    "staff_entry": ("工作人员入口", "Staff"),
    "api_docs": ("接口文档", "API documentation"),
    "readiness": ("运行状态", "Readiness"),
    "skip": ("跳到正文", "Skip to content"),
    # Task history (the mediation service's task events)
    "action.created": ("创建", "created"),
    "action.claimed": ("认领", "claimed"),
    "action.released": ("退回", "released"),
    "action.assigned": ("指派", "assigned"),
    "action.completed": ("办结", "completed"),
    "action.cancelled": ("取消", "cancelled"),
    "action.overdue": ("超期", "overdue"),
    "no": ("否", "no"),
    # Task statuses
    "status.open": ("待认领", "open"),
    "status.claimed": ("办理中", "claimed"),
    "status.completed": ("已办结", "completed"),
    "status.cancelled": ("已取消", "cancelled"),
    # Priority 0–100 shown in four bands
    "priority.low": ("低", "low"),
    "priority.medium": ("中", "medium"),
    "priority.high": ("高", "high"),
    "priority.urgent": ("紧急", "urgent"),
    # Tracks and levels (GLOSSARY.md)
    "track.DESIGNATED": ("专人调", "designated handling"),
    "track.CONSULTATION": ("专项调", "special consultation"),
    "track.PROFESSIONAL": ("专业调", "professional mediation"),
    "level.COMMUNITY": ("社区承办", "community handles"),
    "level.STREET": ("难题会诊", "hard-case consultation"),
    "level.DISTRICT": ("协调联办", "joint handling"),
    # Case statuses (DESIGN.md)
    "case.RECEIVED": ("已受理", "received"),
    "case.TRIAGE": ("分流中", "triage"),
    "case.IN_PROGRESS": ("办理中", "in progress"),
    "case.RESOLVED": ("已解决", "resolved"),
    "case.CALLBACK": ("待回访", "callback"),
    "case.CLOSED": ("已办结", "closed"),
    "case.MERGED": ("已合并", "merged"),
    "case.REFERRED": ("已转出", "referred"),
}

LABELS.update(MANAGE_LABELS)

TRACKS = ("DESIGNATED", "CONSULTATION", "PROFESSIONAL")
LEVELS = ("COMMUNITY", "STREET", "DISTRICT")


def translate(key: str, lang: str) -> str:
    """The label for `key`; an unknown key shows as itself (an identifier is better than nothing)."""
    pair = LABELS.get(key)
    if pair is None:
        return key.split(".", 1)[-1]
    return pair[1] if lang == "en" else pair[0]


def kind_title(kind: str, lang: str) -> str:
    """A task kind's title from the task-kind registry; an unknown kind shows as its name."""
    entry = TASK_KINDS.get(kind)
    if entry is None:
        return kind
    return entry.en if lang == "en" else entry.zh


def outcome_label(kind: str, outcome: str, lang: str) -> str:
    """An outcome as the registry names it for that kind of task."""
    entry = TASK_KINDS.get(kind)
    chosen = entry.outcome(outcome) if entry else None
    if chosen is None:
        return outcome
    return chosen.en if lang == "en" else chosen.zh
