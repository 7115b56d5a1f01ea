"""Input every request shares, checked before any view sees it (DESIGN: never a 500).

- ids in the URL stop at the database's integer range (the `int` converter), so a larger
  one is a plain 404 rather than an error from the database;
- a JSON body is at most MAX_JSON_BYTES, nests at most MAX_JSON_DEPTH, holds no integer
  beyond 64 bits and no number beyond a float's range;
- no string, in the body, the query or the path, holds a NUL (PostgreSQL cannot store one)
  or a lone surrogate (no database can encode one); the 422 names the field.
"""

import json
import math

from flask import current_app, request
from flask_babel import gettext as _
from flask_smorest import abort
from werkzeug.routing import IntegerConverter

from mystery.fields import MAX_ID

DEFAULT_MAX_JSON_BYTES = 4 * 1024 * 1024
DEFAULT_MAX_JSON_DEPTH = 32
INT64 = 2**63


class IdConverter(IntegerConverter):
    """`<int:…>` in the URL map: a whole number from 0 up to the largest id a row can have."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def bad_text(value):
    """Tell whether a string holds a NUL or a lone surrogate."""
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _text_problem():
    return _("Text must not contain NUL characters or unpaired surrogates.")


def _refuse(location, path, message):
    abort(
        422,
        message=_("Invalid or missing: %(fields)s.", fields=path or location),
        errors={location: {path or "_schema": [message]}},
    )


def _problem(value):
    """Return what is wrong with one scalar of a JSON body, or None."""
    if isinstance(value, str):
        return _text_problem() if bad_text(value) else None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        if not -INT64 <= value < INT64:
            return _("Whole numbers must fit in 64 bits.")
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return _("Numbers must be finite and within range.")
    return None


def check_json(body, max_depth):
    """Walk a parsed body without recursion; refuse the first bad value, naming its path."""
    stack = [(body, "", 1)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > max_depth:
                abort(400, message=_("The JSON body nests too deeply."))
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str) and bad_text(key):
                    _refuse("json", path or "_schema", _text_problem())
                child = f"{path}.{key}" if path else str(key)
                stack.append((item, child, depth + 1))
            continue
        message = _problem(value)
        if message:
            _refuse("json", path, message)


def _parse(raw):
    """Parse a JSON body, refusing nesting the parser itself cannot take."""
    try:
        return json.loads(raw, parse_constant=_no_constant)
    except RecursionError:
        abort(400, message=_("The JSON body nests too deeply."))
    except ValueError:  # malformed, or an integer of thousands of digits
        abort(400, message=_("The request body is not valid JSON."))


def _no_constant(name):
    raise ValueError(f"{name} is not JSON")


def check_request():
    """Refuse malformed input of an API request before its view runs."""
    if not request.path.startswith("/api/"):
        return
    for name, values in request.args.lists():
        if bad_text(name) or any(bad_text(value) for value in values):
            _refuse("query", name if not bad_text(name) else "_schema", _text_problem())
    for name, value in (request.view_args or {}).items():
        if isinstance(value, str) and bad_text(value):
            _refuse("path", name, _text_problem())
    if not request.is_json or request.method in ("GET", "HEAD", "OPTIONS"):
        return
    limit = current_app.config.get("MAX_JSON_BYTES", DEFAULT_MAX_JSON_BYTES)
    if request.content_length is not None and request.content_length > limit:
        abort(413, message=_("The JSON body is larger than %(limit)s bytes.", limit=limit))
    raw = request.get_data(cache=True)
    if len(raw) > limit:
        abort(413, message=_("The JSON body is larger than %(limit)s bytes.", limit=limit))
    if not raw.strip():
        return
    depth = current_app.config.get("MAX_JSON_DEPTH", DEFAULT_MAX_JSON_DEPTH)
    check_json(_parse(raw), depth)
