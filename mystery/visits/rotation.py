"""The rotation rule: no repeat visits to a store within the window, at most N a day."""

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from mystery.clients.models import Client
from mystery.extensions import db
from mystery.geo import client_zone
from mystery.stores.models import Store
from mystery.visits.models import Visit
from mystery.waves.models import Wave


def visit_day(start, end, zone):
    """Return the local date of a window that lies within one day, else None.

    A window spanning days says nothing about which day the visit will happen, so only
    single-day windows count towards the daily limit.
    """
    first, last = start.astimezone(zone).date(), end.astimezone(zone).date()
    return first if first == last else None


def shopper_history(shopper_id):
    """Return the shopper's non-cancelled visits as (id, store_id, window_start, window_end)."""
    return db.session.execute(
        sa.select(Visit.id, Visit.store_id, Visit.window_start, Visit.window_end).where(
            Visit.shopper_id == shopper_id, Visit.status != "cancelled"
        )
    ).all()


def rotation_problems(visit, store, client, history, max_per_day=None):
    """Say why this shopper may not take this visit; an empty list means they may.

    `history` is the shopper's other non-cancelled visits. The daily limit applies to
    visits whose windows lie within one local day (see `visit_day`).
    """
    if max_per_day is None:
        max_per_day = current_app.config["MAX_VISITS_PER_DAY"]
    zone = client_zone(client.locale)
    window = timedelta(days=client.rotation_days)
    day = visit_day(visit.window_start, visit.window_end, zone)
    problems, same_day = [], 0
    for other_id, store_id, start, end in history:
        if other_id == visit.id:
            continue
        if store_id == visit.store_id and abs(start - visit.window_start) < window:
            problems.append(
                _(
                    "The shopper already has a visit to %(store)s on %(date)s (visit %(id)s), "
                    "within the client's %(days)s-day rotation window.",
                    store=store.name,
                    date=start.astimezone(zone).date().isoformat(),
                    id=other_id,
                    days=client.rotation_days,
                )
            )
        if day is not None and visit_day(start, end, zone) == day:
            same_day += 1
    if day is not None and same_day >= max_per_day:
        problems.append(
            _(
                "The shopper already has %(count)s visits on %(date)s; "
                "the limit is %(limit)s a day.",
                count=same_day,
                date=day.isoformat(),
                limit=max_per_day,
            )
        )
    return problems


def check_rotation(visit, shopper_id):
    """Return the rotation problems of giving this visit to this shopper."""
    store = db.session.get(Store, visit.store_id)
    wave = db.session.get(Wave, visit.wave_id)
    client = db.session.get(Client, wave.client_id)
    return rotation_problems(visit, store, client, shopper_history(shopper_id))
