"""Benchmark: the integrity look-ups (DESIGN §7 v2, §11) at 1,000 and 1,000,000 stored items.

Usage: .venv/bin/python bench/integrity.py [--runs 500] [--large 1000000]

Migrates PostgreSQL (database mystery_bench_integrity, next to TEST_DATABASE_URL's), stores
1,000 photos' hash bands and 1,000 texts' MinHash bands, and times the two look-ups a new
submission makes: `duplicate_photo` (67 band probes, then the Hamming check of the
candidates) and `copied_comment` (10 LSH band keys, then the exact Jaccard check of the
candidates' texts). Each run looks up a planted near-duplicate (a photo 3 bits off, a text
with two words changed) that must be found, and a fresh one that must not. Then it grows the
index to 1,000,000 photos and 1,000,000 texts (generated in SQL: uniform 64-bit hashes, 10
random band keys per text) and times the same look-ups. Prints medians and the ratio
large/small for each (target: within 2×), and a floor (a primary-key SELECT) for scale.
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


def database_url():
    """Return the benchmark database's URL, recreated empty."""
    import psycopg

    base = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    server = (base or "postgresql+psycopg://postgres@127.0.0.1:5432/test").rsplit("/", 1)[0]
    admin = server.replace("postgresql+psycopg", "postgresql") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")
    return f"{server}/{DATABASE}"


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


def timed(function, runs):
    """Return the median milliseconds of `runs` calls."""
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        function()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


def measure(db, photos, texts, phash, runs, rng):
    """Time each look-up: a planted near-duplicate (found) and a fresh item (not found)."""
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
    figures = {
        "duplicate_photo (hit)": timed(photo_lookup(near_photo), runs),
        "duplicate_photo (miss)": timed(photo_lookup(rng.getrandbits(64)), runs),
        "copied_comment (hit)": timed(text_lookup(NEAR), runs),
        "copied_comment (miss)": timed(text_lookup(fresh_text), runs),
        "floor: SELECT by primary key": timed(
            lambda: db.session.execute(sa.text("SELECT id FROM photo_bands WHERE id = 1")), runs
        ),
    }
    db.session.rollback()
    return figures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--large", type=int, default=1_000_000)
    args = parser.parse_args()

    from flask_migrate import upgrade

    from mystery import create_app
    from mystery.extensions import db
    from mystery.integrity import photos, texts

    url = database_url()
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    rng = random.Random(7)
    phash = rng.getrandbits(64)
    with app.app_context():
        upgrade()
        plant(db, photos, texts, phash)
        grow(db, 1, SMALL)
        small = measure(db, photos, texts, phash, args.runs, rng)
        began = time.perf_counter()
        grow(db, SMALL, args.large)
        print(
            f"grew the index to {args.large:,} photos and texts "
            f"in {time.perf_counter() - began:.0f} s"
        )
        rows = {
            table: db.session.scalar(sa.text(f"SELECT count(*) FROM {table}"))
            for table in ("photo_bands", "text_bands")
        }
        print(f"rows: {rows}")
        large = measure(db, photos, texts, phash, args.runs, random.Random(7))
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
