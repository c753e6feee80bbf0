"""The security headers every answer carries (issue #18). The pages load only scripts the gateway
serves itself (/static: htmx, ECharts, the board's and the form's own scripts), never inline or
from another site, so an injected <script> does not run; inline styles stay allowed (the ops
pages' one <style> block, htmx's indicator style). Nothing may frame the pages."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    # Same-origin: the language switch and the ops actions return to the page they came from.
    "Referrer-Policy": "same-origin",
}


def add_security_headers(headers: MutableHeaders, *, production: bool) -> None:
    for name, value in SECURITY_HEADERS.items():
        headers.setdefault(name, value)
    if production:
        # Served over TLS in production: browsers keep to HTTPS for a year.
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
