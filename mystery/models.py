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
from mystery.auth.models import ApiToken, PasswordResetToken, User
from mystery.certifications.models import Certification, CertificationAttempt
from mystery.checklists.models import Checklist
from mystery.clients.models import Client
from mystery.jobs.models import ReportJob
from mystery.media.models import Media
from mystery.notifications.models import Notification, NotificationSetting
from mystery.pay.models import LedgerEntry, Payout, PayoutEntry, PayoutLine, Rating
from mystery.stores.models import Store
from mystery.visits.models import Answer, Submission, Visit, VisitEvent
from mystery.waves.models import Wave
from mystery.webhooks.models import Webhook, WebhookDelivery

__all__ = [
    "Action",
    "ActionEvent",
    "ActionEvidence",
    "Answer",
    "ApiToken",
    "Appeal",
    "Certification",
    "CertificationAttempt",
    "Checklist",
    "Client",
    "LedgerEntry",
    "Media",
    "Notification",
    "NotificationSetting",
    "PasswordResetToken",
    "Payout",
    "PayoutEntry",
    "PayoutLine",
    "QuestionTotal",
    "Rating",
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
    "Webhook",
    "WebhookDelivery",
]
