"""Turn lifecycle signals into notifications for the people DESIGN §14 names."""

import sqlalchemy as sa

from mystery.access import visible_stores
from mystery.auth.models import User
from mystery.auth.signals import password_reset_requested
from mystery.clients.models import Client
from mystery.extensions import db
from mystery.jobs.signals import report_job_done
from mystery.notifications.services import notify, user_of
from mystery.stores.models import Store
from mystery.visits.signals import (
    visit_approved,
    visit_assigned,
    visit_cancelled,
    visit_reassigned,
    visit_returned,
    visit_unassigned,
)
from mystery.waves.models import Wave

# The currency a client pays in when it names none (DESIGN §13).
CURRENCIES = {"da": "DKK", "sv": "SEK", "en": "EUR"}


def visit_params(visit):
    """The facts about a visit its notifications speak of (no shopper identity)."""
    store = db.session.get(Store, visit.store_id)
    wave = db.session.get(Wave, visit.wave_id)
    client = db.session.get(Client, wave.client_id)
    return {
        "store": store.name,
        "address": ", ".join(part for part in (store.address, store.city) if part),
        "wave": wave.name,
        "start": visit.window_start.isoformat(),
        "end": visit.window_end.isoformat(),
        "zone": client.locale,
        "link": f"/visits/{visit.id}",
    }


def _is_actor(user_id, actor):
    """Nobody is told of what they did themselves (a shopper claiming, declining)."""
    return getattr(actor, "id", None) is not None and actor.id == user_id


def _tell_shopper(visit, kind, shopper_id, actor, **extra):
    if shopper_id is None or _is_actor(shopper_id, actor):
        return
    notify(user_of(shopper_id), kind, {**visit_params(visit), **extra}, visit_id=visit.id)


@visit_assigned.connect
def _assigned(visit, actor=None, **_):
    _tell_shopper(visit, "visit_assigned", visit.shopper_id, actor)


@visit_returned.connect
def _returned(visit, actor=None, note=None, **_):
    _tell_shopper(visit, "visit_returned", visit.shopper_id, actor, note=note or "")


@visit_approved.connect
def _approved(visit, actor=None, **_):
    wave = db.session.get(Wave, visit.wave_id)
    client = db.session.get(Client, wave.client_id)
    currency = getattr(wave, "currency", None) or getattr(client, "currency", None)
    fee = {"fee": f"{wave.fee:.2f}", "currency": currency or CURRENCIES.get(client.locale, "EUR")}
    _tell_shopper(visit, "visit_approved", visit.shopper_id, actor, **fee)
    if visit.critical_failed:
        _tell_clients_of_critical_failure(visit, client)


@visit_cancelled.connect
def _cancelled(visit, actor=None, previous_shopper_id=None, **_):
    _tell_shopper(visit, "visit_cancelled", previous_shopper_id, actor)


@visit_reassigned.connect
@visit_unassigned.connect
def _taken_away(visit, actor=None, previous_shopper_id=None, **_):
    _tell_shopper(visit, "visit_reassigned", previous_shopper_id, actor)


def _tell_clients_of_critical_failure(visit, client):
    """Tell the client's users who can see the store (their regions apply) of a failure."""
    users = db.session.scalars(
        sa.select(User).where(
            User.role == "client", User.client_id == client.id, User.active.is_(True)
        )
    )
    params = visit_params(visit)
    params["link"] = f"/dashboard/visits/{visit.id}"
    submitted = visit.submitted_at or visit.approved_at
    params["date"] = submitted.astimezone(_zone(client)).date().isoformat() if submitted else None
    for user in users:
        sees = visible_stores(user, sa.select(Store.id).where(Store.id == visit.store_id))
        if db.session.scalar(sees) is not None:
            notify(user, "critical_failure", params, visit_id=visit.id)


def _zone(client):
    from mystery.geo import client_zone

    return client_zone(client.locale)


@report_job_done.connect
def _report_done(job, **_):
    wave = db.session.get(Wave, job.wave_id)
    params = {"wave": wave.name, "link": "/dashboard", "job_id": job.id}
    notify(user_of(job.requested_by), "report_job_done", params)


@password_reset_requested.connect
def _reset(user, link=None, **_):
    # The link is the secret: it goes into the mail only, never into the in-app list.
    notify(user, "password_reset", {}, mail_params={"link": link})
