"""In-app notifications: the list, marking read, and the e-mail settings per kind."""

from flask import request
from flask.views import MethodView
from flask_login import current_user, login_required

from mystery.database import Blueprint, select_page
from mystery.notifications import services
from mystery.notifications.render import render_text
from mystery.notifications.schemas import (
    MarkReadSchema,
    NotificationSchema,
    SettingSchema,
    SettingsUpdateSchema,
    UnreadSchema,
)

blp = Blueprint("notifications", __name__, url_prefix="/api/v1/me", description="Notifications")


def _reader_locale():
    from flask_babel import get_locale

    return str(get_locale() or "en")


def present(rows):
    """Word notifications in the reader's language (nothing stored is an English sentence)."""
    locale = _reader_locale()
    result = []
    for row in rows:
        title, text = render_text(row.kind, row.params, locale)
        result.append(
            {
                "id": row.id,
                "kind": row.kind,
                "title": title,
                "text": text,
                "visit_id": row.visit_id,
                "link": (row.params or {}).get("link"),
                "read": row.read_at is not None,
                "created_at": row.created_at,
            }
        )
    return result


@blp.route("/notifications")
class Notifications(MethodView):
    @login_required
    @blp.response(200, NotificationSchema(many=True))
    @blp.paginate(select_page(present))
    def get(self):
        """List your notifications, newest first; X-Unread-Count says how many are unread."""
        return services.list_notifications(current_user)


@blp.after_request
def _unread_header(response):
    """Tell the bell the unread count with every list."""
    if request.endpoint == "notifications.Notifications" and response.status_code == 200:
        response.headers["X-Unread-Count"] = str(services.unread_count(current_user))
    return response


@blp.route("/notifications/unread")
class Unread(MethodView):
    @login_required
    @blp.response(200, UnreadSchema)
    def get(self):
        """Count your unread notifications (what the bell shows)."""
        return {"unread": services.unread_count(current_user)}


@blp.route("/notifications/read")
class MarkRead(MethodView):
    @login_required
    @blp.arguments(MarkReadSchema)
    @blp.response(200, UnreadSchema)
    def post(self, data):
        """Mark some of your notifications read (all of them without ids)."""
        count = services.mark_read(current_user, data.get("ids"))
        return {"read": count, "unread": services.unread_count(current_user)}


@blp.route("/notification-settings")
class Settings(MethodView):
    @login_required
    @blp.response(200, SettingSchema(many=True))
    def get(self):
        """List every kind of notification with whether it is also mailed to you."""
        return services.settings_of(current_user)

    @login_required
    @blp.arguments(SettingsUpdateSchema)
    @blp.response(200, SettingSchema(many=True))
    def put(self, data):
        """Turn the e-mail of some kinds on or off (the password-reset mail stays on)."""
        return services.change_settings(current_user, data["kinds"])
