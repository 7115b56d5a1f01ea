"""Wave summary: coordinators, and client users for their own waves."""

from flask import jsonify
from flask.views import MethodView
from flask_login import current_user

from mystery.analytics.queries import Scope
from mystery.analytics.schemas import SummaryArgs, WaveSummarySchema
from mystery.analytics.summary import wave_summary
from mystery.auth.services import READERS, roles_required
from mystery.database import Blueprint
from mystery.waves.routes import visible_wave

blp = Blueprint("wave_summaries", __name__, url_prefix="/api/v1", description="Wave summaries")
NO_STORE = {"Cache-Control": "private, no-store"}


def caller_scope() -> Scope:
    """Client users see their client's stores, only their regions when they have some."""
    if current_user.role == "client":
        return Scope(current_user.client_id, tuple(current_user.regions or ()))
    return Scope()


@blp.route("/waves/<int:wave_id>/summary")
class WaveSummary(MethodView):
    @roles_required(*READERS)
    @blp.arguments(SummaryArgs, location="query")
    @blp.response(200, WaveSummarySchema)
    def get(self, args, wave_id):
        """Summarise a wave's approved visits: overall, stores, regions, sections, questions."""
        wave = visible_wave(wave_id)
        scope = caller_scope()
        summary = wave_summary(
            wave, client_id_scope=scope.client_id, regions=scope.regions, lang=args.get("lang")
        )
        # The dict is already JSON-ready; dumping ~1,000 store lines through marshmallow
        # would cost more than computing them. WaveSummarySchema documents the shape.
        response = jsonify(summary)
        response.headers.update(NO_STORE)
        return response
