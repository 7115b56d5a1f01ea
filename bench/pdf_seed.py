"""Seed bench/pdf.py's programme through the API: one store, 3 approved visits × 60 questions,
2 photos each, the visits answering a little differently as real ones do."""

import io
import os
import sys
import uuid
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, answers_for, sixty_question_checklist

sys.path.insert(0, ROOT)
PASSWORD = "bench password"
PHOTOS_PER_VISIT = 2


def photo(seed):
    """A camera-sized JPEG (2000×1500, noisy like a real photo); stored downscaled to 1600 px."""
    from PIL import Image, ImageDraw, ImageFilter

    image = Image.effect_noise((2000, 1500), 40).convert("RGB")
    image = Image.blend(image, Image.new("RGB", image.size, (90 + seed * 20, 120, 150)), 0.6)
    draw = ImageDraw.Draw(image)
    for i in range(8):
        x, y = (seed * 211 + i * 233) % 1800, (seed * 97 + i * 151) % 1300
        draw.rectangle((x, y, x + 300, y + 200), fill=(i * 30, 180 - i * 15, 90))
    out = io.BytesIO()
    image.filter(ImageFilter.SMOOTH).save(out, "JPEG", quality=85)
    return out.getvalue()


def definition_with_photos():
    """The 60-question checklist, its last question asking for photos instead."""
    definition = sixty_question_checklist()
    last = definition["sections"][-1]["questions"][-1]
    last.clear()
    last.update({"key": "photos", "text": "Photos of the shop floor", "type": "photo"})
    return definition


def seed(instance):
    """Build a programme through the API: one store, 3 approved visits, 2 photos each."""
    from flask_migrate import upgrade

    from mystery import create_app
    from mystery.auth.models import User
    from mystery.auth.services import hash_password
    from mystery.checklists.models import Checklist
    from mystery.clients.models import Client
    from mystery.extensions import db
    from mystery.stores.models import Store

    os.environ["MYSTERY_INSTANCE_PATH"] = instance
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance}/bench.db",
            "MEDIA_ROOT": f"{instance}/media",
            "SECRET_KEY": "bench",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "RATELIMIT_STORAGE_URI": "memory://",
            "SESSION_COOKIE_SECURE": False,
        }
    )
    definition = definition_with_photos()
    with app.app_context():
        upgrade()
        client = Client(name="Kaffebaren", locale="da")
        db.session.add(client)
        db.session.flush()
        store = Store(
            client_id=client.id,
            code="KB01",
            name="Kaffebaren Nørrebro",
            address="Nørrebrogade 1",
            city="København",
            region="Hovedstaden",
            latitude=55.69,
            longitude=12.55,
        )
        checklist = Checklist(
            client_id=client.id, name="Store audit", status="published", definition=definition
        )
        users = [
            User(
                email=f"{role}@bench.example",
                name=role.title(),
                role=role,
                password_hash=hash_password(PASSWORD),
            )
            for role in ("coordinator", "shopper")
        ]
        db.session.add_all([store, checklist, *users])
        db.session.commit()
        ids = (client.id, store.id, checklist.id, users[1].id)
    client_id, store_id, checklist_id, shopper_id = ids

    def login(email):
        http = app.test_client()
        token = http.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
        return http, {"X-CSRF-Token": token.json["csrf_token"]}

    coordinator, c_headers = login("coordinator@bench.example")
    shopper, s_headers = login("shopper@bench.example")
    today = date.today()
    wave = coordinator.post(
        "/api/v1/waves",
        headers=c_headers,
        json={
            "client_id": client_id,
            "checklist_id": checklist_id,
            "name": "Bench wave",
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=14)).isoformat(),
            "fee": "350.00",
            "store_ids": [store_id],
            "visits_per_store": 3,
        },
    ).json
    visits = coordinator.get(f"/api/v1/visits?wave_id={wave['id']}", headers=c_headers).json
    answers = [a for a in answers_for(sixty_question_checklist()) if a["question"] != "q3_14"]
    for number, visit in enumerate(visits):
        vid = visit["id"]
        coordinator.post(
            f"/api/v1/visits/{vid}/assign",
            headers=c_headers,
            json={"shopper_id": shopper_id, "override": True, "reason": "bench"},
        )
        shopper.post(f"/api/v1/visits/{vid}/accept", headers=s_headers, json={})
        submission = str(uuid.uuid4())
        media = [str(uuid.uuid4()) for _ in range(PHOTOS_PER_VISIT)]
        for index, media_uuid in enumerate(media):
            response = shopper.put(
                f"/api/v1/submissions/{submission}/media/{media_uuid}?question=photos",
                data=photo(number * PHOTOS_PER_VISIT + index),
                headers={**s_headers, "Content-Type": "image/jpeg"},
            )
            assert response.status_code == 201, response.json
        at = datetime.combine(today, clock(10, 0), UTC)
        body = {
            "visit_id": vid,
            "answers": [
                {**a, "comment": "Helpful staff, clean tables"} if i % 7 == 0 else a
                for i, a in enumerate(varied(answers, number))
            ]
            + [{"question": "photos", "value": None, "media": media}],
            "started_at": at.isoformat(),
            "finished_at": (at + timedelta(minutes=40)).isoformat(),
            "checkin": {
                "latitude": 55.69,
                "longitude": 12.55,
                "accuracy_m": 8,
                "at": at.isoformat(),
            },
        }
        response = shopper.put(f"/api/v1/submissions/{submission}", headers=s_headers, json=body)
        assert response.status_code == 201, response.json
        response = coordinator.post(
            f"/api/v1/visits/{vid}/review", headers=c_headers, json={"decision": "approve"}
        )
        assert response.status_code == 200, response.json
    return app, store_id, wave["id"]


OTHER = {"yes_no": False, "scale": 2, "choice": "a", "wait_time": 200, "smiley": "neutral"}


def varied(answers, number):
    """Make visits differ as real ones do: the second visit in every third question, the
    third in every fourth (a store report groups visits that answered alike)."""
    if number == 0:
        return answers
    kinds = {
        q["key"]: q["type"] for s in sixty_question_checklist()["sections"] for q in s["questions"]
    }
    return [
        {**a, "value": OTHER[kinds[a["question"]]]} if i % (number + 2) == 0 else a
        for i, a in enumerate(answers)
    ]
