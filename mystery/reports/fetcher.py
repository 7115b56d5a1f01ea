"""What a report may load while it renders: its own media and the files of templates/reports.

WeasyPrint asks its url_fetcher for every stylesheet, font and image. Ours answers only
  - ``media:<key>`` for the media keys the report's context names (read through storage),
  - ``file:`` URLs of files under templates/reports/ (print CSS, fonts, images),
  - ``data:`` URLs of images (a client's logo),
and refuses everything else — other files, http(s), other hosts — so a report can never
reach the network or read the server's files (Indico does the same for its PDFs).
"""

import base64
import logging
from functools import cache
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit

log = logging.getLogger(__name__)

MEDIA_SCHEME = "media:"
STATIC_TYPES = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
}
DATA_IMAGE_TYPES = frozenset(
    {"image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml"}
)


class RefusedURL(ValueError):
    """A report asked for something outside what it may load."""


@cache
def _static_bytes(path: Path, mtime_ns: int) -> bytes:
    """Read a file of templates/reports once per process (fonts are large and reused)."""
    return path.read_bytes()


def parse_data_url(url: str) -> tuple[bytes, str]:
    """Decode a data: URL into (bytes, media type)."""
    header, comma, payload = url[len("data:") :].partition(",")
    if not comma:
        raise RefusedURL("A data: URL without a comma.")
    parts = [part.strip() for part in header.split(";")]
    mime = (parts[0] or "text/plain").lower()
    if "base64" in (part.lower() for part in parts[1:]):
        try:
            return base64.b64decode(unquote(payload), validate=False), mime
        except ValueError as error:
            raise RefusedURL(f"A data: URL with invalid base64: {error}") from None
    return unquote_to_bytes(payload), mime


class FetchPolicy:
    """Decide and serve what a report may load; remember what was refused."""

    def __init__(self, root, storage=None, media_keys=()):
        self.root = Path(root).resolve()
        self.storage = storage
        self.media_keys = frozenset(media_keys)
        self.refused: list[str] = []

    def refuse(self, url: str, why: str):
        """Record and raise a refusal."""
        self.refused.append(url)
        log.warning("Report refused to load %.200s: %s", url, why)
        raise RefusedURL(f"{why}: {url[:200]}")

    def resolve(self, url: str) -> tuple[bytes, str, str]:
        """Return (body, media type, url) for an allowed URL; raise RefusedURL otherwise."""
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            body, mime = parse_data_url(url)
            if mime not in DATA_IMAGE_TYPES:
                self.refuse(url[:60], f"data: URLs of {mime} are not allowed")
            return body, mime, url
        if scheme == "media":
            return self._media(url)
        if scheme == "file":
            return self._static(url)
        return self.refuse(url, "Only the app's own media and report files may be loaded")

    def _media(self, url: str) -> tuple[bytes, str, str]:
        key = url[len(MEDIA_SCHEME) :]
        if key not in self.media_keys or self.storage is None:
            self.refuse(url, "Not a photo of this report")
        try:
            return self.storage.open(key), "image/jpeg", url
        except (FileNotFoundError, ValueError) as error:
            self.refuse(url, f"Media file missing ({error})")

    def _static(self, url: str) -> tuple[bytes, str, str]:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            self.refuse(url, "file: URLs on other hosts are not allowed")
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            self.refuse(url, "Only files under templates/reports/ may be loaded")
        mime = STATIC_TYPES.get(path.suffix.lower())
        if mime is None:
            self.refuse(url, f"Files of type {path.suffix!r} are not served to reports")
        return _static_bytes(path, path.stat().st_mtime_ns), mime, path.as_uri()


@cache
def _fetcher_class():
    """Build the WeasyPrint fetcher class; imported late, as WeasyPrint itself is."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ReportFetcher(URLFetcher):
        """A WeasyPrint URL fetcher that only answers what its policy allows."""

        def __init__(self, policy):
            super().__init__(timeout=1, allowed_protocols=(), fail_on_errors=False)
            self.policy = policy

        def fetch(self, url, headers=None):
            body, mime, final_url = self.policy.resolve(url)
            return URLFetcherResponse(final_url, body, {"Content-Type": mime})

    return ReportFetcher


def make_fetcher(policy: FetchPolicy):
    """Return a WeasyPrint url_fetcher enforcing the policy."""
    return _fetcher_class()(policy)
