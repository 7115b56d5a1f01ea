"""What happens to report jobs, announced (notifications and the `report_job.done` webhook).

Sent inside the job's transaction, before it commits, with the job as sender. Receivers only
add rows in the same session, e.g. an outbox entry.
"""

from blinker import Namespace

_signals = Namespace()

report_job_done = _signals.signal("report-job-done")
