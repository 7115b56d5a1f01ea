"""Serve the PWA from web/: the shell, the service worker, the manifest and its static files.

Every client-side route (/visits/12, /outbox, …) answers with the shell; /api/ is never
caught here, so an unknown API path still gets the API's JSON 404.
"""

import gzip
import hashlib
import os
import threading
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, request, send_from_directory
from werkzeug.routing import PathConverter
from werkzeug.security import safe_join

from mystery.resources import resource

try:  # Brotli comes with WeasyPrint (fonttools[woff]); gzip alone does when it is missing.
    import brotli
except ImportError:  # pragma: no cover - depends on the installed extras
    brotli = None

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
# Text is sent compressed when the browser accepts it: gunicorn serves the app directly, with no
# proxy in front to do it, and the shell's scripts shrink to about a third.
COMPRESSIBLE = frozenset({".js", ".css", ".json", ".webmanifest", ".html", ".svg", ".txt"})
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


def _encoding():
    """The best compression the request accepts: "br", "gzip" or None."""
    accepted = request.accept_encodings
    if brotli is not None and accepted.quality("br") > 0:
        return "br"
    return "gzip" if accepted.quality("gzip") > 0 else None


def _compress(raw, encoding):
    if encoding == "br":
        return brotli.compress(raw, quality=6)  # 11 is 30× slower for 8 % less
    return gzip.compress(raw, 9, mtime=0)


# Compressed bodies by (name, encoding): (token, body). A body is compressed again only when
# its token (the file's mtime and size, or the content's hash) changes; web/ is small and fixed,
# so this stays a few hundred KB.
_compressed = {}
_compressed_lock = threading.Lock()


def _memo_compress(name, token, encoding, read):
    """Return read() compressed, from memory while token stays the same."""
    with _compressed_lock:
        entry = _compressed.get((name, encoding))
    if entry is None or entry[0] != token:
        entry = (token, _compress(read(), encoding))
        with _compressed_lock:
            _compressed[(name, encoding)] = entry
    return entry[1]


def _compressed_file(path, encoding):
    """Return (body, etag, mtime) of a file of web/, compressed."""
    stat = os.stat(path)
    token = (stat.st_mtime_ns, stat.st_size)
    body = _memo_compress(path, token, encoding, Path(path).read_bytes)
    etag = f"{stat.st_mtime_ns:x}-{stat.st_size:x}-{encoding}"
    return body, etag, stat.st_mtime


def _send_compressed(body, encoding, mimetype, etag, last_modified=None):
    """A response of already compressed bytes, conditional on its ETag."""
    response = Response(body, mimetype=mimetype)
    response.content_encoding = encoding
    response.set_etag(etag)
    if last_modified is not None:
        response.last_modified = last_modified
    response.vary.add("Accept-Encoding")
    return response.make_conditional(request)


def _send(relative):
    """Send a file of web/ with its exact MIME type, compressed if accepted, conditional."""
    suffix = Path(relative).suffix
    mimetype = MIME_TYPES.get(suffix)
    if mimetype is None:
        abort(404)
    if suffix in COMPRESSIBLE:
        path = safe_join(str(WEB), relative)
        encoding = _encoding()
        if encoding and path and os.path.isfile(path):
            body, etag, modified = _compressed_file(path, encoding)
            return _no_cache(_send_compressed(body, encoding, mimetype, etag, modified))
    response = send_from_directory(WEB, relative, mimetype=mimetype, conditional=True)
    if suffix in COMPRESSIBLE:
        response.vary.add("Accept-Encoding")
    return _no_cache(response)


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
    body = source.replace(VERSION_PLACEHOLDER, shell_version(), 1).encode()
    etag = hashlib.sha256(body).hexdigest()[:32]
    encoding = _encoding()
    if encoding:
        compressed = _memo_compress("sw.js", etag, encoding, lambda: body)
        response = _send_compressed(compressed, encoding, "text/javascript", f"{etag}-{encoding}")
        return _no_cache(response)
    response = Response(body, mimetype="text/javascript")
    response.set_etag(etag)
    response.vary.add("Accept-Encoding")
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
