"""Clients: coordinators manage them, client users read their own."""

import sqlalchemy as sa
from flask.views import MethodView
from flask_login import current_user

from mystery.access import visible_clients
from mystery.auth.services import READERS, STAFF, roles_required
from mystery.clients.models import Client
from mystery.clients.schemas import ClientCreateSchema, ClientSchema, ClientUpdateSchema
from mystery.database import Blueprint, SelectPage, get_or_404
from mystery.extensions import db

blp = Blueprint("clients", __name__, url_prefix="/api/v1/clients", description="Clients")


def _visible(statement):
    return visible_clients(current_user, statement)


@blp.route("")
class Clients(MethodView):
    @roles_required(*READERS)
    @blp.response(200, ClientSchema(many=True))
    @blp.paginate(SelectPage)
    def get(self):
        """List the clients you may see."""
        return _visible(sa.select(Client).order_by(Client.name, Client.id))

    @roles_required(*STAFF)
    @blp.arguments(ClientCreateSchema)
    @blp.response(201, ClientSchema)
    def post(self, data):
        """Create a client."""
        client = Client(**data)
        db.session.add(client)
        db.session.flush()
        return client, 201, {"Location": f"/api/v1/clients/{client.id}"}


@blp.route("/<int:client_id>")
class ClientById(MethodView):
    @roles_required(*READERS)
    @blp.response(200, ClientSchema)
    def get(self, client_id):
        """Show a client."""
        return get_or_404(Client, client_id, _visible)

    @roles_required(*STAFF)
    @blp.arguments(ClientUpdateSchema)
    @blp.response(200, ClientSchema)
    def patch(self, data, client_id):
        """Change a client's name, branding, language or rotation window."""
        client = get_or_404(Client, client_id)
        for field, value in data.items():
            setattr(client, field, value)
        return client
