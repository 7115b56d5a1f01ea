"""The pieces every report context shares: branding, store and wave dicts, visit blocks,
photos, titles, the previous wave and the trend, the most failed questions.

Plain dicts of strings, numbers and lists, never ORM objects (see context.py).
"""

import re
import uuid

import sqlalchemy as sa
from flask import current_app, has_request_context, request

from mystery.analytics.queries import Scope
from mystery.analytics.stats import Moments, delta, out
from mystery.analytics.summary import wave_summary
from mystery.clients.models import Client
from mystery.database import utcnow
from mystery.extensions import db
from mystery.geo import TIMEZONES
from mystery.media.models import Media, MediaLink
from mystery.reports import history
from mystery.reports.i18n import Formatter
from mystery.reports.present import visit_block
from mystery.reports.significance import welch
from mystery.stores.models import Store
from mystery.submissions.models import Submission
from mystery.waves.models import Wave

COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
LOGO = re.compile(r"^data:image/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=]+$")
DEFAULT_COLOUR = "#1F4E79"
STORAGE_SETTINGS = ("MEDIA_ROOT", "S3_BUCKET", "S3_ENDPOINT_URL")


def storage_settings() -> dict:
    """Return the settings a worker needs to open media through the storage interface."""
    return {name: current_app.config.get(name) or "" for name in STORAGE_SETTINGS}


def client_dict(client: Client) -> dict:
    """Return the client's name and branding, checked so nothing odd reaches CSS or a URL."""
    colour = client.brand_colour if COLOUR.fullmatch(client.brand_colour or "") else DEFAULT_COLOUR
    logo = client.logo if client.logo and LOGO.fullmatch(client.logo) else None
    return {"id": client.id, "name": client.name, "colour": colour, "logo": logo}


def store_dict(store: Store) -> dict:
    """Return a store as a report shows it."""
    return {
        "id": store.id,
        "code": store.code,
        "name": store.name,
        "address": store.address or "",
        "city": store.city or "",
        "region": store.region or "",
    }


def wave_dict(wave: Wave) -> dict:
    """Return a wave as a report shows it."""
    return {
        "id": wave.id,
        "name": wave.name,
        "starts_on": wave.starts_on.isoformat(),
        "ends_on": wave.ends_on.isoformat(),
    }


def base_context(kind: str, client: Client, lang: str, title: str, subtitle: str) -> dict:
    """Return what every report has: id, time, language, zone, client, titles, storage."""
    return {
        "kind": kind,
        "lang": lang,
        "zone": TIMEZONES.get(client.locale, "UTC"),
        "report": {"id": str(uuid.uuid4()), "generated_at": utcnow().isoformat()},
        "client": client_dict(client),
        "title": title,
        "subtitle": subtitle,
        "storage": storage_settings(),
        "media_keys": [],
        "app_url": app_url(),
    }


def app_url() -> str:
    """Return the app's address for links in a report ("Create action"), or "" if unknown."""
    if has_request_context():
        return request.url_root
    return current_app.config.get("PUBLIC_URL") or ""


def _photos(submissions) -> dict:
    """Return {submission uuid: {media uuid: photo}} for the photos that arrived."""
    uuids = {s.uuid for s in submissions}
    if not uuids:
        return {}
    # Through the links: a resubmission's photos may have been uploaded under an earlier one.
    rows = db.session.execute(
        sa.select(
            Media.uuid,
            MediaLink.submission_uuid,
            Media.display_key,
            Media.thumb_key,
            Media.exif_taken_at,
            Media.created_at,
        )
        .join(MediaLink, MediaLink.media_id == Media.id)
        .where(MediaLink.submission_uuid.in_(uuids))
    ).all()
    result: dict = {}
    for media_uuid, submission_uuid, key, thumb, taken, uploaded in rows:
        moment = taken or uploaded
        result.setdefault(submission_uuid, {})[media_uuid] = {
            "key": key,
            "thumb": thumb or key,
            "taken_at": moment.isoformat() if moment else None,
        }
    return result


