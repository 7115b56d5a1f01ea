"""The job row of a bulk report run and the steps both engines share (see dispatch.py)."""

import logging
import os
import re
import tempfile
import unicodedata
import uuid
import zipfile
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import Response, current_app, request

from mystery.access import STAFF, get_visible_or_404, visible_stores
from mystery.auth.models import User
from mystery.database import reading, utcnow
from mystery.extensions import db
from mystery.jobs.models import ReportJob
from mystery.jobs.signals import report_job_done
from mystery.media.storage import get_storage
from mystery.reports.context import chain_summary, store_context
from mystery.reports.pdf import render_pdf
from mystery.stores.models import Store
from mystery.visits.models import Visit
from mystery.waves.models import Wave

log = logging.getLogger(__name__)

ACTIVE = ("queued", "running")
# The Celery task names; kept from before jobs had a folder of their own, so workers and
# queued tasks of an older release keep matching.
RUN_JOB = "mystery.reports.run_job"
RENDER_STORE = "mystery.reports.render_store"
# A queued or running job older than this was lost with its process (a restart): start anew.
STALE_AFTER = timedelta(hours=2)

# Scope -----------------------------------------------------------------------------------


def get_job_or_404(user, job_id):
    """Load a job the caller may see, or answer 404."""
    return get_visible_or_404(ReportJob, job_id, user, name="Report job")


def _same_scope(user, statement):
    """Restrict to runs whose ZIP would hold what this user's would: staff share, clients own."""
    if user.is_staff:
        staff = sa.select(User.id).where(User.role.in_(STAFF))
        return statement.where(ReportJob.requested_by.in_(staff))
    return statement.where(ReportJob.requested_by == user.id)


def start_job(user, wave, lang, kind="stores"):
    """Queue a run for a wave, or return the one already queued or running; (job, created)."""
    if db.engine.dialect.name != "sqlite":  # SQLite writers are serialised by BEGIN IMMEDIATE
        db.session.execute(sa.select(Wave.id).where(Wave.id == wave.id).with_for_update())
    active = _same_scope(
        user,
        sa.select(ReportJob).where(
            ReportJob.wave_id == wave.id,
            ReportJob.lang == lang,
            ReportJob.kind == kind,
            ReportJob.status.in_(ACTIVE),
        ),
    ).order_by(ReportJob.id.desc())
    for job in db.session.scalars(active):
        if job.created_at > utcnow() - STALE_AFTER:
            return job, False
        job.status, job.error, job.finished_at = "failed", "Abandoned: the run was lost.", utcnow()
    job = ReportJob(wave_id=wave.id, requested_by=user.id, lang=lang, kind=kind, status="queued")
    db.session.add(job)
    db.session.flush()
    return job, True


# What a job renders ----------------------------------------------------------------------


def job_stores(job) -> list[Store]:
    """Return the stores of the job's wave that its requester may see, by code."""
    requester = db.session.get(User, job.requested_by)
    in_wave = sa.select(Visit.store_id).where(Visit.wave_id == job.wave_id)
    statement = sa.select(Store).where(Store.id.in_(in_wave)).order_by(Store.code, Store.id)
    return list(db.session.scalars(visible_stores(requester, statement)))


def _regions(job):
    requester = db.session.get(User, job.requested_by)
    return (requester.regions or None) if requester.role == "client" else None


def store_report_context(job, store, chain=None):
    """Build the context of one store's report in a job (the requester's regions apply)."""
    wave = db.session.get(Wave, job.wave_id)
    return store_context(store, wave, job.lang, regions=_regions(job), chain=chain)


def wave_job_context(job_id):
    """Build the chain report of a "wave" job in a read of its own (the requester's regions)."""
    from mystery.reports.context import wave_context

    with reading():
        job = db.session.get(ReportJob, job_id)
        wave = db.session.get(Wave, job.wave_id)
        context = wave_context(wave, job.lang, regions=_regions(job))
        db.session.rollback()
    return context


def job_chain(job):
    """Summarise the job's wave once: every store report compares with it."""
    return chain_summary(db.session.get(Wave, job.wave_id), job.lang, _regions(job))


def entry_name(store) -> str:
    """Name a store's PDF inside the ZIP: <code>-<name>.pdf, ASCII only."""
    text = unicodedata.normalize("NFKD", f"{store.code}-{store.name}")
    text = text.replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("Æ", "AE")
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", text.encode("ascii", "ignore").decode()).strip("-")
    return f"{slug or store.id}.pdf"


def _result_key(job_id, extension="zip") -> str:
    return f"reports/jobs/{job_id}/{uuid.uuid4().hex}.{extension}"


def _part_key(job_id, store_id) -> str:
    return f"reports/jobs/{job_id}/parts/{store_id}.pdf"


def temporary_file(suffix=".zip") -> str:
    """Return the path of a new empty file a job writes its result into before storing it."""
    handle, path = tempfile.mkstemp(prefix="mystery-report-", suffix=suffix)
    os.close(handle)
    return path


