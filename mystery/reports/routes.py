"""PDF audit reports of a visit, a store and a wave, and bulk report jobs (DESIGN §8)."""

import sqlalchemy as sa
from flask import Response, current_app
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
from mystery.reports import jobs
from mystery.reports.i18n import LANGUAGES
from mystery.reports.pdf import render_html
from mystery.reports.pool import render_now
from mystery.reports.schemas import (
    ReportArgs,
    ReportJobCreateSchema,
    ReportJobSchema,
    StoreReportArgs,
)
from mystery.stores.models import Store
from mystery.visits.models import Visit
from mystery.waves.models import Wave
from mystery.waves.routes import visible_wave

blp = Blueprint(
    "reports", __name__, url_prefix="/api/v1", description="PDF audit reports and bulk runs"
)
PDF = {"type": "string", "format": "binary"}
ZIP = {"type": "string", "format": "binary"}


def report_lang(args, client_id):
    """Return the asked language, else the client's own."""
    if args.get("lang"):
        return args["lang"]
    locale = db.session.scalar(sa.select(Client.locale).where(Client.id == client_id))
    return locale if locale in LANGUAGES else "en"


def _regions():
    """Return the caller's region limit (client users only), or None."""
    return (current_user.regions or None) if current_user.role == "client" else None


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


def pdf_response(context, filename):
    """Render a context and send it as a PDF download."""
    db.session.rollback()  # the context is plain data: end the read before the slow part
    response = Response(render_bounded(context), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
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
        return pdf_response(contexts.visit_context(visit, lang), f"visit-{visit.id}-{lang}.pdf")


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
        return pdf_response(context, f"store-{store.id}-wave-{wave.id}-{lang}.pdf")


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
        return pdf_response(context, f"wave-{wave.id}-{lang}.pdf")


@blp.route("/waves/<int:wave_id>/report-jobs")
class WaveReportJobs(MethodView):
    @roles_required(*READERS)
    @blp.arguments(ReportArgs, location="query")
    @blp.arguments(ReportJobCreateSchema(), location="json", required=False)
    @blp.response(202, ReportJobSchema)
    def post(self, query, body, wave_id):
        """Start rendering every store report of a wave into one ZIP, or (kind "wave") its chain
        report when it is too large for a request; or join the run going."""
        wave = visible_wave(wave_id)
        lang = report_lang({**query, **(body or {})}, wave.client_id)
        kind = (body or {}).get("kind") or "stores"
        job, created = jobs.start_job(current_user, wave, lang, kind)
        db.session.commit()
        if created:
            jobs.dispatch(current_app._get_current_object(), job.id)
        return job, 202, {"Location": f"/api/v1/report-jobs/{job.id}"}


@blp.route("/report-jobs/<int:job_id>")
class ReportJobById(MethodView):
    @roles_required(*READERS)
    @blp.response(200, ReportJobSchema)
    def get(self, job_id):
        """Show a report job's status and progress."""
        return jobs.get_job_or_404(current_user, job_id)


@blp.route("/report-jobs/<int:job_id>/download")
class ReportJobDownload(MethodView):
    @roles_required(*READERS)
    @blp.response(
        200,
        ZIP,
        content_type="application/zip",
        description="All store reports (a ZIP), or the chain report (a PDF) of a wave job.",
    )
    @blp.alt_response(409, response="DEFAULT_ERROR", description="The job has not finished.")
    def get(self, job_id):
        """Download a finished report job's ZIP of store reports."""
        job = jobs.get_job_or_404(current_user, job_id)
        if job.status != "done":
            detail = f": {job.error}" if job.status == "failed" and job.error else "."
            abort(409, message=f"Report job {job.id} is {job.status}, not done{detail}")
        visible_wave(job.wave_id)
        if job.kind == "wave":
            name = f"wave-{job.wave_id}-{job.lang}.pdf"
            response = jobs.result_response(job, "application/pdf", name)
        else:
            name = f"wave-{job.wave_id}-reports-{job.lang}.zip"
            response = jobs.result_response(job, "application/zip", name)
        response.headers["Cache-Control"] = "private, no-store"
        return response
