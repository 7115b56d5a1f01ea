"""Wave and store summaries (DESIGN §4 wave metrics) over approved visits, aggregated in SQL.

Each summary runs a fixed number of GROUP BY queries whatever the number of visits or answers
(queries.py, lines.py, live.py; on PostgreSQL the region totals of rollups/), finishes the
numbers in Python from counts, sums and sums of squares (stats.py) and rounds only for
output. A summary only reads. Only a visit's current submission counts, through
visits.current_submission_id.
"""

from collections import defaultdict

import sqlalchemy as sa
from flask import current_app

from mystery.analytics import rollups, stats
from mystery.analytics.lines import previous_totals, store_lines
from mystery.analytics.live import live_questions, live_sections, store_basics, wait_medians
from mystery.analytics.models import SectionScore
from mystery.analytics.queries import Plan, Scope, load_plan, store_waves
from mystery.extensions import db
from mystery.scoring import iter_questions, localize
from mystery.visits.models import STATUSES


def record_section_scores(submission, visit, score) -> None:
    """Store each section's exact sums of a freshly scored submission, for SQL aggregation."""
    rows = [
        {
            "submission_id": submission.id,
            "visit_id": visit.id,
            "section": section.key,
            "percent": float(section.percent) if section.percent is not None else None,
            "earned": float(section.earned),
            "possible": float(section.possible),
            "weight": float(section.weight),
        }
        for section in score.sections
    ]
    if rows:
        db.session.execute(sa.insert(SectionScore), rows)


def wave_summary(wave, client_id_scope=None, regions=None, lang=None) -> dict:
    """Summarise a wave's approved visits: overall, stores, regions, sections, questions, NPS…

    client_id_scope marks a client user's view (their stores, approved visits only, counts
    included); regions limits it to stores in those regions. lang defaults to the client's.
    """
    scope = Scope(client_id_scope, tuple(regions or ()))
    plan = load_plan(wave)
    lang = lang or plan.locale
    lines = store_lines(wave.id, scope)
    folded, stale = rollups.enabled(), []
    if folded:
        stale, outdated = rollups.stale_stores(lines)
        stale += rollups.moved_stores(wave.id, scope)
        folded = rollups.readable(lines, stale, outdated)
        if stale or outdated:  # a summary never writes: a background fold catches up
            rollups.fold_later(current_app._get_current_object(), wave.id)
    if folded:  # the totals, with what the stale stores changed read beside them
        question_rows, section_rows, medians = rollups.rolled_totals(wave.id, plan, scope, stale)
    else:
        question_rows = live_questions(wave.id, plan, scope)
        section_rows = live_sections(wave.id, scope)
        medians = wait_medians(wave.id, plan, scope)
    previous, previous_rows = previous_totals(wave, scope)
    before = by_store(previous_rows)

    current = {line.id: stats.moments(line.n, line.total, line.squares) for line in lines}
    overall = stats.added(current.values())
    ranks = stats.competition_ranks({key: m.mean for key, m in current.items()})
    stores = [
        store_entry(line, current[line.id], ranks[line.id], before.get(line.id)) for line in lines
    ]
    stores.sort(key=lambda s: (s["rank"] is None, s["rank"] or 0, s["code"], s["store_id"]))
    return {
        "wave": wave_info(wave),
        "lang": lang,
        "counts": counts(scope, lines),
        "overall": {
            **overall.interval(),
            "critical_failures": sum(line.critical for line in lines),
        },
        "previous_wave": previous_info(previous, overall, stats.added(before.values())),
        "stores": stores,
        "regions": region_entries(plan, lines, current, section_rows),
        "sections": section_entries(plan, section_rows, lang),
        **question_entries(plan, question_rows, medians, lang),
    }


def store_summary(wave, store, lang=None) -> dict:
    """Summarise one store's approved visits in a wave, with its delta vs the previous wave."""
    scope = Scope()
    postgres = rollups.enabled()
    if postgres:  # plan, both waves' moments and the sections in one round trip
        plan, wave_rows, section_rows = store_basics(wave, store.id)
    else:
        plan, wave_rows = load_plan(wave), store_waves(wave, store.id)
        section_rows = live_sections(wave.id, scope, store_id=store.id)
    lang = lang or plan.locale
    waves = {row.id: row for row in wave_rows}
    row = waves.pop(wave.id)
    previous = next(iter(waves.values()), None)
    current = stats.moments(row.n, row.total, row.squares)
    before = stats.moments(previous.n, previous.total, previous.squares) if previous else None
    if postgres:  # medians with the question aggregates
        rows = live_questions(wave.id, plan, scope, store_id=store.id, medians=bool(plan.waits))
        question_rows = [row for row in rows if row.question is not None]
        medians = {row.question: row.median for row in rows} if plan.waits else {}
    else:
        question_rows = live_questions(wave.id, plan, scope, store_id=store.id)
        medians = wait_medians(wave.id, plan, scope, store_id=store.id)
    return {
        "wave": wave_info(wave),
        "lang": lang,
        "store": {
            "store_id": store.id,
            "code": store.code,
            "name": store.name,
            "city": store.city,
            "region": store.region,
        },
        "counts": {"approved": row.approved},
        "overall": {
            **current.interval(),
            "critical_failures": row.critical,
            "low_n": current.n < 3,
        },
        "previous_wave": previous_info(previous, current, before or stats.Moments()),
        "sections": section_entries(plan, section_rows, lang),
        **question_entries(plan, question_rows, medians, lang),
    }


