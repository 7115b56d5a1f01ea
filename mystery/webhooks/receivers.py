"""Turn signals into webhook deliveries (DESIGN §14 events); never the shopper's identity."""

from mystery.actions.signals import action_updated
from mystery.appeals.signals import appeal_decided
from mystery.extensions import db
from mystery.jobs.signals import report_job_done
from mystery.scoring.rounding import round_half_away
from mystery.visits.signals import visit_approved, visit_returned, visit_submitted
from mystery.waves.models import Wave
from mystery.webhooks.services import emit


def _client_of_wave(wave_id):
    return db.session.get(Wave, wave_id).client_id


def visit_data(visit, **extra):
    """What a client's system may know of a visit."""
    return {
        "visit_id": visit.id,
        "wave_id": visit.wave_id,
        "store_id": visit.store_id,
        "client_id": _client_of_wave(visit.wave_id),
        "status": visit.status,
        "score": round_half_away(visit.score_total),
        "critical_failed": visit.critical_failed,
        "scheduled_on": visit.scheduled_on.isoformat() if visit.scheduled_on else None,
        **extra,
    }


def _visit_event(event, visit, **extra):
    data = visit_data(visit, **extra)
    emit(event, data["client_id"], data)


@visit_submitted.connect
def _submitted(visit, submission=None, **_):
    _visit_event("visit.submitted", visit, submission=getattr(submission, "uuid", None))


@visit_approved.connect
def _approved(visit, **_):
    _visit_event("visit.approved", visit)


@visit_returned.connect
def _returned(visit, note=None, **_):
    _visit_event("visit.returned", visit, note=note)


@report_job_done.connect
def _report_done(job, **_):
    client_id = _client_of_wave(job.wave_id)
    data = {"job_id": job.id, "wave_id": job.wave_id, "status": job.status, "lang": job.lang}
    emit("report_job.done", client_id, data)


@action_updated.connect
def _action(action, previous_status=None, event=None, **_):
    if action.id is None:
        db.session.flush()
    data = {
        "action_id": action.id,
        "store_id": action.store_id,
        "wave_id": action.wave_id,
        "title": action.title,
        "status": action.status,
        "previous_status": previous_status,
        "due_on": action.due_on.isoformat() if action.due_on else None,
        "change": getattr(event, "kind", None),
    }
    emit("action.updated", action.client_id, data)


@appeal_decided.connect
def _appeal(appeal, visit=None, rescored=False, **_):
    data = {
        "appeal_id": appeal.id,
        "visit_id": appeal.visit_id,
        "store_id": appeal.store_id,
        "question": appeal.question,
        "status": appeal.status,
        "rescored": bool(rescored),
        "previous_total": round_half_away(appeal.previous_total),
        "new_total": round_half_away(appeal.new_total),
    }
    emit("appeal.decided", appeal.client_id, data)
