"""Build the wave (chain) report's context: every store ranked by what its interval allows,
stores × sections, regions, critical failures, the distribution of totals, metrics."""

import sqlalchemy as sa

from mystery.analytics.queries import Scope
from mystery.analytics.stats import out
from mystery.checklists.models import Checklist
from mystery.clients.models import Client
from mystery.extensions import db
from mystery.reports import history
from mystery.reports.i18n import gettext
from mystery.reports.parts import (
    _metrics,
    base_context,
    chain_summary,
    document_title,
    most_failed,
    previous_wave,
    trend_points,
    wave_dict,
)
from mystery.reports.present import checklist_outline
from mystery.reports.significance import LOW_N, rank_ranges, welch
from mystery.scoring import iter_questions, localize
from mystery.stores.models import Store
from mystery.visits.models import Visit
from mystery.waves.models import Wave


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
