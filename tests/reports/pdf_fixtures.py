"""Fixtures for the report tests: a wave with approved visits, comments and real photos."""

import io
import shutil
import subprocess
import uuid
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace

import pytest
from PIL import Image, ImageDraw

from tests.conftest import full_answers

COMMENT = "Friendly barista, the counter was spotless"


def jpeg(seed=0, size=(800, 600)):
    """A JPEG photo with some structure (Pillow), different per seed."""
    image = Image.new("RGB", size, (40 + seed * 30 % 200, 120, 160))
    draw = ImageDraw.Draw(image)
    for i in range(6):
        x = (seed * 37 + i * 131) % size[0]
        y = (seed * 53 + i * 97) % size[1]
        draw.rectangle((x, y, x + size[0] // 4, y + size[1] // 5), fill=(i * 40, 200 - i * 20, 90))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def pdftotext(pdf: bytes) -> str:
    """Extract a PDF's text with poppler's pdftotext, whitespace runs made single spaces."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed")
    run = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(run.stdout.decode().split())


def pdfimages(pdf: bytes, tmp_path) -> list[str]:
    """List the images of a PDF (`pdfimages -list`), one line per image."""
    if shutil.which("pdfimages") is None:
        pytest.skip("poppler-utils is not installed")
    path = tmp_path / f"{uuid.uuid4()}.pdf"
    path.write_bytes(pdf)
    run = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, check=True)
    return [line for line in run.stdout.decode().splitlines()[2:] if line.strip()]


def iso(days=0, hour=10, minute=0):
    moment = datetime.combine(date.today() + timedelta(days=days), time(hour, minute), UTC)
    return moment.isoformat()


class Programme:
    """Drive the `field` programme through the API up to approved visits with photos."""

    def __init__(self, app, field):
        self.app = app
        self.field = field
        self.coordinator = field.coordinator
        self.shopper = field.shopper
        self.seed = 0

    def wave(self, store_indexes=(0, 1, 2), visits_per_store=1, **extra):
        """Plan a wave over some of the stores; return (wave, [visit ids by store index])."""
        store_ids = [self.field.stores[i].id for i in store_indexes]
        wave = self.field.wave(store_ids=store_ids, visits_per_store=visits_per_store, **extra)
        visits = self.coordinator.get(f"/api/v1/visits?wave_id={wave['id']}").json
        return wave, visits

    def approve(self, visit_id, comment=COMMENT, review=True, **overrides):
        """Assign, accept, upload a photo, submit and approve one visit."""
        response = self.coordinator.post(
            f"/api/v1/visits/{visit_id}/assign",
            json={
                "shopper_id": self.field.shopper_user.id,
                "override": True,
                "reason": "Test programme",
            },
        )
        assert response.status_code == 200, response.json
        assert self.shopper.post(f"/api/v1/visits/{visit_id}/accept", json={}).status_code == 200
        submission_uuid, media_uuid = str(uuid.uuid4()), str(uuid.uuid4())
        answers = full_answers(**overrides)
        for answer in answers:
            if answer["question"] == "counter":
                answer["media"] = [media_uuid]
            if answer["question"] == "friendly" and comment:
                answer["comment"] = comment
        self.seed += 1
        response = self.shopper.put(
            f"/api/v1/submissions/{submission_uuid}/media/{media_uuid}?question=counter",
            data=jpeg(self.seed),
            headers={"Content-Type": "image/jpeg"},
        )
        assert response.status_code == 201, response.json
        store = next(s for s in self.field.stores if s.id == self._store_of(visit_id))
        body = {
            "visit_id": visit_id,
            "answers": answers,
            "started_at": iso(0, 10, 0),
            "finished_at": iso(0, 10, 30),
            "checkin": {
                "latitude": store.latitude,
                "longitude": store.longitude,
                "accuracy_m": 10,
                "at": iso(0, 10, 0),
            },
        }
        response = self.shopper.put(f"/api/v1/submissions/{submission_uuid}", json=body)
        assert response.status_code == 201, response.json
        if review:
            response = self.coordinator.post(
                f"/api/v1/visits/{visit_id}/review", json={"decision": "approve"}
            )
            assert response.status_code == 200, response.json
        return visit_id

    def _store_of(self, visit_id):
        return self.coordinator.get(f"/api/v1/visits/{visit_id}").json["store"]["id"]


@pytest.fixture
def programme(app, field):
    """The `field` programme with helpers for approved visits with photos."""
    return Programme(app, field)


@pytest.fixture
def approved_wave(programme):
    """A wave over three stores: two visits approved (one with a critical failure), one open."""
    wave, visits = programme.wave()
    by_store = {}
    for visit in visits:
        by_store.setdefault(visit["store"]["id"], []).append(visit["id"])
    stores = programme.field.stores
    good = programme.approve(by_store[stores[0].id][0])
    poor = programme.approve(by_store[stores[1].id][0], greeted=False, friendly=3, upsell="partly")
    return SimpleNamespace(
        wave=wave, good=good, poor=poor, open=by_store[stores[2].id][0], stores=stores
    )
