"""Benchmark: the integrity look-ups (DESIGN §7 v2, §11) at 1,000 and 1,000,000 stored items.

Usage: .venv/bin/python bench/integrity.py [--runs 500] [--large 1000000] [--reuse]

Migrates two PostgreSQL databases (mystery_bench_integrity_small and _large, next to
TEST_DATABASE_URL's); stores 1,000 photos' hash bands and 1,000 texts' MinHash bands in the
first, 1,000,000 of each in the second, and times the two look-ups a new
submission makes: `duplicate_photo` (67 band probes, then the Hamming check of the
candidates) and `copied_comment` (10 LSH band keys, then the exact Jaccard check of the
candidates' texts). Each run looks up a planted near-duplicate (a photo 3 bits off, a text
with a word changed) that must be found, and a fresh one that must not. The bulk rows are
generated in SQL (uniform 64-bit hashes, 10 random band keys per text). The two databases are
timed in alternating batches; prints medians and the ratio large/small for each (target:
within 2×), and a floor (a primary-key SELECT) for scale. --reuse skips the seeding.
"""

import argparse
import os
import random
import statistics
import sys
import time

import sqlalchemy as sa

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: F401  (puts the project on sys.path)

DATABASE = "mystery_bench_integrity"
SMALL = 1000
CHUNK = 250_000
TEXT = (
    "I came in at a quiet moment and the barista greeted me at once with a smile. She asked "
    "whether I had tried the new autumn blend, explained where the beans came from and offered "
    "a small taste before I ordered. The counter was clean and my flat white was hot."
)
NEAR = TEXT.replace("quiet moment", "calm moment")
WORDS = [
    "coffee",
    "staff",
    "queue",
    "counter",
    "clean",
    "friendly",
    "slow",
    "barista",
    "till",
    "cup",
    "milk",
    "table",
    "bread",
]


def database_url(name, create):
    """Return a benchmark database's URL, recreated empty when asked."""
    import psycopg

    base = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    server = (base or "postgresql+psycopg://postgres@127.0.0.1:5432/test").rsplit("/", 1)[0]
    admin = server.replace("postgresql+psycopg", "postgresql") + "/postgres"
    if create:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {name}")
    return f"{server}/{name}"


def grow(db, start, stop):
    """Store photos and texts numbered start..stop-1 (visits of their own), in SQL."""
    for low in range(start, stop, CHUNK):
        high = min(stop, low + CHUNK)
        db.session.execute(
            sa.text(
                "INSERT INTO photo_bands (key, media_id, visit_id, phash) "
                "SELECT (b.n::bigint << 32) | ((h.p >> b.s) & b.m), h.i, h.i, h.p "
                "FROM (SELECT i, ('x' || md5('p' || i))::bit(64)::bigint AS p "
                "      FROM generate_series(:low, :high - 1) AS i) AS h, "
                "     (VALUES (0, 0, 4194303::bigint), (1, 22, 2097151), (2, 43, 2097151)) "
                "       AS b(n, s, m)"
            ),
            {"low": low, "high": high},
        )
        db.session.execute(
            sa.text(
                "INSERT INTO text_bands (key, answer_id, visit_id, submission_id, part) "
                "SELECT ('x' || md5('t' || i || '/' || b))::bit(64)::bigint, i, i, i, 'comment' "
                "FROM generate_series(:low, :high - 1) AS i, generate_series(0, 9) AS b"
            ),
            {"low": low, "high": high},
        )
        db.session.commit()
    # What autovacuum does in production: statistics, and the visibility map that lets a
    # look-up read the covering index alone.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE photo_bands"))
        conn.execute(sa.text("VACUUM ANALYZE text_bands"))


def plant(db, photos, texts, phash):
    """Store one known photo and one known text (visit 0), for the look-ups to find."""
    photos.index_photo(0, 0, f"{phash:016x}")
    rows = [
        {"key": key, "answer_id": 0, "visit_id": 0, "submission_id": 0, "part": "comment"}
        for key in texts.band_keys(texts.trigrams(TEXT))
    ]
    db.session.execute(sa.insert(texts.TextBand), rows)
    db.session.commit()


