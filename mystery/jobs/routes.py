"""Bulk report runs: every store report of a wave in one ZIP (DESIGN §8)."""

from flask import current_app
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import abort

from mystery.auth.services import READERS, roles_required
from mystery.database import Blueprint, after_commit
from mystery.jobs import runs as jobs
from mystery.jobs.dispatch import dispatch
from mystery.jobs.schemas import ReportJobCreateSchema, ReportJobSchema
from mystery.reports.routes import report_lang
from mystery.reports.schemas import ReportArgs
from mystery.waves.routes import visible_wave

blp = Blueprint("report_jobs", __name__, url_prefix="/api/v1", description="Bulk report runs")
ZIP = {"type": "string", "format": "binary"}


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
        if created:  # the request commits the job row; only then may an engine pick it up
            app, job_id = current_app._get_current_object(), job.id
            after_commit(lambda: dispatch(app, job_id))
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
