"""Benchmark: wave summary over 1,000 stores / 25,000 approved visits / 1,000,000 answers.

Usage: .venv/bin/python bench/summary.py [--runs 10] [--reuse] [--explain]

Seeds PostgreSQL (database mystery_bench_summary, next to TEST_DATABASE_URL's) with COPY:
1,000 stores in 5 regions, a previous wave (one approved visit per store) and the wave under
test (25 approved visits per store, 40 answers each, 4 section scores each) plus spare
submitted visits. Then, for each run, approves one spare visit through the visits service
(commit) and times wave_summary in a new session right after it (no cache: the summary folds
that approval into its region totals), then once more with nothing changed; times one store's
store_summary and the HTTP GET of the summary; counts SQL statements; checks the totals-based
summary equals the one computed straight from the answers; prints medians against DESIGN §11
(≤ 150 ms; one store ≤ 10 ms; queries independent of rows). --reuse skips the seeding.
"""

import argparse
import io
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: F401  (puts the project on sys.path)

STORES, VISITS_PER_STORE, QUESTIONS, SPARE = 1000, 25, 40, 100
REGIONS = ("Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland")
DATABASE = "mystery_bench_summary"
PREVIOUS_WAVE, WAVE, COORDINATOR = 1, 2, 2
TARGET_WAVE_MS, TARGET_STORE_MS = 150.0, 10.0
IDLE_LOOP_MS = 45.0  # a 1M-step loop on an idle 2.2 GHz EPYC core (the lowest seen here: 52)
SMILEY = {"happy": 1.0, "neutral": 0.5, "sad": 0.0}
WAIT_BANDS = [{"max_seconds": 120, "score": 1}, {"max_seconds": 300, "score": 0.5}]


def database_url(create):
    """Return the benchmark database's URL, (re)creating it when asked."""
    import psycopg

    base = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    server = (base or "postgresql+psycopg://postgres@127.0.0.1:5432/test").rsplit("/", 1)[0]
    if create:
        admin = server.replace("postgresql+psycopg", "postgresql") + "/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {DATABASE}")
    return f"{server}/{DATABASE}"


def checklist():
    """40 questions in 4 sections: NPS, CSAT, CES, two wait times, then the scored types."""
    special = {
        (0, 0): {"type": "nps"},
        (0, 1): {"type": "scale", "min": 1, "max": 5, "metric": "csat"},
        (0, 2): {"type": "scale", "min": 1, "max": 7, "metric": "ces", "weight": 0},
        (0, 3): {"type": "wait_time", "bands": WAIT_BANDS},
        (1, 3): {"type": "wait_time", "bands": WAIT_BANDS},
        (0, 4): {"type": "yes_no", "critical": True},
    }
    options = [
        {"value": "a", "label": "A", "score": 1},
        {"value": "b", "label": "B", "score": 0.5},
        {"value": "c", "label": "C", "score": 0},
    ]
    kinds = [
        {"type": "yes_no"},
        {"type": "scale", "min": 1, "max": 5},
        {"type": "choice", "options": options},
        {"type": "smiley"},
    ]
    per_section = QUESTIONS // 4
    return {
        "sections": [
            {
                "key": f"s{s}",
                "title": {"en": f"Section {s}", "da": f"Afsnit {s}"},
                "weight": 1 + s,
                "questions": [
                    {
                        "key": f"q{s}_{i}",
                        "text": {"en": f"Question {s}.{i}", "da": f"Spørgsmål {s}.{i}"},
                        **special.get((s, i), kinds[i % len(kinds)]),
                    }
                    for i in range(per_section)
                ],
            }
            for s in range(4)
        ]
    }