def lookups(db, photos, texts, phash, rng):
    """Return {name: call} for each look-up, checking the planted items are found."""
    from mystery.visits.flags import _stored_texts

    near_photo = phash ^ 0b1000000000000000000000100000000000000000001
    assert photos.similar_photo(f"{near_photo:016x}", 99, 5) == 0, "planted photo not found"
    assert any(v == 0 for _a, _p, v in texts.candidates(NEAR, 99)), "planted text not found"

    def photo_lookup(value):
        return lambda: photos.similar_photo(f"{value:016x}", 99, 5)

    def text_lookup(text):
        def run():
            found = texts.candidates(text, 99)
            if found:
                _stored_texts({a for a, _p, _v in found})

        return run

    fresh_text = " ".join(rng.choice(WORDS) for _ in range(40))
    return {
        "duplicate_photo (hit)": photo_lookup(near_photo),
        "duplicate_photo (miss)": photo_lookup(rng.getrandbits(64)),
        "copied_comment (hit)": text_lookup(NEAR),
        "copied_comment (miss)": text_lookup(fresh_text),
        "floor: SELECT by primary key": lambda: db.session.execute(
            sa.text("SELECT id FROM photo_bands WHERE id = 1")
        ),
    }


def seed(app, db, photos, texts, phash, size):
    """Migrate and fill one database with `size` photos and texts."""
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
        plant(db, photos, texts, phash)
        began = time.perf_counter()
        grow(db, 1, size)
        print(f"stored {size:,} photos and texts in {time.perf_counter() - began:.0f} s")


def seeded(url):
    """Tell whether a database from an earlier run is there, with its rows."""
    try:
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            return bool(conn.scalar(sa.text("SELECT count(*) FROM text_bands")))
    except sa.exc.SQLAlchemyError:
        return False
    finally:
        engine.dispose()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--reuse", action="store_true", help="keep the seeded databases")
    args = parser.parse_args()

    from mystery import create_app
    from mystery.extensions import db
    from mystery.integrity import photos, texts

    phash = random.Random(7).getrandbits(64)
    sizes = {"small": SMALL, "large": args.large}
    apps = {}
    for label, size in sizes.items():
        name = f"{DATABASE}_{label}"
        create = not (args.reuse and seeded(database_url(name, create=False)))
        url = database_url(name, create=create)
        apps[label] = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
        if create:
            seed(apps[label], db, photos, texts, phash, size)

    # Both databases are timed in turn, batch by batch, so a busy moment on this shared
    # machine slows both alike and the ratio stays honest.
    contexts = {label: app.app_context() for label, app in apps.items()}
    calls, samples = {}, {label: {} for label in apps}
    for label, context in contexts.items():
        with context:
            calls[label] = lookups(db, photos, texts, phash, random.Random(7))
            counts = {
                t: db.session.scalar(sa.text(f"SELECT count(*) FROM {t}"))
                for t in ("photo_bands", "text_bands")
            }
            print(f"{label}: {counts}")
    for _batch in range(args.runs // 10):
        for label, context in contexts.items():
            with context:
                for name, call in calls[label].items():
                    for _ in range(10):
                        began = time.perf_counter()
                        call()
                        elapsed = (time.perf_counter() - began) * 1000
                        samples[label].setdefault(name, []).append(elapsed)
                db.session.rollback()
    small = {name: statistics.median(v) for name, v in samples["small"].items()}
    large = {name: statistics.median(v) for name, v in samples["large"].items()}
    print(f"{'look-up':32} {SMALL:>12,} {args.large:>12,}   ratio (target ≤ 2×, ≥ 0.5×)")
    worst = 0.0
    for name in small:
        ratio = large[name] / small[name]
        if not name.startswith("floor"):
            worst = max(worst, ratio, 1 / ratio)
        print(f"{name:32} {small[name]:10.3f}ms {large[name]:10.3f}ms   {ratio:.2f}×")
    print(f"worst ratio {worst:.2f}× — {'OK' if worst <= 2 else 'over target'}")


if __name__ == "__main__":
    main()
