"""PDF audit reports of a visit, a store and a wave (DESIGN §8)."""

import unicodedata
from urllib.parse import quote

import sqlalchemy as sa
from flask import Response, current_app, jsonify
from flask.views import MethodView
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import abort

from mystery.access import by_client, visible_stores, visible_visits
from mystery.auth.services import READERS, roles_required
from mystery.clients.models import Client
from mystery.database import Blueprint, get_or_404
from mystery.extensions import db
from mystery.reports import context as contexts
from mystery.reports.changes import wave_changes
from mystery.reports.i18n import LANGUAGES
from mystery.reports.pdf import render_html
from mystery.reports.pool import render_now
from mystery.reports.schemas import ReportArgs, StoreReportArgs
from mystery.stores.models import Store
from mystery.visits.models import Visit
from mystery.waves.models import Wave
from mystery.waves.routes import visible_wave

blp = Blueprint("reports", __name__, url_prefix="/api/v1", description="PDF audit reports")
PDF = {"type": "string", "format": "binary"}
# Letters NFKD does not take apart, for the ASCII fallback of a download's name.
LETTERS = str.maketrans({"æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "ß": "ss", "–": "-"})


def report_lang(args, client_id):
    """Return the asked language, else the client's own."""
    if args.get("lang"):
        return args["lang"]
    locale = db.session.scalar(sa.select(Client.locale).where(Client.id == client_id))
    return locale if locale in LANGUAGES else "en"


def _regions():
    """Return the caller's region limit (client users only), or None."""
    return (current_user.regions or None) if current_user.role == "client" else None


def download_name(context) -> str:
    """Name the download as the report is titled: "Store report - Kaffebaren - Q4 2026.pdf"."""
    name = context.get("document_title") or context["title"]
    return " ".join(name.replace("/", "-").replace("\\", "-").split()) + ".pdf"


def content_disposition(filename: str) -> str:
    """Return an attachment header with an ASCII fallback and the UTF-8 name (RFC 5987/6266)."""
    plain = filename.translate(LETTERS)
    ascii_name = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode()
    ascii_name = ascii_name.replace('"', "'") or "report.pdf"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def render_bounded(context) -> bytes:
    """Render a context in the report workers, within the request's size and time bounds."""
    config = current_app.config
    html = render_html(context)
    if len(html.encode()) > config["REPORT_MAX_HTML_BYTES"]:
        abort(
            413,
            message=_(
                "This report is too large to render in a request; start a report job for it."
            ),
        )
    keys, storage = context.get("media_keys", ()), context.get("storage")
    try:
        return render_now(html, keys, storage, config["REPORT_REQUEST_TIMEOUT"])
    except TimeoutError:
        abort(
            503,
            message=_("The report is taking too long; try again shortly or start a report job."),
            headers={"Retry-After": "30"},
        )


def pdf_response(context, filename=None):
    """Render a context and send it as a PDF download named after the report."""
    db.session.rollback()  # the context is plain data: end the read before the slow part
    response = Response(render_bounded(context), mimetype="application/pdf")
    disposition = content_disposition(filename or download_name(context))
    response.headers["Content-Disposition"] = disposition
    response.headers["X-Report-Id"] = context["report"]["id"]
    response.headers["Cache-Control"] = "private, no-store"
    return response


@blp.route("/visits/<int:visit_id>/report.pdf")
class VisitReport(MethodView):
    @roles_required(*READERS)
    @blp.arguments(ReportArgs, location="query")
    @blp.response(200, PDF, content_type="application/pdf", description="The visit report.")
    def get(self, args, visit_id):
        """Download a visit's audit report as PDF."""
        visit = get_or_404(Visit, visit_id, lambda s: visible_visits(current_user, s))
        wave = db.session.get(Wave, visit.wave_id)
        lang = report_lang(args, wave.client_id)
        return pdf_response(contexts.visit_context(visit, lang))


def _latest_wave_of(store):
    """Return the id of the newest wave with a visit to the store, or None."""
    return db.session.scalar(
        by_client(Wave, current_user, sa.select(Wave.id))
        .where(Wave.id.in_(sa.select(Visit.wave_id).where(Visit.store_id == store.id)))
        .order_by(Wave.starts_on.desc(), Wave.id.desc())
        .limit(1)
    )


@blp.route("/stores/<int:store_id>/report.pdf")
class StoreReport(MethodView):
    @roles_required(*READERS)
    @blp.arguments(StoreReportArgs, location="query")
    @blp.response(200, PDF, content_type="application/pdf", description="The store report.")
    def get(self, args, store_id):
        """Download a store's audit report for a wave (its newest by default) as PDF."""
        store = get_or_404(Store, store_id, lambda s: visible_stores(current_user, s))
        wave_id = args.get("wave_id") or _latest_wave_of(store)
        if wave_id is None:
            abort(404, message=f"Store {store_id} has no wave to report on.")
        wave = visible_wave(wave_id)
        if wave.client_id != store.client_id:
            abort(404, message=f"Wave {wave_id} not found.")
        lang = report_lang(args, wave.client_id)
        context = contexts.store_context(store, wave, lang, regions=_regions())
        return pdf_response(context)


@blp.route("/waves/<int:wave_id>/report.pdf")
class WaveReport(MethodView):
    @roles_required(*READERS)
    @blp.arguments(ReportArgs, location="query")
    @blp.response(200, PDF, content_type="application/pdf", description="The chain report.")
    def get(self, args, wave_id):
        """Download a wave's chain report (ranking, regions, distribution) as PDF."""
        wave = visible_wave(wave_id)
        lang = report_lang(args, wave.client_id)
        context = contexts.wave_context(wave, lang, regions=_regions())
        return pdf_response(context)


CHANGES = {
    "type": "object",
    "description": "previous: the previous wave with delta, verdict (significant | normal | "
    "too_few) and other_version; stores: per store mean, interval, rank_low/rank_high, "
    "delta_previous/verdict_previous, delta_client/verdict_client.",
}


@blp.route("/waves/<int:wave_id>/changes")
class WaveChanges(MethodView):
    @roles_required(*READERS)
    @blp.response(200, CHANGES)
    def get(self, wave_id):
        """Say whether the wave's changes are real: the previous wave, each store (Welch's test)."""
        wave = visible_wave(wave_id)
        regions = current_user.regions if current_user.role == "client" else ()
        response = jsonify(wave_changes(wave, regions or ()))
        response.headers["Cache-Control"] = "private, no-store"
        return response