def finish(job_id, result, extension="zip"):
    """Store the result (a file's path, moved; or bytes), then mark the job done briefly."""
    key = _result_key(job_id, extension)
    storage = get_storage(current_app)
    if isinstance(result, bytes):
        storage.save(key, result)
    else:
        storage.save_file(key, result)
    db.session.execute(
        sa.update(ReportJob)
        .where(ReportJob.id == job_id)
        .values(result_key=key, status="done", finished_at=utcnow(), done=ReportJob.total)
    )
    # Announce with the job as it now is (notifications, the report_job.done webhook).
    report_job_done.send(
        db.session.scalar(
            sa.select(ReportJob)
            .where(ReportJob.id == job_id)
            .execution_options(populate_existing=True)
        )
    )
    db.session.commit()


def fail(job_id, error):
    """Mark a job failed with a message a person can read."""
    db.session.rollback()
    job = db.session.get(ReportJob, job_id)
    if job is None:
        return
    job.status, job.finished_at = "failed", utcnow()
    job.error = f"{type(error).__name__}: {error}"[:2000] if isinstance(error, Exception) else error
    db.session.commit()


def begin(job_id):
    """Mark a queued job running and return its stores ([] for a "wave" job), or None when
    it is not queued."""
    job = db.session.get(ReportJob, job_id)
    if job is None or job.status != "queued":
        db.session.rollback()
        return None
    stores = job_stores(job) if job.kind == "stores" else []
    job.status, job.done = "running", 0
    job.total = len(stores) if job.kind == "stores" else 1
    db.session.commit()
    return stores


def run_wave(job_id, render):
    """Render a "wave" job's chain report with `render(context)` and store the PDF."""
    try:
        finish(job_id, render(wave_job_context(job_id)), "pdf")
    except Exception as error:
        log.exception("Report job %s failed", job_id)
        fail(job_id, error)


def result_response(job, mimetype: str, name: str):
    """Send a finished job's result from storage in chunks, never whole in memory.

    Ranges are answered (206), so a broken download of a large ZIP resumes.
    """
    storage = get_storage(current_app)
    response = Response(storage.stream(job.result_key), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response.make_conditional(
        request, accept_ranges=True, complete_length=storage.size(job.result_key)
    )


# Celery engine: one task per store, the last one zips ---------------------------------------


def report_queue(config=None) -> str:
    """Return the Celery queue report tasks go to (REPORT_QUEUE, default "reports")."""
    config = config or {}
    return config.get("REPORT_QUEUE") or os.environ.get("REPORT_QUEUE") or "reports"


def fan_out(job_id, send):
    """Start a job under Celery: one `send(job_id, store_id)` per store (or finish at once)."""
    stores = begin(job_id)
    if stores is None:
        return
    if db.session.scalar(sa.select(ReportJob.kind).where(ReportJob.id == job_id)) == "wave":
        db.session.rollback()
        run_wave(job_id, render_pdf)  # already in a worker: render here
        return
    if not stores:
        _assemble(job_id)
        return
    for store in stores:
        send(job_id, store.id)


def render_part(job_id, store_id):
    """Render one store of a Celery job, store its PDF, and zip the lot if it was the last."""
    try:
        with reading():
            job = db.session.get(ReportJob, job_id)
            running = job is not None and job.status == "running"
            context = (
                store_report_context(job, db.session.get(Store, store_id)) if running else None
            )
            db.session.rollback()  # end the read before the render
        if context is None:
            return
        get_storage(current_app).save(_part_key(job_id, store_id), render_pdf(context))
        done, total = db.session.execute(
            sa.update(ReportJob)
            .where(ReportJob.id == job_id)
            .values(done=ReportJob.done + 1)
            .returning(ReportJob.done, ReportJob.total)
        ).one()
        db.session.commit()
        if done == total:
            _assemble(job_id)
    except Exception as error:
        log.exception("Store %s of report job %s failed", store_id, job_id)
        fail(job_id, error)


def _assemble(job_id):
    """Zip a Celery job's stored parts, store the ZIP and remove the parts."""
    storage = get_storage(current_app)
    with reading():
        stores = job_stores(db.session.get(ReportJob, job_id))
        names = [(store.id, entry_name(store)) for store in stores]
        db.session.rollback()
    path = temporary_file()
    try:
        # One part in memory at a time: the ZIP grows on disk, then moves into storage.
        # Stored: PDFs are compressed already (see pool.py).
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
            for store_id, name in names:
                try:
                    archive.writestr(name, storage.open(_part_key(job_id, store_id)))
                except FileNotFoundError:  # a store that joined the wave after the job began
                    log.warning("Report job %s has no PDF for store %s", job_id, store_id)
        finish(job_id, path)
    finally:
        Path(path).unlink(missing_ok=True)
    for store_id, _name in names:
        storage.delete(_part_key(job_id, store_id))