def answer(question, rng):
    """Return (value, num_value, score, weight) of a random answer, as the app stores them."""
    kind = question["type"]
    weight = float(question.get("weight", 1))
    if kind == "nps":
        value = rng.choices(range(11), weights=[1, 1, 1, 1, 1, 2, 3, 5, 8, 9, 7])[0]
        return value, float(value), None, 0.0
    if kind == "scale":
        low, high = question["min"], question["max"]
        value = rng.randint(low, high) if rng.random() < 0.5 else rng.randint(high - 1, high)
        if not weight:
            return value, float(value), None, 0.0
        return value, float(value), (value - low) / (high - low), weight
    if kind == "wait_time":
        value = int(rng.expovariate(1 / 110))
        return value, float(value), 1.0 if value <= 120 else 0.5 if value <= 300 else 0.0, weight
    if kind == "choice":
        value = rng.choices("abc", weights=[6, 3, 1])[0]
        return value, None, {"a": 1.0, "b": 0.5, "c": 0.0}[value], weight
    if kind == "smiley":
        value = rng.choices(list(SMILEY), weights=[6, 3, 1])[0]
        return value, SMILEY[value], SMILEY[value], weight
    value = rng.random() < (0.98 if question.get("critical") else 0.85)
    return value, float(value), float(value), weight


