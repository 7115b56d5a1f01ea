"""What shoppers earn and how it reaches them: ledger entries, payouts, ratings (DESIGN §13)."""

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from mystery.database import UTCDateTime, utcnow
from mystery.extensions import db

KINDS = ("fee", "expense", "bonus", "adjustment")
STATUSES = ("pending", "payable", "paid", "void")
# Kinds a visit carries at most one of, however often it is returned and resubmitted.
PER_VISIT = ("fee", "expense")


class LedgerEntry(db.Model):
    """One amount owed to a shopper, traceable from its visit to the payout that paid it."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        # One fee and one expense line per visit, whatever the network or the reviewer does.
        sa.Index(
            "uq_ledger_entries_visit_kind",
            "visit_id",
            "kind",
            unique=True,
            sqlite_where=sa.text("kind IN ('fee', 'expense')"),
            postgresql_where=sa.text("kind IN ('fee', 'expense')"),
        ),
        sa.Index("ix_ledger_entries_shopper_status", "shopper_id", "status"),
        sa.Index("ix_ledger_entries_status_currency", "status", "currency"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    shopper_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    visit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("visits.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
    currency: Mapped[str] = mapped_column(sa.String(3))
    status: Mapped[str] = mapped_column(sa.String(20))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    # Expenses: what the shopper asked for, whether the wave's cap cut it, and the receipt.
    claimed: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    capped: Mapped[bool] = mapped_column(default=False)
    receipt: Mapped[str | None] = mapped_column(sa.String(36))
    payout_id: Mapped[int | None] = mapped_column(sa.ForeignKey("payouts.id"), index=True)
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Payout(db.Model):
    """A batch of payable entries in one currency, paid by one credit-transfer file."""

    __tablename__ = "payouts"

    id: Mapped[int] = mapped_column(primary_key=True)
    currency: Mapped[str] = mapped_column(sa.String(3))
    status: Mapped[str] = mapped_column(sa.String(20), default="draft")
    total: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2), default=Decimal("0.00"))
    # Shoppers left out and why: [{shopper_id, name, reason}].
    skipped: Mapped[list] = mapped_column(sa.JSON, default=list)
    message_id: Mapped[str] = mapped_column(sa.String(35))
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paid_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))


class PayoutLine(db.Model):
    """What one shopper receives in a payout, with the account it was sent to."""

    __tablename__ = "payout_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    payout_id: Mapped[int] = mapped_column(
        sa.ForeignKey("payouts.id", ondelete="CASCADE"), index=True
    )
    shopper_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(sa.String(200))
    iban: Mapped[str] = mapped_column(sa.String(34))
    bic: Mapped[str | None] = mapped_column(sa.String(11))
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))


class PayoutEntry(db.Model):
    """An entry's place in a payout; the unique entry id is what stops paying it twice."""

    __tablename__ = "payout_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(sa.ForeignKey("ledger_entries.id"), unique=True)
    payout_id: Mapped[int] = mapped_column(
        sa.ForeignKey("payouts.id", ondelete="CASCADE"), index=True
    )
    line_id: Mapped[int] = mapped_column(
        sa.ForeignKey("payout_lines.id", ondelete="CASCADE"), index=True
    )


class Rating(db.Model):
    """How good one approved report was, 1 to 5, given with the approval."""

    __tablename__ = "ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    shopper_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    visit_id: Mapped[int] = mapped_column(sa.ForeignKey("visits.id"), index=True)
    rating: Mapped[int]
    rated_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
