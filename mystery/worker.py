"""The Celery app of report jobs and outbox deliveries: `celery -A mystery.worker worker`.

An entry point, like the console script: it creates the Flask app, so it stands above the
whole package; the work of each task is in mystery/jobs/runs.py and mystery/notifications/.
`make beat` runs Celery beat with this app: reminders every 15 minutes, the outboxes swept for
retries every 30 seconds.

Settings come from the environment, as for the web app: CELERY_BROKER_URL (Redis),
DATABASE_URL, MEDIA_ROOT or S3_BUCKET, REPORT_QUEUE (default "reports") and
REPORT_MAX_TASKS_PER_CHILD (default 50; a worker process is replaced after that many
tasks, so memory stays flat). Each worker process creates the Flask app and imports
WeasyPrint after the fork, once, and keeps both warm for every task it runs.
"""

import os

from celery import Celery
from celery.signals import worker_process_init

from mystery import create_app
from mystery.extensions import db
from mystery.jobs import runs
from mystery.jobs.runs import RENDER_STORE, RUN_JOB, report_queue
from mystery.notifications.reminders import send_reminders as write_reminders
from mystery.notifications.runner import drain_all
from mystery.reports.pdf import warm_up

celery = Celery("mystery.reports")
celery.conf.update(
    broker_url=os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL") or None,
    task_default_queue=report_queue(),
    task_ignore_result=True,
    task_serializer="json",
    accept_content=["json"],
    worker_prefetch_multiplier=1,
    worker_max_tasks_per_child=int(os.environ.get("REPORT_MAX_TASKS_PER_CHILD") or 50),
    broker_connection_retry_on_startup=True,
    worker_hijack_root_logger=False,
)
celery.conf.beat_schedule = {  # outbox deliveries and reminders (§14)
    "send-reminders": {"task": "mystery.notifications.send_reminders", "schedule": 15 * 60.0},
    "deliver-outboxes": {"task": "mystery.notifications.deliver", "schedule": 30.0},
}
app = celery

_flask_app = None


def flask_app():
    """Create this process's Flask app on first use (after the fork, never before)."""
    global _flask_app
    if _flask_app is None:
        _flask_app = create_app()
    return _flask_app


@worker_process_init.connect
def _warm(**_kwargs):
    """Give each new worker process its app and a warm WeasyPrint."""
    flask_app()
    warm_up()


@celery.task(name=RUN_JOB)
def run_job(job_id):
    """Start a report job: one render task per store of the wave."""
    with flask_app().app_context():
        runs.fan_out(job_id, lambda job, store: render_store.delay(job, store))


@celery.task(name=RENDER_STORE)
def render_store(job_id, store_id):
    """Render one store's report of a job; the last one zips the job."""
    with flask_app().app_context():
        runs.render_part(job_id, store_id)


@celery.task(name="mystery.notifications.deliver")
def deliver():
    """Send every due e-mail and webhook delivery."""
    with flask_app().app_context():
        drain_all()


@celery.task(name="mystery.notifications.send_reminders")
def send_reminders():
    """Write the reminders that are due (each once) and have them delivered."""
    with flask_app().app_context():
        write_reminders()
        db.session.commit()
