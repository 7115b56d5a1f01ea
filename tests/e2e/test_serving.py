"""How Flask serves the PWA: the shell, the service worker, the manifest, MIME types, headers."""

import gzip
import json
import re

import pytest

from mystery.webapp import WEB


def fetch(client, path, method="get", **kwargs):
    """Request a path and read the whole body (closing the file the server streamed)."""
    return getattr(client, method)(path, buffered=True, **kwargs)


def test_shell_answers_client_routes_with_csp(anon):
    for path in ("/", "/visits", "/visits/12", "/outbox", "/login?next=/board"):
        response = fetch(anon, path)
        assert response.status_code == 200, path
        assert response.mimetype == "text/html"
        assert response.headers["Cache-Control"] == "no-cache"
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert b'<script type="module" src="/static/js/app.js">' in response.data


def test_shell_has_no_inline_script_or_style(anon):
    html = fetch(anon, "/").get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html and " style=" not in html
    assert not re.search(r"\son[a-z]+=", html)


def test_service_worker_at_root_scope_stamped_with_a_version(app, anon):
    response = fetch(anon, "/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    body = response.get_data(as_text=True)
    assert "__MYSTERY_VERSION__" not in body
    again = fetch(anon, "/sw.js", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_service_worker_version_follows_the_setting(app, anon):
    saved = app.config.get("PWA_VERSION")
    try:
        app.config["PWA_VERSION"] = "v-test-7"
        assert 'const VERSION = "v-test-7"' in fetch(anon, "/sw.js").get_data(as_text=True)
    finally:
        app.config["PWA_VERSION"] = saved


def test_manifest(anon):
    response = fetch(anon, "/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.data)
    assert manifest["name"] == "Mystery" and manifest["short_name"]
    assert manifest["display"] == "standalone" and manifest["theme_color"]
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        image = fetch(anon, icon["src"])
        assert image.status_code == 200 and image.mimetype == "image/png"


def test_static_files_have_exact_mime_types(anon):
    expected = {
        "/static/js/app.js": "text/javascript",
        "/static/js/views/checklist.js": "text/javascript",
        "/static/css/app.css": "text/css",
        "/static/i18n/da.json": "application/json",
        "/static/icons/icon-192.png": "image/png",
    }
    for path, mimetype in expected.items():
        response = fetch(anon, path)
        assert response.status_code == 200, path
        assert response.mimetype == mimetype, path
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_unknown_api_paths_stay_json_404(anon):
    for method in ("get", "post", "put"):
        response = fetch(anon, "/api/v1/no-such-thing", method)
        assert response.status_code == 404, method
        assert response.is_json and response.json["message"]
    assert fetch(anon, "/api").status_code == 404
    assert fetch(anon, "/api/v1/health").json == {"status": "ok"}


def test_missing_files_are_404_not_the_shell(anon):
    for path in ("/static/js/nope.js", "/static/../mystery/config.py", "/favicon.ico", "/x.png"):
        assert fetch(anon, path).status_code == 404, path


def test_service_worker_precaches_every_shell_file(anon):
    source = (WEB / "sw.js").read_text()
    listed = set(re.findall(r'^\s+"(/[^"]*)",$', source, re.MULTILINE))
    on_disk = {
        "/static/" + str(path.relative_to(WEB))
        for folder in ("js", "css", "i18n", "icons")
        for path in (WEB / folder).rglob("*")
        if path.is_file()
    }
    assert on_disk <= listed, on_disk - listed
    for path in listed:
        assert fetch(anon, path).status_code == 200, path


def test_translations_have_the_same_keys():
    english = json.loads((WEB / "i18n" / "en.json").read_text())
    for code in ("da", "sv"):
        other = json.loads((WEB / "i18n" / f"{code}.json").read_text())
        assert set(other) == set(english), code


TEXT_FILES = {
    "/static/js/app.js": "js/app.js",
    "/static/css/app.css": "css/app.css",
    "/static/i18n/da.json": "i18n/da.json",
    "/manifest.webmanifest": "manifest.webmanifest",
    "/": "index.html",
}


def test_text_is_sent_gzipped_when_the_browser_accepts_it(anon):
    for path, relative in TEXT_FILES.items():
        response = fetch(anon, path, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200, path
        assert response.headers["Content-Encoding"] == "gzip", path
        assert "Accept-Encoding" in response.headers["Vary"], path
        assert response.headers["Cache-Control"] == "no-cache", path
        assert gzip.decompress(response.data) == (WEB / relative).read_bytes(), path
        assert int(response.headers["Content-Length"]) == len(response.data), path
    shell = fetch(anon, "/visits", headers={"Accept-Encoding": "gzip"})
    assert "script-src 'self'" in shell.headers["Content-Security-Policy"]


def test_brotli_when_accepted_and_installed(anon):
    brotli = pytest.importorskip("brotli")
    response = fetch(anon, "/static/js/app.js", headers={"Accept-Encoding": "gzip, br"})
    assert response.headers["Content-Encoding"] == "br"
    assert brotli.decompress(response.data) == (WEB / "js" / "app.js").read_bytes()


def test_compressed_files_revalidate_with_their_own_etag(anon):
    plain = fetch(anon, "/static/js/app.js")
    packed = fetch(anon, "/static/js/app.js", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in plain.headers
    assert "Accept-Encoding" in plain.headers["Vary"]
    assert packed.headers["ETag"] != plain.headers["ETag"]
    again = fetch(
        anon,
        "/static/js/app.js",
        headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]},
    )
    assert again.status_code == 304 and not again.data


def test_service_worker_is_gzipped_with_its_version(anon):
    plain = fetch(anon, "/sw.js")
    packed = fetch(anon, "/sw.js", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.data) == plain.data
    again = fetch(
        anon, "/sw.js", headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]}
    )
    assert again.status_code == 304


def test_images_are_not_compressed_again(anon):
    response = fetch(anon, "/static/icons/icon-192.png", headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200 and "Content-Encoding" not in response.headers


def _listed(source, name):
    block = re.search(rf"const {name} = \[(.*?)\];", source, re.DOTALL).group(1)
    return set(re.findall(r'"(/[^"]*)"', block))


def test_precache_is_the_first_screens_and_english_the_rest_on_demand():
    source = (WEB / "sw.js").read_text()
    shell, on_demand = _listed(source, "SHELL"), _listed(source, "ON_DEMAND")
    assert not shell & on_demand
    assert "/static/i18n/en.json" in shell and "/static/icons/icon-192.png" in shell
    assert {"/static/i18n/da.json", "/static/i18n/sv.json"} <= on_demand
    assert "/static/icons/icon-512.png" in on_demand
    # Every shopper script is precached: the whole shopper app works offline.
    scripts = {"/static/" + str(p.relative_to(WEB)) for p in (WEB / "js").rglob("*.js")}
    assert scripts <= shell, scripts - shell
