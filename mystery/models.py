"""Import every model so Alembic and the app see the whole schema."""

from mystery.auth.models import ApiToken, User
from mystery.checklists.models import Checklist
from mystery.clients.models import Client
from mystery.media.models import Media
from mystery.reports.models import ReportJob
from mystery.stores.models import Store
from mystery.submissions.models import Answer, Submission
from mystery.visits.models import Visit, VisitEvent
from mystery.waves.models import Wave

__all__ = [
    "Answer",
    "ApiToken",
    "Checklist",
    "Client",
    "Media",
    "ReportJob",
    "Store",
    "Submission",
    "User",
    "Visit",
    "VisitEvent",
    "Wave",
]
