"""Demo data for `make demo`: two chains, their stores, checklists, waves and visits.

`seed_demo()` goes through the same services as the API (create_wave, transition,
receive_media, receive_submission), so scores, Answer rows, flags and the audit log are
exactly what the app produces. It is deterministic for a seed and a date.
"""

import random
from collections import Counter
from datetime import date

import sqlalchemy as sa

from mystery.auth.services import find_user_by_email
from mystery.demo.directory import CLIENT_USERS, CLIENTS, SHOPPERS, STAFF
from mystery.demo.field import show_field_flags
from mystery.demo.fieldwork import Fieldwork
from mystery.demo.loop import close_the_loop
from mystery.demo.notify import notify_demo
from mystery.demo.pay import seed_pay
from mystery.demo.setup import DEMO_PASSWORD, create_chains, create_checklists, create_people
from mystery.extensions import db
from mystery.geo import client_zone, distance_m
from mystery.visits.models import STATUSES, Visit

__all__ = ["DEMO_PASSWORD", "seed_demo"]

URL = "http://127.0.0.1:5000"
SHOPPER_NOTES = {
    "shopper@demo.mystery": "a returned visit to fix, visits to accept and do, open visits nearby",
}


def seed_demo(seed=2026, today=None):
    """Create the demo data (unless it is there already); return the lines to print."""
    if find_user_by_email(STAFF[0][0]) is not None:
        return ["Demo data is already in this database; nothing was added.", "", *logins()]
    rng = random.Random(seed)
    today = today or date.today()
    clients, stores = create_chains()
    people = create_people(clients)
    checklists = create_checklists(clients, today, client_zone("da"))
    db.session.commit()
    work = Fieldwork(rng, today, people, clients, stores, checklists)
    work.run()
    db.session.commit()
    show_field_flags(people)
    loop = close_the_loop(rng, people, clients, today)
    told = notify_demo(people, clients, today)
    pay = seed_pay(rng, people)
    return [
        *summary(work),
        loop_line(*loop),
        notify_line(*told),
        pay,
        "",
        *logins(),
        "",
        f"Open {URL} and sign in.",
    ]


def notify_line(notifications, reminders, deliveries):
    """Say what the notifications demo holds."""
    return (
        f"  notifications: {notifications} in the app ({reminders} reminder"
        f"{'' if reminders == 1 else 's'}; e-mail needs "
        f"SMTP_HOST), a Kaffebaren webhook with {deliveries} deliveries"
    )


def loop_line(actions, appeals):
    """Say what the client loop demo created."""
    return f"  client loop: {actions} corrective actions, {appeals} appeals (Kaffebaren)"


def summary(work):
    """Say what was created: visits per state, photos and integrity flags."""
    visits = db.session.scalars(sa.select(Visit)).all()
    states = Counter(visit.status for visit in visits)
    flags = Counter(flag["code"] for visit in visits for flag in visit.flags or [])
    return [
        "Mystery demo data",
        f"  {len(CLIENTS)} clients ({', '.join(CLIENTS)}), {len(work.stores)} stores, "
        f"{len(work.specs)} waves, {len(visits)} visits, {work.visiting.media_count} photos",
        "  visits: " + ", ".join(f"{state} {states[state]}" for state in STATUSES),
        "  flags:  " + ", ".join(f"{code} {count}" for code, count in sorted(flags.items())),
    ]


def home_city(latitude, longitude):
    """Name the city of the store nearest to a shopper's home."""
    stores = [store for spec in CLIENTS.values() for store in spec["stores"]]
    nearest = min(stores, key=lambda s: distance_m(latitude, longitude, s[5], s[6]))
    return nearest[3].split(" ")[0]


def logins():
    """Return the heading and the table of demo logins."""
    rows = [(role, email, sees) for email, _name, _locale, role, sees in STAFF]
    for email, name, _locale, latitude, longitude, _rating in SHOPPERS:
        note = SHOPPER_NOTES.get(email, "own visits, the job board, fees")
        rows.append(("shopper", email, f"{name}, {home_city(latitude, longitude)}: {note}"))
    rows += [("client", email, sees) for email, _n, _l, _c, _r, sees in CLIENT_USERS]
    width = max(len(email) for _role, email, _sees in rows)
    return [
        f"Demo logins (password for all: {DEMO_PASSWORD}) at {URL}:",
        f"  {'role':<12} {'email':<{width}}  sees",
        *(f"  {role:<12} {email:<{width}}  {sees}" for role, email, sees in rows),
    ]
