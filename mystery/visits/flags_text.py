"""Flag details as sentences in the reader's language, from their stored code and params."""

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l


def _distance(metres):
    """Say a distance as a person would, with the reader's decimal mark."""
    if metres < 1000:
        return f"{format_decimal(round(metres), format='#,##0')} m"
    return f"{format_decimal(metres / 1000, format='#,##0.0')} km"


def _number(value):
    return format_decimal(value, format="#,##0.0")


def _duration(minutes):
    """Say a length of time in minutes, hours or days."""
    if minutes < 120:
        return _("%(n)s min", n=format_decimal(round(minutes), format="#,##0"))
    if minutes < 48 * 60:
        return _("%(n)s h", n=_number(minutes / 60))
    return _("%(n)s days", n=_number(minutes / 1440))


SENTENCES = {
    "no_checkin": lambda p: _("No check-in location was recorded."),
    "far_from_store": lambda p: _(
        "Check-in %(distance)s from the store", distance=_distance(p["metres"])
    ),
    "low_gps_accuracy": lambda p: _(
        "GPS accuracy was %(distance)s", distance=_distance(p["metres"])
    ),
    "too_short": lambda p: _(
        "Visit took %(minutes)s min (under %(limit)s min)",
        minutes=_number(max(p["minutes"], 0)),
        limit=format_decimal(p["limit"], format="#,##0.#"),
    ),
    "duplicate_photo": lambda p: _(
        "Photo for '%(question)s' matches a photo from visit %(visit)s",
        question=p["question"],
        visit=p["visit_id"],
    ),
    "clock_skew": lambda p: (
        _(
            "The phone's clock was %(duration)s ahead of the server's",
            duration=_duration(p["minutes"]),
        )
        if p["minutes"] > 0
        else _(
            "The phone's clock was %(duration)s behind the server's",
            duration=_duration(-p["minutes"]),
        )
    ),
}
WHEN = {"before": _l("before the visit"), "after": _l("after the visit")}


def _outside_window(p):
    if p.get("daily"):
        return _(
            "Visit started %(started)s, outside the daily window %(start)s–%(end)s",
            **{k: p[k] for k in ("started", "start", "end")},
        )
    return _(
        "Visit started %(started)s, outside its window %(start)s–%(end)s",
        **{k: p[k] for k in ("started", "start", "end")},
    )


def _photo_time(p):
    return _(
        "Photo for '%(question)s' was taken %(hours)s h %(when)s",
        question=p["question"],
        hours=_number(p["hours"]),
        when=WHEN[p["when"]],
    )


def _copied(p):
    excerpt = p["excerpt"]
    if p.get("similarity", 1) >= 1:
        if p["part"] == "comment":
            return _(
                'Comment "%(text)s…" also appears in visit %(visit)s',
                text=excerpt,
                visit=p["visit_id"],
            )
        return _(
            "Answer to '%(question)s' \"%(text)s…\" also appears in visit %(visit)s",
            question=p["question"],
            text=excerpt,
            visit=p["visit_id"],
        )
    percent = format_decimal(round(p["similarity"] * 100), format="#,##0")
    if p["part"] == "comment":
        return _(
            'Comment "%(text)s…" is %(percent)s%% like a text in visit %(visit)s',
            text=excerpt,
            percent=percent,
            visit=p["visit_id"],
        )
    return _(
        "Answer to '%(question)s' \"%(text)s…\" is %(percent)s%% like a text in visit %(visit)s",
        question=p["question"],
        text=excerpt,
        percent=percent,
        visit=p["visit_id"],
    )


SENTENCES.update(
    {
        "outside_window": _outside_window,
        "photo_time_mismatch": _photo_time,
        "copied_comment": _copied,
    }
)


def describe(flag):
    """Return the flag as the API shows it: code, params and a detail in the reader's language."""
    code, params = flag.get("code"), flag.get("params")
    sentence = SENTENCES.get(code)
    if params is None or sentence is None:
        # Stored before flags carried params: its detail is all there is.
        return {"code": code, "params": params or {}, "detail": flag.get("detail", code)}
    try:
        detail = sentence(params)
    except (KeyError, TypeError, ValueError):
        detail = flag.get("detail", code)
    return {"code": code, "params": params, "detail": str(detail)}


def describe_all(flags):
    """Describe each stored flag of a visit."""
    return [describe(flag) for flag in flags or []]
