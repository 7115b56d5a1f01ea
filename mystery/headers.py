"""Security headers on every answer: API JSON is never sniffed nor cached, HTTPS is sticky."""

from flask import current_app, request

DEFAULT_HSTS_SECONDS = 365 * 24 * 3600


def security_headers(response):
    """Add nosniff everywhere, no-store on API JSON and HSTS (HSTS_SECONDS=0 leaves it out)."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if request.path.startswith("/api/") and response.mimetype == "application/json":
        # Answers carry personal data and change with every action; a shared or browser
        # cache must not keep them. Downloads and photos set their own policy.
        response.headers["Cache-Control"] = "no-store"
    seconds = current_app.config.get("HSTS_SECONDS", DEFAULT_HSTS_SECONDS)
    if seconds:
        # Browsers ignore it over plain HTTP, so it is safe to send behind any proxy.
        response.headers.setdefault(
            "Strict-Transport-Security", f"max-age={int(seconds)}; includeSubDomains"
        )
    return response
