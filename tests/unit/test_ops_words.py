"""Codes the ops pages and the console meet in records read by name: every audit action the gateway
writes, every webhook outcome the liaison records, and the reference a non-case task carries (the
supervision workflow's EV-PC-… change id) — so the page walk cannot meet them raw."""

from __future__ import annotations

import re

from markupsafe import Markup

from services.gateway import audit
from services.gateway.console.vocabulary import has_chinese, names_in
from services.gateway.html import task_subject
from services.gateway.names import Names
from services.gateway.ops.labels import cell
from services.mediation.liaison.admin_servicer import ATTEMPT_OUTCOMES
from tests.conftest import ROOT

NAMES = Names(organisations={"PC-CPY": "长治市城鹏宇物业服务有限公司", "CM-DFSJ": "东方世纪小区"})


def _audit_actions() -> set[str]:
    """Every action the gateway's code appends to the audit log: audit.py's constants, constants
    passed as `action=NAME`, and literals on an `action=` / `action = …` line or in the registry's
    `_audited(…, "registry.x", …)`."""
    found = {v for k, v in vars(audit).items() if k.isupper() and isinstance(v, str) and re.fullmatch(r"[a-z_]+", v)}
    for path in (ROOT / "services/gateway").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "audit" not in text:
            continue
        constants = dict(re.findall(r'^([A-Z_]+) = "([a-z_.]+)"$', text, re.M))
        found |= {constants[n] for n in re.findall(r"action=([A-Z_]+)\b", text) if n in constants}
        for line in re.findall(r"action ?=.*$|_audited\(.*$", text, re.M):
            found |= set(re.findall(r'"([a-z]+(?:[_.][a-z]+)+)"', line))
    return found


def test_every_audit_action_reads_in_chinese() -> None:
    actions = _audit_actions()
    assert {audit.REVEAL_PERSONAL_DATA, "registry.edit", "takeover.start", "api_key_create"} <= actions
    unnamed = sorted(a for a in actions if not has_chinese(str(cell("action", a, "zh", NAMES))))
    assert unnamed == []


def test_every_webhook_outcome_reads_in_chinese() -> None:
    assert all(has_chinese(str(cell("outcome", o, "zh", NAMES))) for o in ATTEMPT_OUTCOMES)


def test_audit_targets_and_details_by_name() -> None:
    assert cell("target", "CM-DFSJ", "zh", NAMES) == "东方世纪小区"
    assert cell("target", "DJ-2026-000001", "zh", NAMES) == Markup("<code>DJ-2026-000001</code>")
    detail = '{"kind":"community","name":"东方世纪小区"}'
    assert cell("detail", detail, "zh", NAMES) == "东方世纪小区"


def test_a_supervision_task_is_about_the_company_not_its_change_id() -> None:
    assert task_subject("EV-PC-CPY-3f2a9c0d1e2b", "PC-CPY", "zh", NAMES) == "长治市城鹏宇物业服务有限公司"
    assert task_subject("DJ-2026-000012", "PC-CPY", "zh", NAMES) == "DJ-2026-000012"
    assert task_subject("SD-DONGJIE-2026Q4", "", "zh", NAMES) == "2026年第4季度"


def test_codes_inside_chinese_text_are_named() -> None:
    """The supervision workflow writes 关于PC-CPY列入… and 约谈PC-CPY负责人: no word boundary
    between a Chinese character and the code, and still the company's name."""
    named = names_in("关于PC-CPY列入物业服务黑榜的通报；约谈PC-CPY负责人", NAMES.organisation)
    assert named == "关于长治市城鹏宇物业服务有限公司列入物业服务黑榜的通报；约谈长治市城鹏宇物业服务有限公司负责人"
    assert names_in("DJ-2026-000012 · EV-PC-CPY-3f2a9c0d", NAMES.organisation) == "DJ-2026-000012 · EV-PC-CPY-3f2a9c0d"
