"""CSV/XLSX exports of a wave: coordinators, and client users for their own waves."""

from flask.views import MethodView

from mystery.analytics.routes import caller_scope
from mystery.analytics.schemas import SummaryArgs
from mystery.auth.services import READERS, roles_required
from mystery.database import Blueprint
from mystery.exports import tables as exports
from mystery.waves.routes import visible_wave

blp = Blueprint("wave_exports", __name__, url_prefix="/api/v1", description="Wave exports")
FILE = {"type": "string", "format": "binary"}


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
