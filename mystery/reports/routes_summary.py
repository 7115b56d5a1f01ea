"""Wave summary and CSV/XLSX exports: coordinators, and client users for their own waves."""

from flask import jsonify
from flask.views import MethodView
from flask_login import current_user

from mystery.auth.services import READERS, roles_required
from mystery.database import Blueprint
from mystery.reports import exports
from mystery.reports.changes import wave_changes
from mystery.reports.queries import Scope
from mystery.reports.summary import wave_summary
from mystery.reports.summary_schemas import SummaryArgs, WaveSummarySchema
from mystery.waves.routes import visible_wave

blp = Blueprint(
    "wave_summaries", __name__, url_prefix="/api/v1", description="Wave summaries and exports"
)
FILE = {"type": "string", "format": "binary"}
NO_STORE = {"Cache-Control": "private, no-store"}
CHANGES = {
    "type": "object",
    "description": "previous: the previous wave with delta, verdict (significant | normal | "
    "too_few) and other_version; stores: per store mean, interval, rank_low/rank_high, "
    "delta_previous/verdict_previous, delta_client/verdict_client.",
}


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


@blp.route("/waves/<int:wave_id>/changes")
class WaveChanges(MethodView):
    @roles_required(*READERS)
    @blp.response(200, CHANGES)
    def get(self, wave_id):
        """Say whether the wave's changes are real: the previous wave, each store (Welch's test)."""
        wave = visible_wave(wave_id)
        regions = current_user.regions if current_user.role == "client" else ()
        response = jsonify(wave_changes(wave, regions or ()))
        response.headers.update(NO_STORE)
        return response


@blp.route("/waves/<int:wave_id>/export.csv")
class WaveExportCsv(MethodView):
    @roles_required(*READERS)
    @blp.arguments(SummaryArgs, location="query")
    @blp.response(200, FILE, content_type="text/csv", description="One row per approved visit.")
    def get(self, args, wave_id):
        """Download a wave's approved visits as CSV, one column per question."""
        return exports.csv_response(visible_wave(wave_id), caller_scope(), args.get("lang"))


@blp.route("/waves/<int:wave_id>/export.xlsx")
class WaveExportXlsx(MethodView):
    @roles_required(*READERS)
    @blp.arguments(SummaryArgs, location="query")
    @blp.response(
        200, FILE, content_type=exports.XLSX_TYPE, description="One row per approved visit."
    )
    def get(self, args, wave_id):
        """Download a wave's approved visits as an Excel workbook, one column per question."""
        return exports.xlsx_response(visible_wave(wave_id), caller_scope(), args.get("lang"))
