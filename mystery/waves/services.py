"""Planning waves: checks, then one open visit per store and slot."""

from datetime import datetime, time

import sqlalchemy as sa
from flask_babel import gettext as _

from mystery.certifications.models import Certification
from mystery.checklists.models import Checklist
from mystery.clients.models import Client
from mystery.errors import Invalid
from mystery.extensions import db
from mystery.geo import client_zone
from mystery.stores.models import Store
from mystery.stores.services import require_client
from mystery.visits.models import Visit
from mystery.visits.services import log_event
from mystery.waves.models import Wave


def _field_error(field, message):
    raise Invalid(message=message, errors={"json": {field: [message]}})


def _check_checklist(client_id, checklist_id):
    """Return the checklist, which must be a published version of this client's."""
    checklist = db.session.get(Checklist, checklist_id)
    if checklist is None or checklist.client_id != client_id:
        _field_error(
            "checklist_id",
            _("Checklist %(id)s does not belong to this client.", id=checklist_id),
        )
    if checklist.status != "published":
        _field_error(
            "checklist_id", _("Checklist %(id)s is a draft; publish it first.", id=checklist_id)
        )
    return checklist


def _check_stores(client_id, store_ids):
    """Return the stores, which must all belong to the client."""
    unique_ids = list(dict.fromkeys(store_ids))
    # The client's stores, filtered here: an IN of the ids sent would be a parameter each.
    wanted = set(unique_ids)
    stores = [
        store
        for store in db.session.scalars(sa.select(Store).where(Store.client_id == client_id))
        if store.id in wanted
    ]
    missing = sorted(set(unique_ids) - {store.id for store in stores})
    if missing:
        listed = ", ".join(str(i) for i in missing)
        _field_error("store_ids", _("Not stores of this client: %(ids)s.", ids=listed))
    inactive = sorted(store.code for store in stores if not store.active)
    if inactive:
        listed = ", ".join(inactive)
        _field_error("store_ids", _("These stores are inactive: %(codes)s.", codes=listed))
    position = {store_id: index for index, store_id in enumerate(unique_ids)}
    return sorted(stores, key=lambda store: position[store.id])


def window_of(wave, zone):
    """Return the (start, end) datetimes every visit of the wave may happen within."""
    start_time = wave.window_start_time or time(0, 0)
    end_time = wave.window_end_time or time(23, 59, 59)
    start = datetime.combine(wave.starts_on, start_time, tzinfo=zone)
    end = datetime.combine(wave.ends_on, end_time, tzinfo=zone)
    return start, end


def create_wave(actor, data):
    """Create a wave and its open visits."""
    client = require_client(data["client_id"])
    _check_checklist(client.id, data["checklist_id"])
    stores = _check_stores(client.id, data["store_ids"])
    scenario = data.pop("scenario", "")
    data.pop("store_ids")
    if data.get("expense_cap") is None:
        data.pop("expense_cap", None)
    _check_certification(client.id, data.get("certification_id"))
    wave = Wave(**data, scenario=scenario)
    db.session.add(wave)
    db.session.flush()
    start, end = window_of(wave, client_zone(client.locale))
    visits = [
        Visit(
            wave_id=wave.id,
            store_id=store.id,
            window_start=start,
            window_end=end,
            scenario=scenario,
            status="open",
        )
        for store in stores
        for _slot in range(wave.visits_per_store)
    ]
    db.session.add_all(visits)
    db.session.flush()
    for visit in visits:
        log_event(visit, actor, "create", None, "open")
    return wave


def wave_extras(wave_ids):
    """Return {wave_id: (visit_count, store_ids)} in one query."""
    rows = db.session.execute(
        sa.select(Visit.wave_id, Visit.store_id, sa.func.count())
        .where(Visit.wave_id.in_(wave_ids))
        .group_by(Visit.wave_id, Visit.store_id)
        .order_by(Visit.store_id)
    )
    extras = {wave_id: [0, []] for wave_id in wave_ids}
    for wave_id, store_id, count in rows:
        extras[wave_id][0] += count
        extras[wave_id][1].append(store_id)
    return extras


def decorate(waves):
    """Attach visit counts, store ids and the client's currency to waves for output."""
    extras = wave_extras([wave.id for wave in waves])
    currencies = dict(
        db.session.execute(
            sa.select(Client.id, Client.currency).where(
                Client.id.in_({wave.client_id for wave in waves})
            )
        ).all()
    )
    for wave in waves:
        wave.visit_count, wave.store_ids = extras.get(wave.id, (0, []))
        wave.currency = currencies.get(wave.client_id)
    return waves


def _check_certification(client_id, certification_id):
    """Answer 422 unless the certification a wave requires belongs to the wave's client."""
    if certification_id is None:
        return
    found = db.session.get(Certification, certification_id)
    if found is None or found.client_id != client_id:
        _field_error(
            "certification_id",
            _("Certification %(id)s does not belong to this client.", id=certification_id),
        )


# Visits whose window may still move: nothing has been sent for them yet.
UNSENT = ("open", "assigned", "accepted", "returned")


def update_wave(actor, wave, data):
    """Apply changes to a wave; a new end moves the windows of its unsent visits with it."""
    if "ends_on" in data and data["ends_on"] < wave.starts_on:
        _field_error("ends_on", _("The wave cannot end before it starts."))
    if data.get("certification_id") is not None:
        _check_certification(wave.client_id, data["certification_id"])
    scenario = data.get("scenario")
    for field, value in data.items():
        setattr(wave, field, value)
    unsent = (
        sa.update(Visit)
        .where(Visit.wave_id == wave.id, Visit.status.in_(UNSENT))
        .execution_options(synchronize_session="fetch")
    )
    if "ends_on" in data:
        client = db.session.get(Client, wave.client_id)
        _start, end = window_of(wave, client_zone(client.locale))
        db.session.execute(unsent.values(window_end=end))
    if scenario is not None:
        db.session.execute(unsent.values(scenario=scenario))
    db.session.flush()
    return wave
