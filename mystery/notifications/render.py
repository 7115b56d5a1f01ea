"""Words of a notification in its reader's language: subject, text, and the mail's two parts."""

from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency
from flask import current_app
from flask_babel import force_locale, gettext, ngettext
from jinja2 import Environment, FileSystemLoader, select_autoescape

from mystery.geo import client_zone
from mystery.notifications.kinds import get_kind

MAIL_TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates" / "mail"
LOCALES = ("en", "da", "sv")


@cache
def _environment():
    """The Jinja environment of mail templates (HTML escaped, text not)."""
    env = Environment(
        loader=FileSystemLoader(str(MAIL_TEMPLATES)),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    return env


def _language(locale):
    return locale if locale in LOCALES else "en"


# Danish writes the day as an ordinal ("7. december"); Swedish and English do not.
DATE_PATTERNS = {"da": "d. MMMM yyyy"}


def _formatted(params, locale):
    """Turn stored ISO dates and times into the reader's words (24-hour, day before month)."""
    zone = client_zone(params.get("zone") or locale)
    out = {}
    for name, value in params.items():
        if name in ("start", "end") and value:
            moment = datetime.fromisoformat(value)
            pattern = DATE_PATTERNS.get(locale, "d MMMM yyyy") + " HH:mm"
            out[name] = format_datetime(moment, pattern, tzinfo=zone, locale=locale)
        elif name == "fee" and value:
            amount, currency = Decimal(value), params.get("currency") or "EUR"
            out[name] = format_currency(amount, currency, locale=locale)
        elif name == "date" and value:
            pattern = DATE_PATTERNS.get(locale, "d MMMM yyyy")
            out[name] = format_date(date.fromisoformat(value), pattern, locale=locale)
        else:
            out[name] = "" if value is None else value
    return out


def _safe(template, values):
    """Fill a %-template, leaving it readable when a parameter is missing."""
    try:
        text = template % values
    except (KeyError, TypeError, ValueError):
        return template
    # A value ending in its own full stop ("350,00 kr.") ends the sentence with it.
    return text[:-1] if text.endswith("..") else text


def render_text(kind_name, params, locale):
    """Return (subject, text) of a notification in `locale`."""
    locale = _language(locale)
    kind = get_kind(kind_name)
    with force_locale(locale):
        values = _formatted(params or {}, locale)
        return _safe(str(kind.subject), values), _safe(str(kind.text), values)


def link_of(params):
    """Return the absolute link a notification points to, or None."""
    path = (params or {}).get("link")
    if not path:
        return None
    base = current_app.config.get("APP_URL") or (params or {}).get("base_url")
    if not base:  # written outside a request (cron) without APP_URL: no address to give
        return None
    return base.rstrip("/") + path


def render_mail(kind_name, params, locale, name):
    """Return (subject, text part, HTML part) of a notification's e-mail in `locale`."""
    locale = _language(locale)
    kind = get_kind(kind_name)
    subject, text = render_text(kind_name, params, locale)
    context = {
        "subject": subject,
        "text": text,
        "name": name,
        "link": link_of(params),
        "optional": kind.optional,
        "lang": locale,
    }
    with force_locale(locale):
        env = _environment()
        plain = env.get_template(f"{kind.template}.txt").render(context)
        html = env.get_template(f"{kind.template}.html").render(context)
    return subject, plain, html
