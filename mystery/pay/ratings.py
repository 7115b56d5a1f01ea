"""Ratings given with an approval; a shopper's rating is the mean of their last 20 (DESIGN §13)."""

import sqlalchemy as sa

from mystery.auth.models import User
from mystery.extensions import db
from mystery.pay.models import Rating
from mystery.visits.signals import visit_approved

WINDOW = 20


def refresh_rating(shopper_id):
    """Recompute a shopper's rating from their newest ratings."""
    recent = (
        sa.select(Rating.rating)
        .where(Rating.shopper_id == shopper_id)
        .order_by(Rating.created_at.desc(), Rating.id.desc())
        .limit(WINDOW)
        .subquery()
    )
    mean = db.session.scalar(sa.select(sa.func.avg(recent.c.rating)))
    shopper = db.session.get(User, shopper_id)
    shopper.rating = round(float(mean), 2) if mean is not None else None


@visit_approved.connect
def _record_rating(visit, actor=None, rating=None, **_details):
    """Keep the rating an approval carried and refresh the shopper's mean."""
    if rating is None or visit.shopper_id is None:
        return
    db.session.add(
        Rating(
            shopper_id=visit.shopper_id,
            visit_id=visit.id,
            rating=rating,
            rated_by=getattr(actor, "id", None),
        )
    )
    db.session.flush()
    refresh_rating(visit.shopper_id)
