"""Pick one language out of a translatable text."""

from .limits import MAX_TITLE

LOCALES = ("en", "da", "sv")


def localize(text, locale: str | None, fallback: str = "en") -> str:
    """Return text in locale, else in fallback, else in any language, else ""."""
    if isinstance(text, str):
        return text
    if not isinstance(text, dict) or not text:
        return ""
    for wanted in (locale, fallback):
        if isinstance(text.get(wanted), str):
            return text[wanted]
    first = next(iter(text.values()))
    return first if isinstance(first, str) else ""


def check_translatable(value, *, required: bool = True) -> list[str]:
    """Return messages when value is neither a non-blank string nor a translation dict."""
    if value is None:
        return ["This field is required."] if required else []
    too_long = [f"Must be at most {MAX_TITLE} characters."]
    if isinstance(value, str):
        if not value.strip():
            return ["Must not be blank."]
        return too_long if len(value) > MAX_TITLE else []
    if not isinstance(value, dict) or not value:
        return ['Must be a string or an object of translations such as {"en": "…"}.']
    unknown = sorted(str(lang) for lang in value if lang not in LOCALES)
    if unknown:
        return [f"Unknown language {', '.join(repr(u) for u in unknown)}; use en, da or sv."]
    if not all(isinstance(v, str) and v.strip() for v in value.values()):
        return ["Every translation must be a non-blank string."]
    return too_long if any(len(v) > MAX_TITLE for v in value.values()) else []
