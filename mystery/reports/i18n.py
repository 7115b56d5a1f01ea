"""Report labels, numbers and dates in the report's language.

Plain Babel, no Flask: the same catalog (mystery/translations, compiled .mo) serves the
web process, the in-process pool's workers and Celery workers alike. How to update the
catalogs after changing a label: mystery/reports/babel.cfg.
"""

from datetime import date, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from mystery.auth.models import LOCALES
from mystery.scoring.rounding import round_half_away

LANGUAGES = LOCALES  # the languages users, clients and reports share
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"
DASH = "–"
# English reports write dates day-month and times on the 24-hour clock (DESIGN §8 v2).
BABEL_LOCALES = {"en": "en_GB"}


@cache
def translations(lang: str) -> NullTranslations:
    """Load the compiled catalog of a language (English is the source language)."""
    if lang == "en":
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS_DIR), [lang], domain="messages")


def gettext(lang: str, message: str, **params) -> str:
    """Translate a message and fill in %(name)s placeholders."""
    text = translations(lang).gettext(message)
    return text % params if params else text


def ngettext(lang: str, singular: str, plural: str, n: int, **params) -> str:
    """Translate a message with a count, the count available as %(num)d."""
    text = translations(lang).ngettext(singular, plural, n)
    return text % {"num": n, **params}


@cache
def _percent_pattern(lang: str) -> str:
    """Return the language's percent pattern with one decimal ("#,##0.0 %" in Danish)."""
    pattern = Locale.parse(lang).percent_formats[None].pattern
    return pattern.replace("#,##0", "#,##0.0", 1).replace("0.0.0", "0.0")


def _moment(value) -> datetime | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


class Formatter:
    """Format numbers, percentages, dates and durations for one language and time zone."""

    def __init__(self, lang: str, zone: str = "UTC"):
        self.lang = lang
        self.locale = BABEL_LOCALES.get(lang, lang)
        self.zone = ZoneInfo(zone)
        self._numbers: dict = {}

    def num(self, value, places: int = 1) -> str:
        """Write a number with a fixed number of decimals: 87,5 in Danish, 87.5 in English."""
        if value is None:
            return DASH
        key = (value, places)
        if key not in self._numbers:  # a report writes the same few points hundreds of times
            pattern = "#,##0" + ("." + "0" * places if places else "")
            rounded = round_half_away(value, places)
            self._numbers[key] = format_decimal(rounded, format=pattern, locale=self.lang)
        return self._numbers[key]

    def signed(self, value, places: int = 1) -> str:
        """Write a difference with its sign: +3,2 / −1,0."""
        if value is None:
            return DASH
        digits = "#,##0" + ("." + "0" * places if places else "")
        value = round_half_away(value, places)
        text = format_decimal(value, format=f"+{digits};-{digits}", locale=self.lang)
        return text.replace("-", "−")

    def pct(self, value, places: int = 1) -> str:
        """Write a percentage given as 0-100: 87,5 % in Danish, 87.5% in English."""
        if value is None:
            return DASH
        pattern = _percent_pattern(self.lang)
        if places != 1:
            pattern = pattern.replace("0.0", "0" + ("." + "0" * places if places else ""))
        share = round_half_away(value, places) / 100
        return format_decimal(share, format=pattern, locale=self.lang)

    def date(self, value) -> str:
        """Write a date (or the date of a moment, in the report's zone) in full."""
        if value is None or value == "":
            return DASH
        if isinstance(value, str):
            value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        if isinstance(value, datetime):
            value = value.astimezone(self.zone).date()
        return format_date(value, format="long", locale=self.locale)

    def short_date(self, value) -> str:
        """Write a date (or a moment's date in the report's zone) briefly: 22. nov. 2026."""
        if value is None or value == "":
            return DASH
        moment = _moment(value) if isinstance(value, str) and "T" in value else value
        if isinstance(moment, datetime):
            moment = moment.astimezone(self.zone).date()
        elif isinstance(moment, str):
            moment = date.fromisoformat(moment)
        return format_date(moment, format="medium", locale=self.locale)

    def time(self, value) -> str:
        """Write the time of day of a moment in the report's zone."""
        moment = _moment(value)
        if moment is None:
            return DASH
        return format_time(moment.astimezone(self.zone), format="short", locale=self.locale)

    def datetime(self, value) -> str:
        """Write a moment as date and time in the report's zone."""
        moment = _moment(value)
        if moment is None:
            return DASH
        return f"{self.date(moment)}, {self.time(moment)}"

    def day_time(self, value) -> str:
        """Write a moment briefly as date and time: 14 Jun 2024, 10:30."""
        moment = _moment(value)
        if moment is None:
            return DASH
        return f"{self.short_date(moment)}, {self.time(moment)}"

    def range(self, start, end) -> str:
        """Write a span of two dates: 1 Oct 2026 – 31 Oct 2026."""
        return f"{self.short_date(start)} – {self.short_date(end)}"

    def seconds(self, value) -> str:
        """Write a wait in seconds as 1:30 min (or 45 s)."""
        if value is None:
            return DASH
        value = round(value)
        if value < 60:
            return f"{value} s"
        return f"{value // 60}:{value % 60:02d} min"
