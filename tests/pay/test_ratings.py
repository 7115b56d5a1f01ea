"""Ratings come with approvals; a shopper's rating is the mean of the last 20 (DESIGN §13)."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from mystery.auth.models import User
from mystery.database import utcnow
from mystery.extensions import db
from mystery.pay.models import Rating
from mystery.pay.ratings import refresh_rating


def rating_of(app, user_id):
    with app.app_context():
        return db.session.get(User, user_id).rating


def test_an_approval_records_its_rating(app, flow):
    first = flow.approved(store=0, rating=5)
    flow.approved(store=1, rating=2)
    assert rating_of(app, flow.shopper_id) == 3.5
    with app.app_context():
        rows = db.session.execute(sa.select(Rating.visit_id, Rating.rating)).all()
    assert (first, 5) in rows
    listed = flow.coordinator.get("/api/v1/users?role=shopper").json
    assert next(u for u in listed if u["id"] == flow.shopper_id)["rating"] == 3.5


def test_an_approval_without_a_rating_leaves_it(app, flow):
    flow.approved()
    assert rating_of(app, flow.shopper_id) is None


@pytest.mark.parametrize("rating", [0, 6, "good", 4.5])
def test_a_rating_out_of_range_is_refused(flow, rating):
    vid = flow.in_state("submitted")
    body = {"decision": "approve", "rating": rating}
    response = flow.coordinator.post(f"/api/v1/visits/{vid}/review", json=body)
    assert response.status_code == 422 and "rating" in response.json["errors"]["json"]
    assert flow.visit_row(vid).status == "submitted"


def test_a_return_carries_no_rating(flow):
    vid = flow.in_state("submitted")
    body = {"decision": "return", "note": "Redo", "rating": 3}
    response = flow.coordinator.post(f"/api/v1/visits/{vid}/review", json=body)
    assert response.status_code == 422 and "rating" in response.json["errors"]["json"]


def test_the_mean_is_over_the_last_twenty(app, flow):
    vid = flow.approved()
    now = utcnow()
    with app.app_context():
        # 10 old ones rated 1, then 20 recent ones rated 5: the old ones no longer count.
        for i in range(30):
            db.session.add(
                Rating(
                    shopper_id=flow.shopper_id,
                    visit_id=vid,
                    rating=1 if i < 10 else 5,
                    created_at=now - timedelta(days=60 - i),
                )
            )
        db.session.flush()
        refresh_rating(flow.shopper_id)
        db.session.commit()
    assert rating_of(app, flow.shopper_id) == 5.0


def test_auto_assign_breaks_a_distance_tie_by_rating(app, flow, create_user):
    home = {"home_latitude": 55.70, "home_longitude": 12.57}  # the field shopper's home too
    better = create_user("shopper", rating=4.8, **home)
    with app.app_context():
        db.session.get(User, flow.shopper_id).rating = 3.1
        db.session.commit()
    created = flow.field.wave(store_ids=[flow.field.stores[0].id])
    response = flow.coordinator.post(
        f"/api/v1/waves/{created['id']}/auto-assign", json={"dry_run": True, "max_per_shopper": 1}
    )
    assert response.status_code == 200, response.json
    [pair] = response.json["assignments"]
    assert pair["shopper_id"] == better.id
    with app.app_context():
        db.session.get(User, flow.shopper_id).rating = 5.0
        db.session.commit()
    response = flow.coordinator.post(
        f"/api/v1/waves/{created['id']}/auto-assign", json={"dry_run": True, "max_per_shopper": 1}
    )
    assert response.json["assignments"][0]["shopper_id"] == flow.shopper_id
