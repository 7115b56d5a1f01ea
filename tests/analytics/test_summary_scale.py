"""A wave of 100,000 approved visits folds and summarises (no parameter per visit)."""

import pytest
import sqlalchemy as sa

from mystery.analytics import rollups
from mystery.analytics.summary import wave_summary
from mystery.checklists.models import Checklist
from mystery.extensions import db
from mystery.waves.models import Wave
from tests.analytics.summary_helpers import Programme

VISITS = 100_000
BASE = 1_000_000  # ids of the bulk rows, far above those the API hands out


@pytest.fixture
def programme(app, field):
    yield Programme(app, field)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            _empty_sqlite_fast()


def _empty_sqlite_fast():
    """Empty every table with SQLite's foreign-key checks off, before the suite's own cleanup.

    Deleting 100,000 visits row by row with the checks on takes minutes (each row looks up
    every table that refers to visits); with them off it takes well under a second.
    """
    db.session.remove()
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA foreign_keys=OFF")  # only outside a transaction
        cursor.execute("BEGIN IMMEDIATE")
        for table in reversed(db.metadata.sorted_tables):
            cursor.execute(f"DELETE FROM {table.name}")
        cursor.execute("COMMIT")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        raw.close()


def bulk_approved(wave_id, stores, shopper_id, question, section):
    """Insert VISITS approved visits with a submission, an answer and a section score each,
    in four INSERT … SELECT statements over a generated series (Core, no rows in Python)."""
    postgres = db.engine.dialect.name == "postgresql"
    true_json = "CAST('true' AS JSON)" if postgres else "'true'"
    digits = "lpad(CAST(n AS TEXT), 12, '0')" if postgres else "printf('%012d', n)"
    store = "CASE n % 3 " + " ".join(f"WHEN {i} THEN {s}" for i, s in enumerate(stores)) + " END"
    series = f"WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {VISITS})"
    now = "CURRENT_TIMESTAMP"
    statements = [
        f"{series} INSERT INTO visits (id, wave_id, store_id, shopper_id, window_start,"
        " window_end, scenario, status, score_total, critical_failed, submitted_at,"
        f" approved_at, created_at, updated_at) SELECT {BASE} + n, {wave_id}, {store},"
        f" {shopper_id}, {now}, {now}, '', 'approved', 100.0, FALSE, {now}, {now}, {now},"
        f" {now} FROM s",
        f"{series} INSERT INTO submissions (id, uuid, visit_id, shopper_id, answers,"
        f" payload_hash, received_at) SELECT {BASE} + n,"
        f" '00000000-0000-4000-8000-' || {digits}, {BASE} + n, {shopper_id}, "
        f"{'CAST(' if postgres else ''}'[]'{' AS JSON)' if postgres else ''}, '{'0' * 64}',"
        f" {now} FROM s",
        f"{series} INSERT INTO answers (id, submission_id, visit_id, question, qtype, value,"
        f" num_value, score, weight, na, hidden) SELECT {BASE} + n, {BASE} + n, {BASE} + n,"
        f" '{question}', 'yes_no', {true_json}, 1.0, 1.0, 1.0, FALSE, FALSE FROM s",
        f"{series} INSERT INTO section_scores (submission_id, section, visit_id, percent,"
        f" earned, possible, weight) SELECT {BASE} + n, '{section}', {BASE} + n, 100.0, 1.0,"
        " 1.0, 1.0 FROM s",
        f"UPDATE visits SET current_submission_id = id WHERE id > {BASE}",
    ]
    for statement in statements:
        db.session.execute(sa.text(statement))
    db.session.commit()


def test_a_wave_of_100000_approved_visits_folds_and_summarises(app, programme):
    with app.app_context():
        sqlite = db.engine.dialect.name == "sqlite"
    if sqlite:
        # The parameter limit this guards against is PostgreSQL's (65,535); on SQLite the
        # same fold code is covered at small size, and 100,000 rows cost minutes there.
        pytest.skip("a PostgreSQL-scale test; SQLite runs the fold tests at small size")
    stores = programme.field.stores
    wave_id, visits = programme.wave(stores)
    programme.approve(visits[stores[0].id][0])  # through the API: its totals exist
    with app.app_context():
        definition = db.session.get(Checklist, programme.field.checklist.id).definition
        section = definition["sections"][0]
        yes_no = next(q for q in section["questions"] if q["type"] == "yes_no")
        shopper_id = programme.field.shopper_user.id
        bulk_approved(wave_id, [s.id for s in stores], shopper_id, yes_no["key"], section["key"])

        rollups.catch_up(wave_id)  # the fold a background job or an approval runs
        wave = db.session.get(Wave, wave_id)
        served = wave_summary(wave)
        enabled, rollups.enabled = rollups.enabled, lambda: False
        try:
            direct = wave_summary(wave)
        finally:
            rollups.enabled = enabled
    assert served["counts"]["approved"] == VISITS + 1
    assert served["overall"]["n"] == VISITS + 1
    assert sum(store["n"] for store in served["stores"]) == VISITS + 1
    assert served == direct
    question = next(q for q in served["questions"] if q["key"] == yes_no["key"])
    assert question["answered"] == VISITS + 1
