"""The client's face: the wave dashboard, store pages, approved visits, PDFs, the bulk ZIP."""

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

from playwright.sync_api import expect


def pdf_text(data, tmp_path):
    if not shutil.which("pdftotext"):
        return None
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_dashboard_store_page_pdf_and_bulk_zip(
    desk, staff_sign_in, programme, approved_wave, tmp_path
):
    page = desk
    staff_sign_in(page, approved_wave["user"].email, "Dashboard")
    expect(page.get_by_label("Wave", exact=True)).to_contain_text("Winter 2026")
    ranking = page.locator(
        "section.block", has=page.get_by_role("heading", name="Ranking of stores")
    )
    expect(ranking.locator("tbody tr")).to_have_count(2)
    expect(ranking).to_contain_text("Kaffebaren Strøget")
    expect(ranking).to_contain_text("Few visits")
    expect(page.locator("svg.chart").first).to_be_visible()
    expect(page.get_by_role("heading", name="Net Promoter Score")).to_be_visible()
    expect(page.get_by_role("heading", name="Trend over waves")).to_be_visible()
    expect(page.get_by_role("link", name="Export CSV")).to_have_attribute(
        "href", f"/api/v1/waves/{approved_wave['wave']['id']}/export.csv?lang=en"
    )

    # The bulk ZIP: a progress bar until the link appears; one PDF per store.
    page.evaluate(
        """() => {
          window.__sawProgress = false;
          const seen = () => {
            if (document.querySelector('.bulk progress')) window.__sawProgress = true;
          };
          new MutationObserver(seen).observe(document.body, {subtree: true, childList: true});
        }"""
    )
    page.get_by_role("button", name="Download all store reports").click()
    zip_link = page.get_by_role("link", name="Download ZIP")
    expect(zip_link).to_be_visible(timeout=90000)
    assert page.evaluate("window.__sawProgress")
    with page.expect_download() as info:
        zip_link.click()
    archive = zipfile.ZipFile(io.BytesIO(Path(info.value.path()).read_bytes()))
    names = archive.namelist()
    assert len([n for n in names if n.endswith(".pdf")]) == 2, names
    for name in names:
        assert archive.read(name).startswith(b"%PDF")

    # The store page and its PDF, in the user's language.
    ranking.get_by_role("link", name="Kaffebaren Strøget").click()
    expect(page.get_by_role("heading", name="Kaffebaren Strøget", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Sections vs the client average")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download PDF (store report)").click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    if text is not None:
        assert "Kaffebaren Strøget" in text
        assert "Page 1 of" in text

    # An approved visit: answers and score, never the shopper.
    visits = page.locator("section.block", has_text="Approved visits in this wave")
    visits.get_by_role("link").first.click()
    expect(page.get_by_text("Were you greeted?")).to_be_visible()
    expect(page.get_by_role("link", name="Download PDF (visit report)")).to_be_visible()
    body = page.locator("main").inner_text()
    assert programme.shopper.name not in body
    assert programme.shopper.email not in body


def test_other_clients_objects_are_not_found(
    desk, staff_sign_in, programme, approved_wave, create_client, create_store
):
    other = create_client(name="Skafferiet", locale="sv")
    secret = create_store(client_id=other.id, name="Skafferiet Hemlig")
    open_visit = programme.open_visit(store=2)
    page = desk
    staff_sign_in(page, approved_wave["user"].email, "Dashboard")
    for path in (
        f"/dashboard/stores/{secret.id}",
        f"/dashboard/visits/{open_visit}",
        "/dashboard/visits/999999",
    ):
        page.goto(path)
        expect(page.get_by_role("heading", name="Page not found", level=1)).to_be_visible()
        assert "Skafferiet" not in page.locator("main").inner_text()
    # Staff screens send a client home.
    page.goto("/waves")
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
