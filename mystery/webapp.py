"""Serve the PWA from web/: the shell, the service worker, the manifest and its static files.

Every client-side route (/visits/12, /outbox, …) answers with the shell; /api/ is never
caught here, so an unknown API path still gets the API's JSON 404.
"""

import hashlib
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, request, send_from_directory
from werkzeug.routing import PathConverter

from mystery.resources import resource

WEB = resource("web")
# Folders of web/ reachable under /static/; index.html and sw.js have their own routes.
# staff/ holds the coordinator, client and admin faces: online only, so not precached.
STATIC_DIRS = frozenset({"js", "css", "icons", "i18n", "vendor", "staff"})
MIME_TYPES = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".html": "text/html",
    ".txt": "text/plain",
}
VERSION_PLACEHOLDER = "__MYSTERY_VERSION__"
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' blob: data:",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


class ShellPathConverter(PathConverter):
    """A path that is neither under /api/ nor under /static/: a client-side route."""

    regex = r"(?!api(?:/|$)|static(?:/|$))[^/].*?"


bp = Blueprint("webapp", __name__)


@bp.record_once
def _add_converter(state):
    state.app.url_map.converters["shell"] = ShellPathConverter


def _no_cache(response):
    """Make the browser revalidate (cheap with the ETag) so an update is never masked."""
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _send(relative):
    """Send a file of web/ with its exact MIME type, conditional on its ETag."""
    mimetype = MIME_TYPES.get(Path(relative).suffix)
    if mimetype is None:
        abort(404)
    return _no_cache(send_from_directory(WEB, relative, mimetype=mimetype, conditional=True))


def shell_version():
    """Return the version the service worker caches under: PWA_VERSION or a hash of web/."""
    configured = current_app.config.get("PWA_VERSION")
    if configured:
        return str(configured)
    digest = hashlib.sha256()
    for path in sorted(WEB.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            digest.update(str(path.relative_to(WEB)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@bp.get("/")
@bp.get("/<shell:path>")
def shell(path=""):
    """Answer a client-side route with the app shell (a missing file stays a 404)."""
    if "." in path.rsplit("/", 1)[-1]:
        abort(404)
    response = _send("index.html")
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Permissions-Policy"] = "geolocation=(self), camera=(self)"
    return response


@bp.get("/sw.js")
def service_worker():
    """Send the service worker, stamped with the shell's version."""
    source = (WEB / "sw.js").read_text(encoding="utf-8")
    body = source.replace(VERSION_PLACEHOLDER, shell_version(), 1)
    response = Response(body, mimetype="text/javascript")
    response.set_etag(hashlib.sha256(body.encode()).hexdigest()[:32])
    response.make_conditional(request)
    return _no_cache(response)


@bp.get("/manifest.webmanifest")
def manifest():
    """Send the web app manifest."""
    return _send("manifest.webmanifest")


@bp.get("/static/<path:filename>")
def static(filename):
    """Send a script, style sheet, icon or translation of the app."""
    if filename.split("/", 1)[0] not in STATIC_DIRS:
        abort(404)
    return _send(filename)
