"""The demo's people, chains, stores and checklist versions."""

from datetime import UTC, datetime, time, timedelta

from mystery.auth.models import User
from mystery.auth.services import hash_password
from mystery.checklists import services as checklists
from mystery.clients.models import Client
from mystery.clients.schemas import ClientCreateSchema
from mystery.demo.cafe import cafe_v1, cafe_v2
from mystery.demo.directory import CLIENT_USERS, CLIENTS, SHOPPERS, STAFF
from mystery.demo.grocery import store_visit
from mystery.extensions import db
from mystery.stores.schemas import StoreCreateSchema
from mystery.stores.services import create_store

DEMO_PASSWORD = "demo-password"


def create_people(clients):
    """Create staff, shoppers and client users; return them by email."""
    # One hash for all: every demo login has the same password, and scrypt is slow.
    password_hash = hash_password(DEMO_PASSWORD)
    people = {}
    for email, name, locale, role, _sees in STAFF:
        people[email] = User(email=email, name=name, role=role, locale=locale)
    for email, name, locale, latitude, longitude, rating in SHOPPERS:
        people[email] = User(
            email=email,
            name=name,
            role="shopper",
            locale=locale,
            home_latitude=latitude,
            home_longitude=longitude,
            rating=rating,
        )
    for email, name, locale, client, regions, _sees in CLIENT_USERS:
        people[email] = User(
            email=email,
            name=name,
            role="client",
            locale=locale,
            client_id=clients[client].id,
            regions=regions,
        )
    for user in people.values():
        user.password_hash = password_hash
        db.session.add(user)
    db.session.flush()
    return people


def create_chains():
    """Create the two clients and their stores; return ({name: client}, {code: store})."""
    clients, stores = {}, {}
    for name, spec in CLIENTS.items():
        fields = {k: v for k, v in spec.items() if k != "stores"}
        client = Client(**ClientCreateSchema().load({"name": name, **fields}))
        db.session.add(client)
        db.session.flush()
        clients[name] = client
        for code, store_name, address, city, region, latitude, longitude in spec["stores"]:
            row = {
                "client_id": client.id,
                "code": code,
                "name": store_name,
                "address": address,
                "city": city,
                "region": region,
                "latitude": latitude,
                "longitude": longitude,
            }
            stores[code] = create_store(StoreCreateSchema().load(row))
    return clients, stores


def _at(today, days, zone):
    """Return 09:30 local time, `days` from today, in UTC."""
    return datetime.combine(today + timedelta(days=days), time(9, 30), zone).astimezone(UTC)


def create_checklists(clients, today, zone):
    """Publish the café checklist, revise it into version 2, and publish the grocery one."""
    cafe = checklists.create_checklist(
        {"client_id": clients["Kaffebaren"].id, "name": "Cafébesøg", "definition": cafe_v1()}
    )
    checklists.publish(cafe)
    revised = checklists.revise(cafe)
    checklists.replace_definition(revised, cafe_v2())
    checklists.publish(revised)
    grocery = checklists.create_checklist(
        {"client_id": clients["Skafferiet"].id, "name": "Butiksbesök", "definition": store_visit()}
    )
    checklists.publish(grocery)
    # Back-date them to when a coordinator would have built them, before the waves.
    for checklist, created, published in ((cafe, -140, -130), (revised, -45, -38),
                                          (grocery, -110, -100)):  # fmt: skip
        checklist.created_at = _at(today, created, zone)
        checklist.published_at = _at(today, published, zone)
    db.session.flush()
    return {"cafe_v1": cafe, "cafe_v2": revised, "grocery": grocery}
