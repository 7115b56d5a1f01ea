"""Mystery: mystery-shopping programmes end to end."""

import os

from flask import Flask, has_request_context, request
from flask_login import current_user

from mystery.config import Config
from mystery.errors import MysteryApi, register_unexpected_error_handler
from mystery.extensions import babel, db, limiter, login_manager, migrate
from mystery.resources import CHECKOUT, in_checkout, persistent_secret, resource

BLUEPRINTS = (
    "mystery.health",
    "mystery.auth.routes",
    "mystery.users.routes",
    "mystery.clients.routes",
    "mystery.stores.routes",
    "mystery.checklists.routes",
    "mystery.media.routes",
    "mystery.waves.routes",
    "mystery.visits.routes",
    "mystery.visits.routes_running",
    "mystery.privacy.routes",
    "mystery.submissions.routes",
    "mystery.analytics.routes",
    "mystery.exports.routes",
    "mystery.reports.routes",
    "mystery.jobs.routes",
    "mystery.actions.routes",
    "mystery.appeals.routes",
    "mystery.visits.schedule",
    "mystery.auth.reset",
    "mystery.notifications.routes",
    "mystery.webhooks.routes",
    "mystery.profile.routes",
    "mystery.pay.routes",
    "mystery.certifications.routes",
)


def _asked_language(languages):
    """Return the first language of Accept-Language (by quality) that we speak, else None."""
    for value, _quality in request.accept_languages:
        primary = value.split("-")[0].split("_")[0].lower()
        if primary in languages:  # "*" names no language, so it falls through
            return primary
    return None


def _select_locale():
    """Pick the language (DESIGN §16): ?lang=, Accept-Language, the user's, the client's."""
    from flask import current_app

    if not has_request_context():  # CLI commands and workers speak the default, English
        return None
    languages = current_app.config["LANGUAGES"]
    asked = request.args.get("lang")
    if asked in languages:  # kept for report links that name their language
        return asked
    asked = _asked_language(languages)
    if asked:
        return asked
    if current_user and current_user.is_authenticated:
        if current_user.locale in languages:
            return current_user.locale
        if current_user.client_id is not None:
            from mystery.clients.models import Client
            from mystery.extensions import db

            locale = db.session.get(Client, current_user.client_id).locale
            if locale in languages:
                return locale
    return "en"


def _configure(app, config):
    """Load settings and resolve the defaults that depend on the instance folder."""
    app.config.from_object(Config)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = persistent_secret(app.instance_path)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(
            app.instance_path, "mystery.db"
        )
    if not app.config.get("MEDIA_ROOT"):
        app.config["MEDIA_ROOT"] = os.path.join(app.instance_path, "media")
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        redis_url = app.config.get("REDIS_URL")
        app.config["RATELIMIT_STORAGE_URI"] = redis_url or "memory://"
    if app.debug:
        app.config["SESSION_COOKIE_SECURE"] = False
    app.config.setdefault("MAX_CONTENT_LENGTH", app.config["MAX_UPLOAD_BYTES"] + 1024 * 1024)


def _default_instance():
    """A checkout keeps its instance/ folder; an installed app uses Flask's (<prefix>/var)."""
    return str(CHECKOUT / "instance") if in_checkout() else None


def create_app(config=None):
    """Create the Flask app: settings, extensions, blueprints, error handlers, CLI."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("MYSTERY_INSTANCE_PATH") or _default_instance(),
        static_folder=None,
    )
    _configure(app, config)
    from mystery.guard import IdConverter, check_request

    # Before any blueprint: rules look their converter up when they are added.
    app.url_map.converters["int"] = IdConverter

    db.init_app(app)
    migrate.init_app(app, db, directory=str(resource("migrations")))
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    limiter.init_app(app)
    # One Api per app: its spec and error handler belong to that app alone.
    api = MysteryApi(app)
    from mystery.fields import Money

    api.register_field(Money, "string", "decimal")  # money is a 2-place string (DESIGN §13)

    from importlib import import_module

    from mystery import models  # noqa: F401  (every table known to Alembic)
    from mystery.analytics import listeners  # noqa: F401  (analytics follows the lifecycle)
    from mystery.auth.services import check_csrf
    from mystery.webhooks import listening  # noqa: F401  (notifications and webhooks listen)

    for name in BLUEPRINTS:
        api.register_blueprint(import_module(name).blp)
    app.register_blueprint(import_module("mystery.webapp").bp)
    app.before_request(check_request)
    app.before_request(check_csrf)
    from mystery.database import commit_request

    app.after_request(commit_request)
    from mystery.headers import security_headers

    app.after_request(security_headers)
    register_unexpected_error_handler(app, api)

    from mystery.cli import register_commands

    register_commands(app)
    return app
