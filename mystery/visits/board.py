"""The job board: open visits a shopper may claim, nearest first."""

import sqlalchemy as sa

from mystery.clients.models import Client
from mystery.database import utcnow
from mystery.extensions import db
from mystery.geo import distance_m
from mystery.stores.models import Store
from mystery.visits.models import Visit
from mystery.visits.rotation import rotation_problems, shopper_history
from mystery.waves.models import Wave


def open_visits_for(shopper, limit=200):
    """Return (visits, {visit_id: distance_km}) the shopper may claim, nearest first."""
    rows = db.session.execute(
        sa.select(Visit, Store, Client)
        .join(Store, Store.id == Visit.store_id)
        .join(Wave, Wave.id == Visit.wave_id)
        .join(Client, Client.id == Wave.client_id)
        .where(Visit.status == "open", Visit.window_end > utcnow())
    ).all()
    history = shopper_history(shopper.id)
    has_home = shopper.home_latitude is not None and shopper.home_longitude is not None
    offers = []
    for visit, store, client in rows:
        if rotation_problems(visit, store, client, history):
            continue
        distance = None
        if has_home:
            metres = distance_m(
                shopper.home_latitude, shopper.home_longitude, store.latitude, store.longitude
            )
            distance = round(metres / 1000, 1)
        offers.append((distance, visit))
    # Nearest first; without a home location, soonest window first.
    offers.sort(key=lambda o: (o[0] is None, o[0] or 0, o[1].window_start, o[1].id))
    offers = offers[:limit]
    return [visit for _, visit in offers], {visit.id: d for d, visit in offers}
