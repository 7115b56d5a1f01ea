"""`flask render-report`: visit, store and chain reports to a file, for scripts."""

import pytest

from tests.reports import pdf_fixtures
from tests.reports.pdf_fixtures import pdftotext

approved_wave = pdf_fixtures.approved_wave
programme = pdf_fixtures.programme


def render(app, *args):
    return app.test_cli_runner().invoke(args=["render-report", *args])


def test_render_each_kind(app, approved_wave, tmp_path):
    wave_id, store = str(approved_wave.wave["id"]), approved_wave.stores[0]
    cases = [
        (["--visit", str(approved_wave.good)], "Besøgsrapport"),
        (["--store", str(store.id), "--wave", wave_id, "--lang", "sv"], "Butiksrapport"),
        (["--wave", wave_id, "--lang", "en"], "Chain report"),
    ]
    for index, (args, title) in enumerate(cases):
        out = tmp_path / f"report-{index}.pdf"
        result = render(app, *args, "-o", str(out))
        assert result.exit_code == 0, result.output
        assert f"Wrote {out}" in result.output
        assert title in pdftotext(out.read_bytes())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Give --visit ID"),
        (["--store", "1"], "Give --visit ID"),
        (["--visit", "987654"], "Visit 987654 not found"),
        (["--wave", "987654"], "Wave 987654 not found"),
        (["--visit", "1", "--wave", "1"], "--visit goes alone"),
        (["--wave", "1", "--lang", "de"], "'de' is not one of"),
    ],
)
def test_bad_options(app, tmp_path, args, message):
    result = render(app, *args, "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code != 0
    assert message in result.output
    assert not (tmp_path / "x.pdf").exists()
