"""Build report contexts: plain dicts of strings, numbers and lists, never ORM objects.

A context carries everything its template needs (labels are in the template, values here),
plus the storage settings and the media keys the renderer's fetcher may serve, so any
process can render it without a database or an app.
"""

import re
import uuid

import sqlalchemy as sa
from flask import current_app, has_request_context, request

from mystery.actions.report import actions_for_report
from mystery.analytics.queries import Scope
from mystery.analytics.stats import Moments, delta, out
from mystery.analytics.summary import store_summary, wave_summary
from mystery.checklists.models import Checklist
from mystery.clients.models import Client
from mystery.database import utcnow
from mystery.extensions import db
from mystery.geo import TIMEZONES
from mystery.media.models import Media, MediaLink
from mystery.reports import history
from mystery.reports.i18n import Formatter, gettext
from mystery.reports.present import answer_lines, checklist_outline, fix_first, visit_block
from mystery.reports.significance import LOW_N, rank_ranges, welch
from mystery.scoring import iter_questions, localize, round_half_away
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


def visit_context(visit: Visit, lang: str) -> dict:
    """Build the context of one visit's report."""
    wave = db.session.get(Wave, visit.wave_id)
    store = db.session.get(Store, visit.store_id)
    client = db.session.get(Client, wave.client_id)
    checklist = db.session.get(Checklist, wave.checklist_id)
    title = gettext(lang, "Visit report")
    context = base_context("visit", client, lang, title, f"{store.name} · {wave.name}")
    fmt = Formatter(lang, context["zone"])
    outline = checklist_outline(checklist.definition, lang)
    block = visit_blocks([visit], checklist.definition, lang, fmt)[0]
    items = fix_first(outline, [block], lang)
    context.update(
        document_title=document_title(
            lang, title, store.name, wave.name, fmt.date(block["started_at"])
        ),
        store=store_dict(store),
        wave=wave_dict(wave),
        checklist={"name": checklist.name, "version": checklist.version},
        outline=outline,
        visit=block,
        fix_first=items,
        score_history=history_entries(visit.score_history),
        media_keys=media_keys([block], items),
    )
    return context


def history_entries(history) -> list[dict]:
    """Return a visit's earlier totals (appeals that re-scored it), without who changed them."""
    return [
        {
            "total": entry.get("total"),
            "new_total": entry.get("new_total"),
            "changed_at": entry.get("changed_at"),
            "reason": entry.get("reason") or "",
        }
        for entry in history or []
    ]


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
    title = gettext(lang, "Store report")
    context = base_context("store", client, lang, title, f"{store.name} · {wave.name}")
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
    scope = Scope(wave.client_id, tuple(regions or ()))
    trend = history.wave_history(wave, scope, store_id=store.id)
    chain_now = history.wave_history(wave, scope, limit=1)[-1]["moments"]
    current = trend[-1]["moments"]
    previous = previous_wave(trend, checklist.id, current)
    items = fix_first(outline, blocks, lang)
    context.update(
        document_title=document_title(lang, title, store.name, wave.name),
        store=store_dict(store),
        wave=wave_dict(wave),
        checklist={"name": checklist.name, "version": checklist.version},
        outline=outline,
        summary={
            "approved": len(blocks),
            "overall": {**overall, "low_n": current.n < LOW_N},
            "previous": previous,
            "client_mean": client_mean,
            "delta_client": delta_client,
            "client_verdict": welch(current, chain_now)["verdict"],
            "sections": [
                {**section, "client": chain_sections.get(section["key"])}
                for section in summary.get("sections", [])
            ],
            "failed": most_failed(summary.get("questions", []), outline),
            "trend": trend_points(trend),
            **_metrics(summary),
        },
        fix_first=items,
        actions=[
            {**action, "due_on": action["due_on"].isoformat() if action["due_on"] else None}
            for action in actions_for_report(store.id, wave.id)
        ],
        visits=blocks,
        answer_sections=answer_lines(outline, blocks, lang, fmt),
        media_keys=media_keys(blocks, items),
    )
    return context


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
    """Build the context of a wave's chain report: every store ranked by what its interval
    allows, stores × sections, regions, critical failures, distribution, metrics."""
    client = db.session.get(Client, wave.client_id)
    checklist = db.session.get(Checklist, wave.checklist_id)
    title = gettext(lang, "Chain report")
    context = base_context("wave", client, lang, title, wave.name)
    outline = checklist_outline(checklist.definition, lang)
    summary = chain_summary(wave, lang, regions)
    sections = summary.get("sections", [])
    scope = Scope(wave.client_id, tuple(regions or ()))
    trend = history.wave_history(wave, scope)
    current = trend[-1]["moments"]
    previous = previous_wave(trend, checklist.id, current)
    context.update(
        document_title=document_title(lang, title, wave.name),
        wave=wave_dict(wave),
        checklist={"name": checklist.name, "version": checklist.version},
        summary={
            "approved": summary["counts"].get("approved", 0),
            "overall": {**summary["overall"], "low_n": current.n < LOW_N},
            "previous": previous,
            "stores": chain_stores(wave, scope, summary, sections, previous),
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
            "critical": critical_failures(wave, scope, checklist.definition, lang),
            "failed": most_failed(summary.get("questions", []), outline),
            "totals": visit_totals(wave, regions),
            "trend": trend_points(trend),
            **_metrics(summary),
        },
    )
    return context


def chain_stores(wave, scope, summary, sections, previous) -> list[dict]:
    """Return every store of the wave: the ranked ones with their rank range, section means
    and whether their change is real, then those without approved visits."""
    wave_ids = [wave.id] + ([previous["id"]] if previous else [])
    moments = history.store_moments(wave_ids, scope)
    cells = history.store_sections(wave.id, scope)
    ranked = []
    for store in summary.get("stores", []):
        now = moments.get((wave.id, store["store_id"]))
        before = moments.get((previous["id"], store["store_id"])) if previous else None
        ranked.append(
            {
                **store,
                "verdict": welch(now, before)["verdict"] if before else None,
                "cells": [out(cells.get((store["store_id"], s["key"]))) for s in sections],
                "no_visits": False,
            }
        )
    rank_ranges(ranked)
    seen = {store["store_id"] for store in ranked}
    empty = [
        {
            "store_id": row["id"],
            "code": row["code"],
            "name": row["name"],
            "city": row["city"] or "",
            "region": row["region"] or "",
            "mean": None,
            "n": 0,
            "rank_low": None,
            "rank_high": None,
            "ci_low": None,
            "ci_high": None,
            "delta_previous": None,
            "verdict": None,
            "cells": [None for _ in sections],
            "no_visits": True,
        }
        for row in history.wave_stores(wave.id, scope)
        if row["id"] not in seen
    ]
    return ranked + empty


def critical_failures(wave, scope, definition, lang) -> list[dict]:
    """List the wave's visits with a failed critical question: store, date, the questions."""
    texts = {q["key"]: localize(q.get("text"), lang) for _s, q in iter_questions(definition)}
    critical = {q["key"] for _s, q in iter_questions(definition) if q.get("critical") is True}
    found = []
    for visit, name, code in history.critical_visits(wave.id, scope):
        questions = (visit.score or {}).get("exact", {}).get("questions", {})
        failed = [
            texts[key]
            for key in texts
            if key in critical
            and questions.get(key, {}).get("score") in ("0", 0)
            and questions.get(key, {}).get("reason") is None
        ]
        found.append(
            {
                "store": name,
                "code": code,
                "visit_id": visit.id,
                "at": (visit.submitted_at or visit.window_start).isoformat(),
                "questions": failed,
            }
        )
    return found
