"""Pure pieces of the reports: localized formats, page counters in CSS, charts."""

import pytest

from mystery.reports import charts
from mystery.reports.i18n import Formatter, gettext
from mystery.reports.pdf import page_content, render_html


@pytest.mark.parametrize(
    ("lang", "pct", "num", "signed", "when"),
    [
        # DESIGN §8 v2: 24-hour times and day-month dates in English too (en_GB).
        ("en", "87.5%", "1,234.6", "−3.3", "14 June 2024, 10:30"),
        ("da", "87,5 %", "1.234,6", "−3,3", "14. juni 2024, 10.30"),
        ("sv", "87,5 %", "1 234,6", "−3,3", "14 juni 2024, 10:30"),
    ],
)
def test_formats_follow_the_language(lang, pct, num, signed, when):
    fmt = Formatter(lang, "Europe/Copenhagen")
    clean = str.maketrans({"\xa0": " ", "\u202f": " "})
    assert fmt.pct(87.5).translate(clean) == pct
    assert fmt.num(1234.56).translate(clean) == num
    assert fmt.signed(-3.25) == signed  # half away from zero, like every score
    assert fmt.signed(2).startswith("+")
    assert fmt.datetime("2024-06-14T08:30:00+00:00").translate(clean) == when
    assert fmt.pct(None) == fmt.num(None) == "–"
    assert fmt.seconds(90) == "1:30 min" and fmt.seconds(45) == "45 s"


def test_page_counter_labels():
    assert page_content(gettext("da", "Page {page} of {pages}")) == (
        '"Side " counter(page) " af " counter(pages)'
    )
    assert page_content(gettext("sv", "Page {page} of {pages}")) == (
        '"Sida " counter(page) " av " counter(pages)'
    )
    assert page_content('Say "{page}"</style>') == '"Say \\"" counter(page) "\\"\\3C /style\\3E "'


def test_charts_escape_their_labels():
    fmt = Formatter("en")
    svg = charts.hbar_chart(
        [{"label": "<script>x</script>", "value": 50, "compare": 70}], fmt, colour="#123456"
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert charts.histogram([5, 15, 15, 99, None], fmt, colour=None).count("<rect") == 10


def test_templates_autoescape_client_text():
    context = {
        "kind": "wave",
        "lang": "en",
        "zone": "UTC",
        "report": {"id": "r", "generated_at": "2024-06-14T08:30:00+00:00"},
        "client": {"id": 1, "name": "<b>Evil</b>", "colour": "#123456", "logo": None},
        "title": "Chain report",
        "subtitle": '<img src="file:///etc/passwd">',
        "storage": {},
        "media_keys": [],
        "wave": {"id": 1, "name": "W", "starts_on": "2024-06-01", "ends_on": "2024-06-30"},
        "checklist": {"name": "C", "version": 1},
        "summary": {
            "approved": 0,
            "overall": {"mean": None, "ci_low": None, "ci_high": None},
            "stores": [],
        },
    }
    html = render_html(context)
    assert "&lt;b&gt;Evil&lt;/b&gt;" in html and '<img src="file' not in html
    assert "This wave has no approved visits yet." in html
