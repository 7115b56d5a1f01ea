"""Import every model so Alembic and the app see the whole schema."""

from mystery.actions.models import Action, ActionEvent, ActionEvidence
from mystery.analytics.models import (
    QuestionTotal,
    RolledVisit,
    SectionScore,
    SectionTotal,
    StoreRollup,
    WaitCount,
)
from mystery.appeals.models import Appeal
from mystery.auth.models import ApiToken, User
from mystery.checklists.models import Checklist
from mystery.clients.models import Client
from mystery.jobs.models import ReportJob
from mystery.media.models import Media
from mystery.stores.models import Store
from mystery.submissions.models import Answer, Submission
from mystery.visits.models import Visit, VisitEvent
from mystery.waves.models import Wave

__all__ = [
    "Action",
    "ActionEvent",
    "ActionEvidence",
    "Answer",
    "ApiToken",
    "Appeal",
    "Checklist",
    "Client",
    "Media",
    "QuestionTotal",
    "ReportJob",
    "RolledVisit",
    "SectionScore",
    "SectionTotal",
    "Store",
    "StoreRollup",
    "Submission",
    "User",
    "Visit",
    "VisitEvent",
    "WaitCount",
    "Wave",
]
