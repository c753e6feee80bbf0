"""The landing page of the web console (the inbox pages arrive with issue #4)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from services.gateway.deps import BackendsDep

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
async def home(backends: BackendsDep) -> str:
    ui = backends.settings.temporal_ui_url
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>枫桥 · Fengqiao</title></head>
<body>
<h1>枫桥 · 物业纠纷 管·评·调</h1>
<p>东街街道 · 潞州区 · 长治市</p>
<ul>
<li><a href="/docs">API 文档 · API docs</a></li>
<li><a href="{ui}">Temporal UI</a></li>
<li><a href="/readyz">就绪检查 · readiness</a></li>
</ul>
</body></html>"""
