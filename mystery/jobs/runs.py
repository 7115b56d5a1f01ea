"""The job row of a bulk report run and the steps both engines share (see dispatch.py)."""

import io
import logging
import os
import re
import unicodedata
import uuid
import zipfile
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from mystery.access import STAFF, get_visible_or_404, visible_stores
from mystery.auth.models import User
from mystery.database import utcnow
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


def start_job(user, wave, lang):
    """Queue a run for a wave, or return the one already queued or running; (job, created)."""
    if db.engine.dialect.name != "sqlite":  # SQLite writers are serialised by BEGIN IMMEDIATE
        db.session.execute(sa.select(Wave.id).where(Wave.id == wave.id).with_for_update())
    active = _same_scope(
        user,
        sa.select(ReportJob).where(
            ReportJob.wave_id == wave.id, ReportJob.lang == lang, ReportJob.status.in_(ACTIVE)
        ),
    ).order_by(ReportJob.id.desc())
    for job in db.session.scalars(active):
        if job.created_at > utcnow() - STALE_AFTER:
            return job, False
        job.status, job.error, job.finished_at = "failed", "Abandoned: the run was lost.", utcnow()
    job = ReportJob(wave_id=wave.id, requested_by=user.id, lang=lang, status="queued")
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


def job_chain(job):
    """Summarise the job's wave once: every store report compares with it."""
    return chain_summary(db.session.get(Wave, job.wave_id), job.lang, _regions(job))


def entry_name(store) -> str:
    """Name a store's PDF inside the ZIP: <code>-<name>.pdf, ASCII only."""
    text = unicodedata.normalize("NFKD", f"{store.code}-{store.name}")
    text = text.replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("Æ", "AE")
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", text.encode("ascii", "ignore").decode()).strip("-")
    return f"{slug or store.id}.pdf"


def _result_key(job) -> str:
    return f"reports/jobs/{job.id}/{uuid.uuid4().hex}.zip"


def _part_key(job_id, store_id) -> str:
    return f"reports/jobs/{job_id}/parts/{store_id}.pdf"


def finish(job, archive: bytes):
    """Store the ZIP and mark the job done."""
    key = _result_key(job)
    get_storage(current_app).save(key, archive)
    job.result_key, job.status, job.finished_at = key, "done", utcnow()
    job.done = job.total
    report_job_done.send(job)
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
    """Mark a queued job running and return its stores, or None when it is not queued."""
    job = db.session.get(ReportJob, job_id)
    if job is None or job.status != "queued":
        return None
    stores = job_stores(job)
    job.status, job.total, job.done = "running", len(stores), 0
    db.session.commit()
    return stores


def read_archive(job) -> bytes:
    """Return the ZIP of a finished job."""
    return get_storage(current_app).open(job.result_key)


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
    if not stores:
        _assemble(db.session.get(ReportJob, job_id))
        return
    for store in stores:
        send(job_id, store.id)


def render_part(job_id, store_id):
    """Render one store of a Celery job, store its PDF, and zip the lot if it was the last."""
    job = db.session.get(ReportJob, job_id)
    if job is None or job.status != "running":
        return
    try:
        context = store_report_context(job, db.session.get(Store, store_id))
        db.session.rollback()
        get_storage(current_app).save(_part_key(job_id, store_id), render_pdf(context))
        done, total = db.session.execute(
            sa.update(ReportJob)
            .where(ReportJob.id == job_id)
            .values(done=ReportJob.done + 1)
            .returning(ReportJob.done, ReportJob.total)
        ).one()
        db.session.commit()
        if done == total:
            _assemble(db.session.get(ReportJob, job_id))
    except Exception as error:
        log.exception("Store %s of report job %s failed", store_id, job_id)
        fail(job_id, error)


def _assemble(job):
    """Zip a Celery job's stored parts, store the ZIP and remove the parts."""
    storage = get_storage(current_app)
    stores = job_stores(job)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for store in stores:
            try:
                archive.writestr(entry_name(store), storage.open(_part_key(job.id, store.id)))
            except FileNotFoundError:  # a store that joined the wave after the job began
                log.warning("Report job %s has no PDF for store %s", job.id, store.id)
    finish(job, buffer.getvalue())
    for store in stores:
        storage.delete(_part_key(job.id, store.id))