def by_store(rows) -> dict[int, stats.Moments]:
    """Index the totals' moments of rows with a store_id by store id."""
    return {row.store_id: stats.moments(row.n, row.total, row.squares) for row in rows}


def store_entry(store, moments: stats.Moments, rank, before: stats.Moments | None) -> dict:
    """Return one store's line of the ranking."""
    return {
        "store_id": store.id,
        "code": store.code,
        "name": store.name,
        "city": store.city,
        "region": store.region,
        **moments.interval(),
        "rank": rank,
        "delta_previous": stats.delta(moments.mean, before.mean if before else None),
        "low_n": moments.n < 3,
    }


def wave_info(wave) -> dict:
    """Return the wave fields a summary starts with."""
    return {
        "id": wave.id,
        "name": wave.name,
        "client_id": wave.client_id,
        "starts_on": wave.starts_on.isoformat(),
        "ends_on": wave.ends_on.isoformat(),
        "checklist_id": wave.checklist_id,
    }


def counts(scope: Scope, lines) -> dict:
    """Count visits by status; a client view counts only the approved ones it may see."""
    approved = sum(line.approved for line in lines)
    if scope.client_view:
        return {"approved": approved, "total": approved, "by_status": {"approved": approved}}
    by_status = {
        status: sum(getattr(line, f"status_{status}") for line in lines) for status in STATUSES
    }
    return {"approved": approved, "total": sum(by_status.values()), "by_status": by_status}


def previous_info(previous, current: stats.Moments, before: stats.Moments) -> dict | None:
    """Return the previous wave's mean over the same scope and the change since."""
    if previous is None:
        return None
    return {
        "id": previous.id,
        "name": previous.name,
        "mean": stats.out(before.mean),
        "delta": stats.delta(current.mean, before.mean),
    }


def section_keys(plan: Plan) -> list[dict]:
    """Return the checklist's sections in order."""
    return list(plan.definition.get("sections") or [])


def region_entries(plan: Plan, lines, current: dict, section_rows) -> list[dict]:
    """Per region: the mean of visit totals with its interval, and each section's mean."""
    by_region = defaultdict(list)
    for line in lines:
        by_region[line.region].append(current[line.id])
    totals = {region: stats.added(items) for region, items in by_region.items()}
    sections = defaultdict(lambda: defaultdict(stats.Moments))
    for row in section_rows:
        sections[row.region][row.section] += stats.moments(row.n, row.pct_sum, row.pct_sumsq)
    keys = [section["key"] for section in section_keys(plan)]
    return [
        {
            "region": region,
            **totals[region].interval(),
            "sections": {key: stats.out(sections[region][key].mean) for key in keys},
        }
        for region in sorted(totals)
    ]


def section_entries(plan: Plan, section_rows, lang: str) -> list[dict]:
    """Per section: the mean of section %s over visits where it counted, with its interval."""
    combined = defaultdict(stats.Moments)
    for row in section_rows:
        combined[row.section] += stats.moments(row.n, row.pct_sum, row.pct_sumsq)
    return [
        {
            "key": section["key"],
            "title": localize(section.get("title"), lang),
            **combined[section["key"]].interval(),
        }
        for section in section_keys(plan)
    ]


def question_entries(plan: Plan, question_rows, medians: dict, lang: str) -> dict:
    """Per question answered/fail rate/mean score, then NPS, CSAT, CES and wait times."""
    found = {row.question: row for row in question_rows}
    questions, waits = [], []
    for section, question in iter_questions(plan.definition):
        key = question["key"]
        row = found.get(key)
        text = localize(question.get("text"), lang)
        questions.append(
            {
                "key": key,
                "section": section["key"],
                "text": text,
                "type": question["type"],
                "answered": int(row.answered) if row else 0,
                "na": int(row.na) if row else 0,
                **stats.question_score(
                    int(row.counted) if row else 0,
                    int(row.zeros) if row else 0,
                    float(row.score_sum) if row else 0.0,
                ),
            }
        )
        if key in plan.waits:
            waits.append(
                {
                    "key": key,
                    "text": text,
                    "target_seconds": plan.waits[key],
                    **wait_entry(plan, [row] if row else [], medians.get(key), [key]),
                }
            )

    def pick(keys):
        return [found[key] for key in keys if key in found]

    def total(picked, name):
        return sum(int(getattr(row, name)) for row in picked)

    nps_rows, csat_rows, ces_rows = pick(plan.nps), pick(plan.csat), pick(plan.ces)
    return {
        "questions": questions,
        "nps": stats.nps(
            total(nps_rows, "high"), total(nps_rows, "low"), total(nps_rows, "value_n")
        ),
        "csat": stats.csat(total(csat_rows, "high"), total(csat_rows, "value_n")),
        "ces": stats.ces(sum(float(r.value_sum) for r in ces_rows), total(ces_rows, "value_n")),
        "wait_time": {
            **wait_entry(plan, pick(plan.waits), medians.get(None), list(plan.waits)),
            "questions": waits,
        },
    }


def wait_entry(plan: Plan, rows, median, keys) -> dict:
    """Return wait-time stats over the given wait questions' rows."""
    return stats.wait_time(
        sum(float(row.value_sum) for row in rows),
        sum(int(row.value_n) for row in rows),
        sum(int(row.high) for row in rows),
        median,
        any(plan.waits[key] is not None for key in keys),
    )
