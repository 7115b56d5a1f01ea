"""Build report contexts: plain dicts of strings, numbers and lists, never ORM objects.

A context carries everything its template needs (labels are in the template, values here),
plus the storage settings and the media keys the renderer's fetcher may serve, so any
process can render it without a database or an app. This module builds the visit and store
reports; the shared pieces are in parts.py, the chain report in chain_context.py.
"""

import sqlalchemy as sa

from mystery.actions.report import actions_for_report
from mystery.analytics.queries import Scope
from mystery.analytics.summary import store_summary
from mystery.checklists.models import Checklist
from mystery.clients.models import Client
from mystery.extensions import db
from mystery.reports import history
from mystery.reports.chain_context import wave_context  # noqa: F401  (one import for all)
from mystery.reports.i18n import Formatter, gettext
from mystery.reports.parts import (  # noqa: F401  (_photos, chain_summary: callers import here)
    _metrics,
    _photos,
    base_context,
    chain_summary,
    document_title,
    media_keys,
    most_failed,
    previous_wave,
    store_dict,
    trend_points,
    visit_blocks,
    wave_dict,
)
from mystery.reports.present import answer_lines, checklist_outline, fix_first
from mystery.reports.significance import LOW_N, welch
from mystery.scoring import round_half_away
from mystery.stores.models import Store
from mystery.visits.models import Visit
from mystery.waves.models import Wave


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
    if "moments" in chain:
        chain_now = chain["moments"]
    else:  # a summary from elsewhere, without them
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
