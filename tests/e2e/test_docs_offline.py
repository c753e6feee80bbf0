"""/docs (Swagger UI) and /redoc (ReDoc) render in a browser that may reach nothing but the gateway:
their scripts, styles and the document are the gateway's own (the npm packages' files in its static
folder), not a CDN's; every request elsewhere is refused."""

from __future__ import annotations

from playwright.async_api import Browser, Route, expect

from deploy.local.stack import Stack
from tests.e2e.page_walk import shoot


async def test_api_docs_render_without_internet(browser: Browser, stack: Stack) -> None:
    gateway = f"http://127.0.0.1:{stack.config.gateway_port}"
    context = await browser.new_context(base_url=gateway, locale="zh-CN")
    elsewhere: list[str] = []

    async def only_the_gateway(route: Route) -> None:
        if route.request.url.startswith(gateway):
            await route.continue_()
        else:
            # ReDoc's footer asks for its maker's logo; an image it cannot fetch changes nothing.
            if route.request.resource_type != "image":
                elsewhere.append(route.request.url)
            await route.abort()

    await context.route("**/*", only_the_gateway)
    page = await context.new_page()
    await page.goto("/docs")
    await expect(page.locator(".swagger-ui .opblock").first).to_be_visible(timeout=20_000)
    await expect(page.get_by_text("/api/v1/public/complaints").first).to_be_visible()
    await shoot(page, "docs-swagger")
    await page.goto("/redoc")
    await expect(page.get_by_text("Files a complaint from the public form").first).to_be_visible(timeout=20_000)
    await shoot(page, "docs-redoc", full_page=False)
    assert elsewhere == [], elsewhere
    await context.close()
