"""What a report may load: its own media and templates/reports/ files; nothing else, ever."""

import base64
import socket

import pytest

from mystery.media.storage import LocalStorage
from mystery.reports.fetcher import FetchPolicy, RefusedURL
from mystery.reports.pdf import BASE_URL, TEMPLATE_ROOT, html_to_pdf
from tests.reports.pdf_fixtures import jpeg, pdfimages, pdftotext

PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d8b4b7"
        "0000000049454e44ae426082"
    )
).decode()
HOSTILE = [
    "file:///etc/passwd",
    "file://localhost/etc/passwd",
    "file://evil.example/share/x.css",
    "http://169.254.169.254/latest/meta-data/",
    "https://example.com/logo.png",
    "ftp://example.com/x",
    BASE_URL + "../../etc/passwd",
    BASE_URL + "report.html",
    BASE_URL + "base.html",
    "media:ab/cd/not-in-this-report/display.jpg",
    "media:../../etc/passwd",
    "data:text/html;base64,PGgxPmhpPC9oMT4=",
    "javascript:alert(1)",
]


@pytest.fixture
def no_network(monkeypatch):
    """Fail if anything opens a network connection."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def storage(tmp_path):
    store = LocalStorage(tmp_path / "media")
    store.save("aa/bb/photo/display.jpg", jpeg(3))
    return store


@pytest.mark.parametrize("url", HOSTILE)
def test_policy_refuses(url, storage, no_network):
    policy = FetchPolicy(TEMPLATE_ROOT, storage, ["aa/bb/photo/display.jpg"])
    with pytest.raises(RefusedURL):
        policy.resolve(url)
    assert policy.refused


def test_policy_serves_report_files_media_and_image_data(storage):
    policy = FetchPolicy(TEMPLATE_ROOT, storage, ["aa/bb/photo/display.jpg"])
    css, mime, _url = policy.resolve(BASE_URL + "report.css")
    assert mime == "text/css" and b"@font-face" in css
    font, mime, _url = policy.resolve(BASE_URL + "fonts/DejaVuSansCondensed.ttf")
    assert mime == "font/ttf" and len(font) > 100_000
    photo, mime, _url = policy.resolve("media:aa/bb/photo/display.jpg")
    assert mime == "image/jpeg" and photo.startswith(b"\xff\xd8")
    logo, mime, _url = policy.resolve(f"data:image/png;base64,{PNG}")
    assert mime == "image/png" and logo.startswith(b"\x89PNG")
    assert policy.refused == []


def test_policy_refuses_symlinks_out_of_the_template_folder(tmp_path):
    root = tmp_path / "reports"
    root.mkdir()
    (root / "leak.css").symlink_to("/etc/passwd")
    with pytest.raises(RefusedURL):
        FetchPolicy(root).resolve((root / "leak.css").as_uri())


def test_a_template_with_hostile_urls_renders_without_them(storage, no_network, tmp_path):
    refs = "".join(f'<img src="{url}">' for url in HOSTILE)
    html = f"""<!doctype html><html><head>
      <link rel="stylesheet" href="report.css">
      <link rel="stylesheet" href="http://169.254.169.254/latest/meta-data/style.css">
      <link rel="stylesheet" href="file:///etc/passwd">
      <style>
        @import url("file:///etc/passwd");
        @import url("https://example.com/x.css");
        @font-face {{ font-family: Leak; src: url(file:///etc/passwd); }}
        @font-face {{ font-family: Far; src: url(http://169.254.169.254/font.ttf); }}
        body {{ background: url(http://169.254.169.254/bg.png); }}
        p::after {{ content: url(file:///etc/shadow); }}
      </style></head>
      <body><p style="font-family: Leak, Far">Only the photo</p>{refs}
      <object data="file:///etc/passwd"></object><embed src="http://169.254.169.254/x">
      <svg width="10" height="10"><image href="file:///etc/passwd" width="10" height="10"/></svg>
      <img src="media:aa/bb/photo/display.jpg">
      <img src="../../../../../../../etc/passwd">
      </body></html>"""
    pdf, policy = html_to_pdf(
        html,
        media_keys=["aa/bb/photo/display.jpg"],
        storage={"MEDIA_ROOT": str(storage.root), "S3_BUCKET": "", "S3_ENDPOINT_URL": ""},
    )
    assert pdf.startswith(b"%PDF")
    text = pdftotext(pdf)
    assert "Only the photo" in text
    assert "root:" not in text
    refused = " ".join(policy.refused)
    for needle in ("file:///etc/passwd", "169.254.169.254", "example.com", "etc/shadow"):
        assert needle in refused
    assert len(pdfimages(pdf, tmp_path)) == 1  # the report's own photo, nothing else
