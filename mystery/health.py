"""Liveness endpoint for load balancers (and the bare endpoint benchmarks compare with)."""

from flask.views import MethodView
from marshmallow import Schema, fields

from mystery.database import Blueprint

blp = Blueprint("health", __name__, url_prefix="/api/v1/health", description="Liveness")


class HealthSchema(Schema):
    status = fields.String()


@blp.route("")
class Health(MethodView):
    @blp.response(200, HealthSchema)
    def get(self):
        """Say the process is up (touches no database)."""
        return {"status": "ok"}
