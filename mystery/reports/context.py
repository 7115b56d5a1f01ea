"""Build report contexts: plain dicts of strings, numbers and lists, never ORM objects.

A context carries everything its template needs (labels are in the template, values here),
plus the storage settings and the media keys the renderer's fetcher may serve, so any
process can render it without a database or an app.
"""

import re
import uuid

import sqlalchemy as sa
from flask import current_app

from mystery.analytics.summary import store_summary, wave_summary
from mystery.checklists.models import Checklist
from mystery.clients.models import Client
from mystery.database import utcnow
from mystery.extensions import db
from mystery.geo import TIMEZONES
from mystery.media.models import Media, MediaLink
from mystery.reports.i18n import Formatter, gettext
from mystery.reports.present import checklist_outline, visit_block
from mystery.scoring import round_half_away
from mystery.stores.models import Store
from mystery.submissions.models import Submission
from mystery.visits.models import Visit
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
    }


def _photos(submissions) -> dict:
    """Return {submission uuid: {media uuid: photo}} for the photos that arrived."""
    uuids = {s.uuid for s in submissions}
    if not uuids:
        return {}
    # Through the links: a resubmission's photos may have been uploaded under an earlier one.
    rows = db.session.execute(
        sa.select(Media.uuid, MediaLink.submission_uuid, Media.display_key)
        .join(MediaLink, MediaLink.media_id == Media.id)
        .where(MediaLink.submission_uuid.in_(uuids))
    ).all()
    result: dict = {}
    for media_uuid, submission_uuid, key in rows:
        result.setdefault(submission_uuid, {})[media_uuid] = {"key": key}
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


def media_keys(blocks) -> list[str]:
    """Return the media keys the photos of these blocks use (all the fetcher will serve)."""
    return sorted({photo["key"] for block in blocks for photo in block["photos"]})


def visit_context(visit: Visit, lang: str) -> dict:
    """Build the context of one visit's report."""
    wave = db.session.get(Wave, visit.wave_id)
    store = db.session.get(Store, visit.store_id)
    client = db.session.get(Client, wave.client_id)
    checklist = db.session.get(Checklist, wave.checklist_id)
    context = base_context(
        "visit", client, lang, gettext(lang, "Visit report"), f"{store.name} · {wave.name}"
    )
    fmt = Formatter(lang, context["zone"])
    block = visit_blocks([visit], checklist.definition, lang, fmt)[0]
    context.update(
        store=store_dict(store),
        wave=wave_dict(wave),
        checklist={"name": checklist.name, "version": checklist.version},
        outline=checklist_outline(checklist.definition, lang),
        visit=block,
        media_keys=media_keys([block]),
    )
    return context


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
    """Summarise the client's whole wave (within the viewer's regions): the comparison base."""
    return wave_summary(wave, client_id_scope=wave.client_id, regions=regions, lang=lang)


def store_context(store: Store, wave: Wave, lang: str, regions=None, chain=None) -> dict:
    """Build the context of a store's report for one wave."""
    client = db.session.get(Client, wave.client_id)
    checklist = db.session.get(Checklist, wave.checklist_id)
    context = base_context(
        "store", client, lang, gettext(lang, "Store report"), f"{store.name} · {wave.name}"
    )
    fmt = Formatter(lang, context["zone"])
    outline = checklist_outline(checklist.definition, lang)
    summary = store_summary(wave, store, lang=lang)
    chain = chain or chain_summary(wave, lang, regions)
    chain_sections = {s["key"]: s.get("mean") for s in chain.get("sections", [])}
    visits = db.session.scalars(
        sa.select(Visit)
        .where(Visit.wave_id == wave.id, Visit.store_id == store.id, Visit.status == "approved")
        .order_by(Visit.submitted_at, Visit.id)
    ).all()
    blocks = visit_blocks(visits, checklist.definition, lang, fmt)
    blocks.sort(key=lambda block: (block["started_at"] or "", block["id"]))
    for number, block in enumerate(blocks, start=1):
        block["number"] = number
    overall = summary["overall"]
    client_mean = chain["overall"].get("mean")
    delta_client = (
        None
        if overall.get("mean") is None or client_mean is None
        else round_half_away(overall["mean"] - client_mean)
    )
    context.update(
        store=store_dict(store),
        wave=wave_dict(wave),
        checklist={"name": checklist.name, "version": checklist.version},
        outline=outline,
        summary={
            "approved": len(blocks),
            "overall": overall,
            "previous": summary.get("previous_wave"),
            "client_mean": client_mean,
            "delta_client": delta_client,
            "sections": [
                {**section, "client": chain_sections.get(section["key"])}
                for section in summary.get("sections", [])
            ],
            "failed": most_failed(summary.get("questions", []), outline),
            **_metrics(summary),
        },
        visits=blocks,
        media_keys=media_keys(blocks),
    )
    return context


def visit_totals(wave: Wave, regions=None) -> list[float]:
    """Return the totals of the wave's approved visits (within regions), for a histogram."""
    statement = (
        sa.select(Visit.score_total)
        .join(Store, Store.id == Visit.store_id)
        .where(
            Visit.wave_id == wave.id,
            Visit.status == "approved",
            Visit.score_total.is_not(None),
            Store.client_id == wave.client_id,
        )
    )
    if regions:
        statement = statement.where(Store.region.in_(regions))
    return [float(total) for total in db.session.scalars(statement)]


def wave_context(wave: Wave, lang: str, regions=None) -> dict:
    """Build the context of a wave's chain report: ranking, regions, distribution, metrics."""
    client = db.session.get(Client, wave.client_id)
    checklist = db.session.get(Checklist, wave.checklist_id)
    context = base_context("wave", client, lang, gettext(lang, "Chain report"), wave.name)
    outline = checklist_outline(checklist.definition, lang)
    summary = chain_summary(wave, lang, regions)
    sections = summary.get("sections", [])
    context.update(
        wave=wave_dict(wave),
        checklist={"name": checklist.name, "version": checklist.version},
        summary={
            "approved": summary["counts"].get("approved", 0),
            "overall": summary["overall"],
            "previous": summary.get("previous_wave"),
            "stores": summary.get("stores", []),
            "sections": sections,
            "regions": [
                {
                    "region": region["region"] or "–",
                    "mean": region.get("mean"),
                    "n": region.get("n", 0),
                    "cells": [region["sections"].get(s["key"]) for s in sections],
                }
                for region in summary.get("regions", [])
            ],
            "failed": most_failed(summary.get("questions", []), outline),
            "totals": visit_totals(wave, regions),
            **_metrics(summary),
        },
    )
    return context