def field(value):
    """Write one COPY text field: \\N for None, t/f, tabs and newlines escaped."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def line(*values):
    return "\t".join(map(field, values)) + "\n"


def copy(cursor, table, columns, lines):
    """COPY text lines into table, written in 8 MB pieces."""
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as target:
        buffer = io.StringIO()
        for text in lines:
            buffer.write(text)
            if buffer.tell() > 8_000_000:
                target.write(buffer.getvalue())
                buffer = io.StringIO()
        target.write(buffer.getvalue())


def scored_visit(definition, rng, visit_id, answer_id, now):
    """Answer every question; return (total, critical, answer lines, section lines, payload)."""
    answers, sections, payload = [], [], []
    weighted = weights = 0.0
    critical = False
    for section in definition["sections"]:
        earned = possible = 0.0
        for question in section["questions"]:
            value, number, score, weight = answer(question, rng)
            if score is not None:
                earned += weight * score
                possible += weight
                critical |= bool(question.get("critical")) and score == 0
            answers.append(
                line(
                    answer_id,
                    visit_id,
                    visit_id,
                    question["key"],
                    question["type"],
                    json.dumps(value),
                    number,
                    score,
                    weight,
                    False,
                    False,
                    None,
                )
            )
            payload.append({"question": question["key"], "value": value})
            answer_id += 1
        percent = 100 * earned / possible if possible else None
        sections.append(
            line(
                visit_id,
                section["key"],
                visit_id,
                percent,
                earned,
                possible,
                float(section["weight"]),
            )
        )
        if percent is not None:
            weighted += section["weight"] * percent
            weights += section["weight"]
    total = 0.0 if critical else weighted / weights
    return total, critical, answers, sections, json.dumps(payload)


def seed(url, rng):
    """Migrate and fill the benchmark database with COPY."""
    import psycopg

    from mystery import create_app
    from mystery.auth.services import hash_password
    from mystery.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        password = hash_password("bench-password")
        db.engine.dispose()
    definition = checklist()
    today = date.today()
    now = datetime.now(UTC).replace(tzinfo=None)
    started = time.perf_counter()
    visits, submissions, answers, sections = [], [], [], []
    for store in range(1, STORES + 1):  # the previous wave: totals only
        visits.append((store, PREVIOUS_WAVE, store, "approved", None, rng.uniform(50, 100), False))
    current = [(s, "approved") for s in range(1, STORES + 1) for _ in range(VISITS_PER_STORE)]
    current += [(rng.randint(1, STORES), "submitted") for _ in range(SPARE)]
    answer_id = 1
    for number, (store, status) in enumerate(current):
        vid = STORES + 1 + number
        total, critical, lines, section_lines, payload = scored_visit(
            definition, rng, vid, answer_id, now
        )
        answer_id += len(lines)
        visits.append((vid, WAVE, store, status, vid, total, critical))
        submissions.append(
            line(vid, uuid.uuid4(), vid, 1, payload, now, now, None, "0" * 64, None, now)
        )
        answers.extend(lines)
        sections.extend(section_lines)
    print(
        f"  generated {len(visits):,} visits, {len(answers):,} answers "
        f"in {time.perf_counter() - started:.1f} s"
    )

    started = time.perf_counter()
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as conn:
        cur = conn.cursor()
        # Our own rows, consistent by construction: skipping the foreign-key triggers halves
        # the time of the COPY of a million answers.
        cur.execute("SET session_replication_role = replica")
        cur.execute(
            "INSERT INTO clients (id, name, locale, brand_colour, rotation_days, created_at)"
            " VALUES (1, 'Bench chain', 'da', '#1F4E79', 90, %s)",
            (now,),
        )
        cur.execute(
            "INSERT INTO users (id, email, name, role, locale, password_hash, active, created_at)"
            " VALUES (1, 'shopper@bench', 'Shopper', 'shopper', 'da', 'x', true, %s),"
            " (2, 'coordinator@bench', 'Coordinator', 'coordinator', 'en', %s, true, %s)",
            (now, password, now),
        )
        cur.execute(
            "INSERT INTO checklists (id, client_id, name, version, status, definition,"
            " created_at, published_at) VALUES (1, 1, 'Bench', 1, 'published', %s, %s, %s)",
            (json.dumps(definition), now, now),
        )
        cur.execute(
            "INSERT INTO waves (id, client_id, checklist_id, name, starts_on, ends_on, fee,"
            " visits_per_store, created_at) VALUES (%s, 1, 1, 'Spring', %s, %s, 0, 1, %s),"
            " (%s, 1, 1, 'Summer', %s, %s, 0, %s, %s)",
            (
                PREVIOUS_WAVE,
                today - timedelta(days=90),
                today - timedelta(days=60),
                now,
                WAVE,
                today,
                today + timedelta(days=30),
                VISITS_PER_STORE,
                now,
            ),
        )
        copy(
            cur,
            "stores",
            (
                "id",
                "client_id",
                "code",
                "name",
                "address",
                "city",
                "region",
                "latitude",
                "longitude",
            ),
            (
                line(
                    i,
                    1,
                    f"S{i:04d}",
                    f"Store {i}",
                    f"Gade {i}",
                    f"By {i % 50}",
                    REGIONS[i % len(REGIONS)],
                    55.6,
                    12.5,
                )
                for i in range(1, STORES + 1)
            ),
        )
        copy(
            cur,
            "visits",
            (
                "id",
                "wave_id",
                "store_id",
                "shopper_id",
                "window_start",
                "window_end",
                "scenario",
                "status",
                "current_submission_id",
                "score_total",
                "critical_failed",
                "submitted_at",
                "approved_at",
                "created_at",
                "updated_at",
            ),
            (
                line(
                    v,
                    wave,
                    store,
                    1,
                    now,
                    now,
                    "",
                    status,
                    submission,
                    total,
                    critical,
                    now,
                    now if status == "approved" else None,
                    now,
                    now,
                )
                for v, wave, store, status, submission, total, critical in visits
            ),
        )
        copy(
            cur,
            "submissions",
            (
                "id",
                "uuid",
                "visit_id",
                "shopper_id",
                "answers",
                "started_at",
                "finished_at",
                "checkin",
                "payload_hash",
                "score",
                "received_at",
            ),
            submissions,
        )
        copy(
            cur,
            "answers",
            (
                "id",
                "submission_id",
                "visit_id",
                "question",
                "qtype",
                "value",
                "num_value",
                "score",
                "weight",
                "na",
                "hidden",
                "comment",
            ),
            answers,
        )
        copy(
            cur,
            "section_scores",
            ("submission_id", "section", "visit_id", "percent", "earned", "possible", "weight"),
            sections,
        )
        for table in (
            "clients",
            "users",
            "checklists",
            "waves",
            "stores",
            "visits",
            "submissions",
            "answers",
        ):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
            )
        conn.commit()
        conn.autocommit = True
        print(f"  copied in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        conn.execute("VACUUM ANALYZE")
        print(f"  vacuum analyze in {time.perf_counter() - started:.1f} s")


def count_statements(work):
    """Run work(); return its result and the SQL statements it executed."""
    from mystery.extensions import db

    statements = []

    def record(_conn, _cursor, statement, parameters, *_args):
        statements.append((statement, parameters))

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        return work(), statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)


def timed(work):
    """Run work() in a new session; return (seconds, its result, its statements)."""
    from mystery.extensions import db

    db.session.remove()
    started = time.perf_counter()
    result, statements = count_statements(work)
    return time.perf_counter() - started, result, statements


def explain(statements):
    """Print EXPLAIN ANALYZE of each SELECT."""
    from mystery.extensions import db

    for statement, parameters in statements:
        if not statement.lstrip().upper().startswith("SELECT") or "pg_advisory" in statement:
            continue
        with db.engine.connect() as conn:
            plan = conn.exec_driver_sql("EXPLAIN ANALYZE " + statement, parameters).all()
        print("\n" + " ".join(statement.split())[:120] + " …")
        for (text,) in plan:
            print("   ", text)


def reference_ms():
    """Time a fixed pure-Python loop: how fast (or busy) this machine is right now."""
    samples = []
    for _ in range(5):
        started = time.perf_counter()
        total = 0
        for i in range(1_000_000):
            total += i
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def ms(samples):
    return statistics.median(samples) * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--reuse", action="store_true", help="keep the seeded database")
    parser.add_argument("--explain", action="store_true", help="print the query plans")
    args = parser.parse_args()
    os.environ["MYSTERY_INSTANCE_PATH"] = tempfile.mkdtemp(prefix="bench-summary-")
    url = database_url(create=not args.reuse)
    if not args.reuse:
        print(
            f"Seeding {DATABASE}: {STORES:,} stores, {STORES * VISITS_PER_STORE:,} approved "
            f"visits, {STORES * VISITS_PER_STORE * QUESTIONS:,} answers"
        )
        started = time.perf_counter()
        seed(url, random.Random(20))
        print(f"Seeded in {time.perf_counter() - started:.1f} s")

    from mystery import create_app
    from mystery.auth.models import User
    from mystery.extensions import db
    from mystery.reports import rollups
    from mystery.reports.summary import store_summary, wave_summary
    from mystery.stores.models import Store
    from mystery.visits import services as visit_services
    from mystery.visits.models import Visit
    from mystery.waves.models import Wave

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})

    def summary():
        return wave_summary(db.session.get(Wave, WAVE))

    def approve_one():
        visit = db.session.scalar(
            sa.select(Visit).where(Visit.wave_id == WAVE, Visit.status == "submitted").limit(1)
        )
        assert visit is not None, "no submitted visit left: run without --reuse"
        visit = visit_services.lock_visit(visit.id)
        visit_services.transition(visit, db.session.get(User, COORDINATOR), "approve")
        db.session.commit()
        return visit.store_id

    load = os.getloadavg()[0]
    reference = reference_ms()
    with app.app_context():
        seconds, _result, statements = timed(summary)
        print(
            f"\nFirst summary (reads the answers; the wave's first fold goes to the background):"
            f" {seconds * 1000:.0f} ms, {len(statements)} statements"
        )
        started = time.perf_counter()
        rollups.catch_up(WAVE)  # waits for the background fold (the wave's lock), if running
        print(f"First fold (background): done {time.perf_counter() - started:.1f} s later")
        after, unchanged, counts = [], [], {"after": set(), "unchanged": set()}
        for _ in range(args.runs):
            store_id = approve_one()
            seconds, result, statements = timed(summary)
            after.append(seconds)
            counts["after"].add(len(statements))
            seconds, again, warm_statements = timed(summary)
            unchanged.append(seconds)
            counts["unchanged"].add(len(warm_statements))
            assert again == result
        approved = result["counts"]["approved"]
        assert result["overall"]["n"] == approved >= STORES * VISITS_PER_STORE + args.runs

        store_times, store_counts = [], set()
        for _ in range(args.runs):
            store = db.session.get(Store, store_id)
            seconds, store_result, statements = timed(
                lambda store=store: store_summary(db.session.get(Wave, WAVE), store)
            )
            store_times.append(seconds)
            store_counts.add(len(statements))

        # The totals must say exactly what the answers say: compare with the direct path.
        enabled = rollups.enabled
        rollups.enabled = lambda: False
        try:
            direct_seconds, direct, _statements = timed(summary)
        finally:
            rollups.enabled = enabled
        assert direct == result, "region totals disagree with the answers"

    http = []
    client = app.test_client()
    login = {"email": "coordinator@bench", "password": "bench-password"}
    assert client.post("/api/v1/auth/login", json=login).status_code == 200
    for _ in range(args.runs):
        with app.app_context():
            approve_one()
        started = time.perf_counter()
        response = client.get(f"/api/v1/waves/{WAVE}/summary")
        http.append(time.perf_counter() - started)
        assert response.status_code == 200, response.json

    wave_ms, store_ms = ms(after), ms(store_times)
    print(
        f"Machine: load average {load:.1f} on {os.cpu_count()} CPUs; a 1M-step Python loop "
        f"takes {reference:.0f} ms here (about {IDLE_LOOP_MS:.0f} ms when idle)"
    )
    print(
        f"\nwave_summary right after an approval ({approved:,} approved visits): median "
        f"{wave_ms:.1f} ms of {args.runs} (min {min(after) * 1000:.1f}, max "
        f"{max(after) * 1000:.1f}); statements {sorted(counts['after'])}"
    )
    print(
        f"wave_summary, nothing changed since: median {ms(unchanged):.1f} ms; "
        f"statements {sorted(counts['unchanged'])}"
    )
    print(
        f"wave_summary straight from the million answers (the SQLite path, for comparison): "
        f"{direct_seconds * 1000:.0f} ms; same result"
    )
    print(f"GET /api/v1/waves/{WAVE}/summary right after an approval: median {ms(http):.1f} ms")
    print(
        f"store_summary ({store_result['overall']['n']} visits, new session, wave loaded too): "
        f"median {store_ms:.2f} ms (min {min(store_times) * 1000:.2f}); "
        f"statements {sorted(store_counts)}"
    )
    # This machine may be shared: a loop that takes IDLE_LOOP_MS on an idle core shows how
    # much slower everything ran; the scaled figures are a rough idle-machine estimate.
    busy = max(1.0, statistics.mean([reference, reference_ms()]) / IDLE_LOOP_MS)
    print(f"\nDESIGN §11 targets (machine {busy:.1f}x slower than idle; scaled in brackets):")
    for name, value, target in (
        ("wave summary", wave_ms, TARGET_WAVE_MS),
        ("one store", store_ms, TARGET_STORE_MS),
    ):
        verdict = "OK" if value <= target else "MISSED"
        print(
            f"  {name:13s} {value:7.1f} ms / {target:.0f} ms = {value / target:.2f}  {verdict}"
            f"  [{value / busy:.1f} ms = {value / busy / target:.2f}]"
        )
    print(
        f"  queries       {sorted(counts['after'] | counts['unchanged'])} per summary, "
        "whatever the rows (tests/reports/test_summary_queries.py: 3 vs 12 visits)"
    )
    if args.explain:
        with app.app_context():
            explain(warm_statements)


if __name__ == "__main__":
    main()
