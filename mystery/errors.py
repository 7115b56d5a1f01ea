"""One JSON error shape for the whole API: {code, status, message, errors}."""

import logging
from http import HTTPStatus

import click
from flask import jsonify
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter.errors import RateLimitExceeded
from flask_smorest import Api
from werkzeug.exceptions import HTTPException, InternalServerError

from mystery.validation_text import translate_errors

log = logging.getLogger(__name__)

# Sentences a person can read, for errors raised without a description of their own.
DEFAULT_MESSAGES = {
    400: _l("The request could not be understood: check that the body is valid JSON."),
    401: _l("You need to sign in first."),
    403: _l("You may not do this."),
    404: _l("Not found."),
    405: _l("This method is not allowed here."),
    409: _l("This conflicts with the current state."),
    413: _l("The upload is too large."),
    415: _l("This type of content is not supported."),
    422: _l("Some fields are not valid."),
    429: _l("Too many attempts. Please wait and try again."),
    500: _l("Something went wrong on our side."),
}


class DomainError(Exception):
    """A service's refusal, raised instead of answering HTTP; the API maps it by `code`."""

    code = 400

    def __init__(self, message=None, errors=None, headers=None):
        super().__init__(message)
        self.message = message
        self.errors = errors
        self.headers = headers

    @property
    def data(self):
        """Return what flask-smorest's abort() would carry, for the one error handler."""
        data = {"message": self.message, "errors": self.errors}
        if self.headers:
            data["headers"] = self.headers
        return data


class NotFound(DomainError):
    """The object does not exist, or the caller may not see it (404)."""

    code = 404


class Conflict(DomainError):
    """The object's state does not allow this now (409)."""

    code = 409


class Invalid(DomainError):
    """The input is not valid; `errors` names the fields (422)."""

    code = 422


class Forbidden(DomainError):
    """The caller may see this but not do it (403)."""

    code = 403


class TooLarge(DomainError):
    """An upload is over its limit (413)."""

    code = 413


class Unsupported(DomainError):
    """An upload is of a type that is not accepted (415)."""

    code = 415


# What the command line exits with for each domain error (2 is click's own usage error;
# bad input exits 1 as click's own refusals do).
EXIT_CODES = {NotFound: 3, Conflict: 4, Forbidden: 5}


def exit_code(error) -> int:
    """Return the CLI exit status of a domain error."""
    for kind, code in EXIT_CODES.items():
        if isinstance(error, kind):
            return code
    return 1


def click_error(error):
    """Turn a domain error into a click exception that prints it and exits with its code."""
    exception = click.ClickException(f"{error.errors or error.message}")
    exception.exit_code = exit_code(error)
    return exception


def error_body(code, message=None, errors=None):
    """Build the error payload every API error uses."""
    body = {
        "code": code,
        "status": HTTPStatus(code).phrase,
        "message": str(message or DEFAULT_MESSAGES.get(code) or HTTPStatus(code).description),
    }
    if errors:
        body["errors"] = errors
    return body


def _message_of(error):
    """Return the error's own description unless it is Werkzeug's stock one."""
    description = getattr(error, "description", None)
    stock = type(error).description if isinstance(error, HTTPException) else None
    if isinstance(description, str) and description and description != stock:
        return description
    return None


def _validation_message(errors):
    """Summarise webargs/marshmallow errors as one sentence naming the fields."""
    fields = []
    for location in errors.values():
        if isinstance(location, dict):
            fields.extend(str(key) for key in location)
    if not fields:
        return None
    return _("Invalid or missing: %(fields)s.", fields=", ".join(fields))


class MysteryApi(Api):
    """flask-smorest Api whose error handler always includes a readable message."""

    def handle_http_exception(self, error):
        """Render an HTTPException (or a service's DomainError) in the project's error shape."""
        from mystery.extensions import db

        db.session.rollback()
        code = error.code or 500
        data = getattr(error, "data", {}) or {}
        errors = data.get("errors") or data.get("messages")
        if errors:  # marshmallow's field messages are English constants
            errors = translate_errors(errors)
        message = data.get("message") or _message_of(error)
        if isinstance(error, RateLimitExceeded):
            # Flask-Limiter's description is the bare limit ("5 per 5 minute"), not a sentence.
            message = _("Too many failed sign-ins. Please wait a few minutes and try again.")
        if errors and not message and code in (400, 422):
            message = _validation_message(errors)
            if code == 400:
                message = _("The request body is not valid JSON.")
        response = jsonify(error_body(code, message, errors))
        response.status_code = code
        for name, value in (data.get("headers") or {}).items():
            response.headers[name] = value
        if hasattr(error, "get_headers"):
            for name, value in error.get_headers():
                if name.lower() != "content-type":
                    response.headers.setdefault(name, value)
        return response


def register_unexpected_error_handler(app, api):
    """Turn anything unexpected into a logged 500 in the same shape, rolling back."""

    @app.errorhandler(Exception)
    def handle_unexpected(error):
        if isinstance(error, (HTTPException, DomainError)):
            return api.handle_http_exception(error)
        log.exception("Unhandled error")
        return api.handle_http_exception(InternalServerError())
