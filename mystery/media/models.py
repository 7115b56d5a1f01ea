"""Photos and receipts attached to submissions."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from mystery.database import UTCDateTime, utcnow
from mystery.extensions import db


class Media(db.Model):
    """One uploaded image: original, downscaled copy, thumbnail and what we read from it."""

    __tablename__ = "media"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(sa.String(36), unique=True)
    # Media may arrive before its submission, so it points at the submission's UUID.
    submission_uuid: Mapped[str] = mapped_column(sa.String(36), index=True)
    question: Mapped[str] = mapped_column(sa.String(100))
    uploaded_by: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    content_type: Mapped[str] = mapped_column(sa.String(50))
    size: Mapped[int]
    width: Mapped[int]
    height: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64), index=True)
    phash: Mapped[str | None] = mapped_column(sa.String(32))
    original_key: Mapped[str] = mapped_column(sa.String(300))
    display_key: Mapped[str] = mapped_column(sa.String(300))
    thumb_key: Mapped[str] = mapped_column(sa.String(300))
    exif_taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    exif_latitude: Mapped[float | None]
    exif_longitude: Mapped[float | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MediaLink(db.Model):
    """A submission that uses a photo: the one it was uploaded under, and later ones.

    A returned visit's resubmission references photos stored under the first submission;
    the link lets reports and flags find every photo of the current submission.
    """

    __tablename__ = "media_links"

    media_id: Mapped[int] = mapped_column(
        sa.ForeignKey("media.id", ondelete="CASCADE"), primary_key=True
    )
    submission_uuid: Mapped[str] = mapped_column(sa.String(36), primary_key=True, index=True)
