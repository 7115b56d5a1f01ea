"""Webhooks: register, list, delete, and see their deliveries (admins and coordinators)."""

from flask.views import MethodView
from flask_login import current_user

from mystery.access import STAFF
from mystery.auth.services import roles_required
from mystery.database import Blueprint, SelectPage
from mystery.webhooks import services
from mystery.webhooks.schemas import DeliverySchema, WebhookCreateSchema, WebhookSchema

blp = Blueprint("webhooks", __name__, url_prefix="/api/v1/webhooks", description="Webhooks")


@blp.route("")
class Webhooks(MethodView):
    @roles_required(*STAFF)
    @blp.response(200, WebhookSchema(many=True))
    @blp.paginate(SelectPage)
    def get(self):
        """List the webhooks."""
        return services.list_webhooks()

    @roles_required(*STAFF)
    @blp.arguments(WebhookCreateSchema)
    @blp.response(201, WebhookSchema)
    def post(self, data):
        """Register a webhook; its URL must point outside (not loopback, private, link-local)."""
        webhook = services.create_webhook(current_user, data)
        return webhook, 201, {"Location": f"/api/v1/webhooks/{webhook.id}"}


@blp.route("/<int:webhook_id>")
class WebhookById(MethodView):
    @roles_required(*STAFF)
    @blp.response(200, WebhookSchema)
    def get(self, webhook_id):
        """Show a webhook."""
        return services.get_webhook_or_404(webhook_id)

    @roles_required(*STAFF)
    @blp.response(204)
    def delete(self, webhook_id):
        """Remove a webhook and its deliveries."""
        services.delete_webhook(services.get_webhook_or_404(webhook_id))


@blp.route("/<int:webhook_id>/deliveries")
class Deliveries(MethodView):
    @roles_required(*STAFF)
    @blp.response(200, DeliverySchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, webhook_id):
        """List a webhook's deliveries, newest first, with their state and last answer."""
        return services.list_deliveries(services.get_webhook_or_404(webhook_id))
