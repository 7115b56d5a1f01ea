"""Search and sort of the visit list (DESIGN §16)."""

import sqlalchemy as sa

from mystery.auth.models import User
from mystery.listing import order, search
from mystery.stores.models import Store
from mystery.visits.models import Visit

SORT_COLUMNS = {
    "id": Visit.id,
    "window_start": Visit.window_start,
    "window_end": Visit.window_end,
    "status": Visit.status,
    "store": Store.name,
    "store_code": Store.code,
    "city": Store.city,
    "region": Store.region,
    "submitted_at": Visit.submitted_at,
    "approved_at": Visit.approved_at,
    "score": Visit.score_total,
}


def search_and_sort(statement, args, viewer):
    """Join the store, keep visits matching `q`, order them by `sort` (default: window)."""
    statement = statement.join(Store, Store.id == Visit.store_id)
    q = (args.get("q") or "").strip()
    if q:
        matching_stores = search(sa.select(Store.id), q, (Store.name, Store.code, Store.city))
        condition = Visit.store_id.in_(matching_stores)
        if viewer.is_staff:  # only staff may know, and so find, who made a visit
            shoppers = search(sa.select(User.id), q, (User.name, User.email))
            condition = sa.or_(condition, Visit.shopper_id.in_(shoppers))
        statement = statement.where(condition)
    return order(
        statement,
        args.get("sort"),
        SORT_COLUMNS,
        default=(Visit.window_start, Visit.id),
        tiebreak=Visit.id,
    )