def visit_blocks(visits, definition: dict, lang: str, fmt: Formatter) -> list[dict]:
    """Build the report blocks of visits of one checklist, loading submissions and photos once."""
    ids = [v.current_submission_id for v in visits if v.current_submission_id]
    submissions = (
        {s.id: s for s in db.session.scalars(sa.select(Submission).where(Submission.id.in_(ids)))}
        if ids
        else {}
    )
    photos = _photos(submissions.values())
    blocks = []
    for visit in visits:
        submission = submissions.get(visit.current_submission_id)
        started = submission.started_at if submission else None
        finished = submission.finished_at if submission else None
        block = visit_block(
            {
                "id": visit.id,
                "started_at": (started or visit.submitted_at or visit.window_start).isoformat(),
                "status": visit.status,
            },
            definition,
            submission.answers if submission else [],
            (visit.score or {}) if submission else None,
            photos.get(submission.uuid, {}) if submission else {},
            lang,
            fmt,
        )
        block["finished_at"] = finished.isoformat() if finished else None
        blocks.append(block)
    return blocks


def media_keys(blocks, items=()) -> list[str]:
    """Return the media keys the photos of these blocks and the thumbnails of these Fix first
    items use (all the fetcher will serve)."""
    keys = {photo["key"] for block in blocks for photo in block["photos"]}
    keys |= {item["photo"]["thumb"] for item in items if item.get("photo")}
    return sorted(keys)


def document_title(lang: str, kind_title: str, *names) -> str:
    """Name the report, its store and wave: "Store report - Kaffebaren Aarhus C - Q4 2026"."""
    return " - ".join([kind_title, *(name for name in names if name)])


def _number_of(outline) -> dict:
    """Return {question key: (number, section title)} from a checklist outline."""
    return {
        q["key"]: (q["number"], section["title"])
        for section in outline
        for q in section["questions"]
    }


def most_failed(questions, outline, limit=10) -> list[dict]:
    """Return the questions failed most often (fail rate > 0), worst first."""
    numbers = _number_of(outline)
    failed = [q for q in questions if q.get("fail_rate")]
    failed.sort(key=lambda q: (-q["fail_rate"], numbers.get(q["key"], ("",))[0]))
    return [
        {
            "number": numbers.get(q["key"], ("", ""))[0],
            "section": numbers.get(q["key"], ("", ""))[1],
            "text": q["text"],
            "fail_rate": q["fail_rate"],
            "answered": q.get("answered", 0),
        }
        for q in failed[:limit]
    ]


def _metrics(summary: dict) -> dict:
    """Pick NPS, CSAT, CES and wait times out of a summary, with their defaults."""
    return {
        "nps": summary.get("nps") or {"nps": None, "n": 0},
        "csat": summary.get("csat") or {"csat": None, "n": 0},
        "ces": summary.get("ces") or {"ces": None, "n": 0},
        "wait_time": summary.get("wait_time") or {"n": 0, "questions": []},
    }


def chain_summary(wave: Wave, lang: str, regions=None) -> dict:
    """Summarise the client's whole wave (within the viewer's regions): the comparison base,
    with the moments of its approved totals that a store's change is tested against."""
    summary = wave_summary(wave, client_id_scope=wave.client_id, regions=regions, lang=lang)
    # Read here, once per job, not once per store report: it aggregates the whole wave
    # (a scan of 25,000 visits per store in a 1,000-store job, in the parent process).
    scope = Scope(wave.client_id, tuple(regions or ()))
    return {**summary, "moments": history.wave_history(wave, scope, limit=1)[-1]["moments"]}


def previous_wave(trend: list[dict], checklist_id: int, current: Moments) -> dict | None:
    """Return the previous wave of a trend with the change since and whether it is real."""
    if len(trend) < 2:
        return None
    before = trend[-2]
    moments = before["moments"]
    return {
        "id": before["id"],
        "name": before["name"],
        "starts_on": before["starts_on"],
        "ends_on": before["ends_on"],
        "n": moments.n,
        "mean": out(moments.mean),
        "delta": delta(current.mean, moments.mean),
        "verdict": welch(current, moments)["verdict"],
        "other_version": before["checklist_id"] != checklist_id,
        "checklist": before["checklist"],
    }


def trend_points(trend: list[dict]) -> list[dict]:
    """Return the trend's waves as plain points: name, dates, mean, n, checklist version."""
    return [
        {
            "name": point["name"],
            "starts_on": point["starts_on"],
            "ends_on": point["ends_on"],
            "mean": out(point["moments"].mean),
            "n": point["moments"].n,
            "version": point["checklist"]["version"],
        }
        for point in trend
    ]
