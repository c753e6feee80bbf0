"""The API's documentation pages, /docs (Swagger UI) and /redoc (ReDoc), from the gateway's own
static files: swagger-ui-dist and redoc come from the pinned npm packages (the Makefile copies them
into static/vendor/, like ECharts), so the pages work without internet."""

from __future__ import annotations

import html

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)
VENDOR = "/static/vendor"


@router.get("/docs", response_class=HTMLResponse)
async def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI, started by static/swagger-init.js: FastAPI's own page starts it with an inline
    script, which the gateway's Content-Security-Policy refuses."""
    title = html.escape(f"{request.app.title} · 接口文档")
    openapi_url = html.escape(str(request.app.openapi_url))
    return HTMLResponse(f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="{VENDOR}/swagger-ui.css">
<link rel="icon" href="{VENDOR}/swagger-favicon-32x32.png">
</head><body>
<div id="swagger-ui" data-openapi-url="{openapi_url}"></div>
<script src="{VENDOR}/swagger-ui-bundle.js"></script>
<script src="/static/swagger-init.js"></script>
</body></html>""")


@router.get("/redoc", response_class=HTMLResponse)
async def redoc(request: Request) -> HTMLResponse:
    return get_redoc_html(
        openapi_url=request.app.openapi_url,
        title=f"{request.app.title} · ReDoc",
        redoc_js_url=f"{VENDOR}/redoc.standalone.js",
        redoc_favicon_url=f"{VENDOR}/swagger-favicon-32x32.png",
        with_google_fonts=False,
    )
