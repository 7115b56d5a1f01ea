"""Index rows for the integrity look-ups; derived data, rebuilt from media and answers.

They carry ids and hashes only (no text, no identity), and no foreign keys: the purge
deletes them with what they were derived from.
"""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from mystery.extensions import db


class PhotoBand(db.Model):
    """One band of a photo's perceptual hash, keyed so equal bands share a key."""

    __tablename__ = "photo_bands"
    # Covering the look-up (key, then what it reads), so a probe never visits the table.
    __table_args__ = (sa.Index("ix_photo_bands_lookup", "key", "visit_id", "phash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[int] = mapped_column(sa.BigInteger)
    media_id: Mapped[int] = mapped_column(index=True)
    visit_id: Mapped[int]
    # The whole 64-bit hash (as a signed integer), so a candidate is checked without a join.
    phash: Mapped[int] = mapped_column(sa.BigInteger)


class TextBand(db.Model):
    """One LSH band of a text's MinHash signature; the text itself stays in its answer row."""

    __tablename__ = "text_bands"
    __table_args__ = (sa.Index("ix_text_bands_lookup", "key", "visit_id", "answer_id", "part"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[int] = mapped_column(sa.BigInteger)
    answer_id: Mapped[int]
    visit_id: Mapped[int] = mapped_column(index=True)
    submission_id: Mapped[int] = mapped_column(index=True)
    # "value" for the answer to a text question, "comment" for its comment.
    part: Mapped[str] = mapped_column(sa.String(10))
