"""The data of the wave-summary benchmark: a programme seeded into PostgreSQL with COPY."""

import io
import json
import os
import time
import uuid
from datetime import UTC, date, datetime, timedelta

import common  # noqa: F401  (puts the project on sys.path)

STORES, VISITS_PER_STORE, QUESTIONS, SPARE = 1000, 25, 40, 100
REGIONS = ("Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland")
# BENCH_SUMMARY_DATABASE names another database, so two checkouts can bench side by side.
DATABASE = os.environ.get("BENCH_SUMMARY_DATABASE", "mystery_bench_summary")
PREVIOUS_WAVE, WAVE, COORDINATOR = 1, 2, 2
TARGET_WAVE_MS, TARGET_STORE_MS = 50.0, 5.0  # DESIGN §11 v2 (#16); v1 was 150 and 10
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
