"""Certifications: a quiz per client that a wave may require of its shoppers (DESIGN §13)."""

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from mystery.database import UTCDateTime, utcnow
from mystery.extensions import db


class Certification(db.Model):
    """A quiz: questions with options and the correct one, and the score that passes."""

    __tablename__ = "certifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(sa.ForeignKey("clients.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    # Percent of questions right needed to pass, 0..100.
    pass_mark: Mapped[Decimal] = mapped_column(sa.Numeric(5, 2))
    questions: Mapped[list] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CertificationAttempt(db.Model):
    """One go at a quiz by a shopper, with its score; a pass is kept for good."""

    __tablename__ = "certification_attempts"
    __table_args__ = (sa.Index("ix_certification_attempts_who", "certification_id", "shopper_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    certification_id: Mapped[int] = mapped_column(sa.ForeignKey("certifications.id"))
    shopper_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    answers: Mapped[dict] = mapped_column(sa.JSON)
    score: Mapped[Decimal] = mapped_column(sa.Numeric(5, 2))
    passed: Mapped[bool]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
