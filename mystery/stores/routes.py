"""Stores: coordinators manage them; client users read their own (and regions)."""

import sqlalchemy as sa
from flask import request
from flask.views import MethodView
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import abort

from mystery.access import visible_stores
from mystery.auth.services import READERS, STAFF, roles_required
from mystery.database import Blueprint, SelectPage, get_or_404
from mystery.listing import order, search
from mystery.stores import services
from mystery.stores.models import Store
from mystery.stores.schemas import (
    STORE_SORTS,
    ImportQueryArgs,
    ImportResultSchema,
    StoreCreateSchema,
    StoreQueryArgs,
    StoreSchema,
    StoreUpdateSchema,
)

blp = Blueprint("stores", __name__, url_prefix="/api/v1/stores", description="Stores")


def _visible(statement):
    return visible_stores(current_user, statement)


@blp.route("")
class Stores(MethodView):
    @roles_required(*READERS)
    @blp.arguments(StoreQueryArgs, location="query")
    @blp.response(200, StoreSchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, args):
        """List stores, by client and region."""
        statement = _visible(sa.select(Store))
        statement = search(statement, args.get("q"), (Store.name, Store.code, Store.city))
        columns = {name: getattr(Store, name) for name in STORE_SORTS}
        statement = order(
            statement, args.get("sort"), columns, (Store.client_id, Store.code), Store.id
        )
        if "active" in args:
            statement = statement.where(Store.active == args["active"])
        if "client_id" in args:
            statement = statement.where(Store.client_id == args["client_id"])
        if args.get("region"):
            statement = statement.where(Store.region == args["region"])
        return statement

    @roles_required(*STAFF)
    @blp.arguments(StoreCreateSchema)
    @blp.response(201, StoreSchema)
    def post(self, data):
        """Create a store."""
        store = services.create_store(data)
        return store, 201, {"Location": f"/api/v1/stores/{store.id}"}


@blp.route("/<int:store_id>")
class StoreById(MethodView):
    @roles_required(*READERS)
    @blp.response(200, StoreSchema)
    def get(self, store_id):
        """Show a store."""
        return get_or_404(Store, store_id, _visible)

    @roles_required(*STAFF)
    @blp.arguments(StoreUpdateSchema)
    @blp.response(200, StoreSchema)
    def patch(self, data, store_id):
        """Change a store."""
        store = services.update_store(get_or_404(Store, store_id), data)
        return store

    @roles_required(*STAFF)
    @blp.response(204)
    def delete(self, store_id):
        """Delete a store that never had a visit (409 once it has: deactivate it instead)."""
        services.delete_store(get_or_404(Store, store_id))


@blp.route("/import")
class StoreImport(MethodView):
    @roles_required(*STAFF)
    @blp.arguments(ImportQueryArgs, location="query")
    @blp.response(201, ImportResultSchema)
    @blp.doc(
        requestBody={
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"file": {"type": "string", "format": "binary"}},
                    }
                },
            }
        }
    )
    def post(self, args):
        """Import stores from CSV (a multipart `file` or a raw text/csv body), all or nothing."""
        client = services.require_client(args["client_id"], location="query")
        upload = request.files.get("file")
        raw = upload.read() if upload is not None else request.get_data()
        if not raw:
            message = _("Send a CSV file.")
            abort(422, message=message, errors={"file": [message]})
        result = services.import_stores(client, raw)
        return result, 201, {"Location": f"/api/v1/stores?client_id={client.id}"}
