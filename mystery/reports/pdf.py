"""Render a report context (a plain dict) to PDF: Jinja for the HTML, WeasyPrint for the PDF.

WeasyPrint is imported inside the rendering functions, never at module import: a process
that forks after importing it (gunicorn --preload, Celery prefork, multiprocessing) can hang
in its native libraries (WeasyPrint issue 684). Each long-lived process imports it once, on
its first report or in warm_up(), and keeps it.
"""

import atexit
import gc
import threading
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from mystery.reports import charts
from mystery.reports.fetcher import FetchPolicy, make_fetcher
from mystery.reports.i18n import Formatter, translations
from mystery.resources import resource

TEMPLATE_ROOT = resource("templates") / "reports"
BASE_URL = TEMPLATE_ROOT.as_uri() + "/"
TEMPLATES = {"visit": "visit.html", "store": "store.html", "wave": "wave.html"}
# Tagged and archivable: structure, reading order, alternative texts (DESIGN §8 v2).
PDF_VARIANT = "pdf/ua-1"


def css_string(text: str) -> str:
    """Quote text as a CSS string."""
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    escaped = escaped.replace("<", "\\3C ").replace(">", "\\3E ")
    return f'"{escaped}"'


def page_content(label: str) -> Markup:
    """Turn "Side {page} af {pages}" into CSS content with the page counters."""
    parts = []
    rest = label
    while rest:
        head, brace, tail = rest.partition("{")
        if head:
            parts.append(css_string(head))
        if not brace:
            break
        name, _close, rest = tail.partition("}")
        if name in ("page", "pages"):
            parts.append(f"counter({name})")
        else:
            parts.append(css_string("{" + name + "}"))
    return Markup(" ".join(parts) or '""')


@cache
def environment(lang: str) -> Environment:
    """Return the Jinja environment of a language (one per process and language)."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_ROOT)),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n", "jinja2.ext.do"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)
    env.globals.update(charts=charts, page_content=page_content)
    return env


def render_html(context: dict, template: str | None = None) -> str:
    """Render a report context to HTML with its language's labels and formats."""
    fmt = Formatter(context["lang"], context.get("zone") or "UTC")
    name = template or TEMPLATES[context["kind"]]
    return environment(context["lang"]).get_template(name).render(**context, fmt=fmt)


# WeasyPrint is not thread-safe, and the stylesheet and fonts below are shared.
_lock = threading.Lock()


@cache
def _storage(settings: tuple):
    from mystery.media.storage import build_storage

    return build_storage(dict(settings))


@cache
def print_stylesheet():
    """Parse report.css and load its bundled fonts once per process; return (css, fonts).

    Parsing the stylesheet and registering the fonts cost more than a whole minimal page,
    so a long-lived process does it once and every report reuses them.
    """
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    # Let the fonts go while the interpreter is still whole (their finaliser needs it).
    atexit.register(print_stylesheet.cache_clear)
    css = CSS(
        string=(TEMPLATE_ROOT / "report.css").read_text(encoding="utf-8"),
        base_url=BASE_URL,
        url_fetcher=make_fetcher(FetchPolicy(TEMPLATE_ROOT)),
        font_config=fonts,
    )
    return css, fonts


def html_to_pdf(html: str, media_keys=(), storage: dict | None = None):
    """Lay out HTML with the print CSS, behind the restricted fetcher; return (pdf, policy)."""
    from weasyprint import HTML

    backend = _storage(tuple(sorted(storage.items()))) if storage and media_keys else None
    policy = FetchPolicy(TEMPLATE_ROOT, backend, media_keys)
    with _lock:
        css, fonts = print_stylesheet()
        # No garbage collection while laying out: a report allocates hundreds of thousands
        # of objects that live until it is written, and the collector would walk them again
        # and again (5-10 % of a store report); the next collection after it frees them.
        collecting = gc.isenabled()
        gc.disable()
        try:
            document = HTML(string=html, base_url=BASE_URL, url_fetcher=make_fetcher(policy))
            pdf = document.write_pdf(
                stylesheets=[css], font_config=fonts, pdf_variant=PDF_VARIANT, pdf_tags=True
            )
        finally:
            if collecting:
                gc.enable()
        return pdf, policy


def render_html_pdf(work: tuple) -> bytes:
    """Render (html, media_keys, storage) to PDF bytes: a request's report, in a worker."""
    html, media_keys, storage = work
    return html_to_pdf(html, media_keys, storage)[0]


def render_pdf(context: dict) -> bytes:
    """Render a report context to PDF bytes (the unit of work of every worker process)."""
    html = render_html(context)
    pdf, _policy = html_to_pdf(html, context.get("media_keys", ()), context.get("storage"))
    return pdf


def warm_up() -> None:
    """Make a worker process ready: WeasyPrint imported, fonts, stylesheet and templates loaded.

    Then freeze what is loaded so far out of the garbage collector's sight: it lives as long
    as the process, and every collection during a report would otherwise walk it again
    (about a tenth of a store report's time).
    """
    html_to_pdf('<html lang="en"><title>Mystery</title><p>Mystery</p></html>')
    for lang in ("en", "da", "sv"):
        environment(lang).get_template("base.html")
        for name in TEMPLATES.values():
            environment(lang).get_template(name)
    gc.collect()
    gc.freeze()
