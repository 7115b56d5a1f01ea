"""Flattened section scores and the rollups wave summaries read."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from mystery.database import UTCDateTime, utcnow
from mystery.extensions import db
from mystery.visits.models import Visit


class SectionScore(db.Model):
    """One section's % of a submission, flattened from the score so waves aggregate in SQL."""

    __tablename__ = "section_scores"

    submission_id: Mapped[int] = mapped_column(
        sa.ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True
    )
    section: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    visit_id: Mapped[int] = mapped_column(sa.ForeignKey("visits.id"), index=True)
    # Null when nothing in the section counted (all N/A, hidden or unscored).
    percent: Mapped[float | None]
    earned: Mapped[float]
    possible: Mapped[float]
    weight: Mapped[float]


# Wave summaries at scale (PostgreSQL) read region totals of the answers and section scores of
# approved visits instead of the million answer rows. Each summary checks the totals against
# the live visits, store by store, and folds in what changed since (see mystery/analytics/
# rollups/), so they are never stale; they only save re-reading what did not change.

# Summaries aggregate a wave's approved visits per store from this index alone (index-only
# scan on PostgreSQL), for the wave and its previous wave alike.
sa.Index(
    "ix_visits_wave_status_store",
    Visit.wave_id,
    Visit.status,
    Visit.store_id,
    postgresql_include=["score_total", "critical_failed", "current_submission_id"],
)


class StoreRollup(db.Model):
    """The approved visits of a store that the wave's totals include, as a fingerprint."""

    __tablename__ = "store_rollups"

    wave_id: Mapped[int] = mapped_column(sa.ForeignKey("waves.id"), primary_key=True)
    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"), primary_key=True)
    region: Mapped[str] = mapped_column(sa.String(120))
    visits: Mapped[int]
    submissions_sum: Mapped[int] = mapped_column(sa.BigInteger)
    version: Mapped[int]
    refreshed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RolledVisit(db.Model):
    """An approved visit (its current submission) counted in the wave's totals."""

    __tablename__ = "rolled_visits"
    __table_args__ = (sa.Index("ix_rolled_visits_wave_store", "wave_id", "store_id"),)

    wave_id: Mapped[int] = mapped_column(sa.ForeignKey("waves.id"), primary_key=True)
    visit_id: Mapped[int] = mapped_column(sa.ForeignKey("visits.id"), primary_key=True)
    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"))
    submission_id: Mapped[int] = mapped_column(sa.ForeignKey("submissions.id"))
    region: Mapped[str] = mapped_column(sa.String(120))


class QuestionTotal(db.Model):
    """One question's answer counts and sums over a region's counted visits in a wave."""

    __tablename__ = "question_totals"

    wave_id: Mapped[int] = mapped_column(sa.ForeignKey("waves.id"), primary_key=True)
    region: Mapped[str] = mapped_column(sa.String(120), primary_key=True)
    question: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    answered: Mapped[int]
    na: Mapped[int]
    counted: Mapped[int]
    zeros: Mapped[int]
    score_sum: Mapped[float]
    value_n: Mapped[int]
    value_sum: Mapped[float]
    # Promoters, satisfied (4-5) or within the first wait band; detractors for NPS.
    high: Mapped[int]
    low: Mapped[int]


class SectionTotal(db.Model):
    """One section's count, sum and sum of squares of % over a region's counted visits."""

    __tablename__ = "section_totals"

    wave_id: Mapped[int] = mapped_column(sa.ForeignKey("waves.id"), primary_key=True)
    region: Mapped[str] = mapped_column(sa.String(120), primary_key=True)
    section: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    n: Mapped[int]
    pct_sum: Mapped[float]
    pct_sumsq: Mapped[float]


class WaitCount(db.Model):
    """How many wait-time answers of a region took exactly this many seconds (for medians)."""

    __tablename__ = "wait_counts"

    wave_id: Mapped[int] = mapped_column(sa.ForeignKey("waves.id"), primary_key=True)
    region: Mapped[str] = mapped_column(sa.String(120), primary_key=True)
    question: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    seconds: Mapped[float] = mapped_column(primary_key=True)
    n: Mapped[int]
