"""Near-duplicate photos by perceptual hash, through bands instead of a scan.

The 64-bit hash is cut into three bands of 22, 21 and 21 bits. Two hashes within
Hamming distance 5 cannot differ by two bits in every band (that would be 6), so one
band matches exactly or after flipping one bit: 3 exact keys plus 64 one-bit neighbours
find every candidate with an index look-up, and few random hashes share a 21-bit band
even among a million photos. (Four 16-bit bands need the same probes but each key then
matches ~15 of a million photos, so cost grew with the table.)
"""

import sqlalchemy as sa

from mystery.extensions import db
from mystery.integrity.models import PhotoBand

BANDS = ((0, 22), (22, 21), (43, 21))  # (first bit, width)


def _signed(value):
    """Fit an unsigned 64-bit integer into a signed BIGINT."""
    return value - (1 << 64) if value >= 1 << 63 else value


def _unsigned(value):
    return value + (1 << 64) if value < 0 else value


def band_keys(phash):
    """Return the key of each band of a 64-bit hash (band number in the high bits)."""
    return [
        (index << 32) | ((phash >> start) & ((1 << width) - 1))
        for index, (start, width) in enumerate(BANDS)
    ]


def probe_keys(phash):
    """Return the keys a hash within distance 5 must share: each band, and each one bit off."""
    keys = []
    for index, (start, width) in enumerate(BANDS):
        band = (phash >> start) & ((1 << width) - 1)
        keys.append((index << 32) | band)
        keys.extend((index << 32) | (band ^ (1 << bit)) for bit in range(width))
    return keys


def index_photo(media_id, visit_id, phash_hex):
    """Store the bands of a photo for a visit, once."""
    done = db.session.scalar(
        sa.select(PhotoBand.id).where(
            PhotoBand.media_id == media_id, PhotoBand.visit_id == visit_id
        )
    )
    if done is not None:
        return
    phash = int(phash_hex, 16)
    db.session.execute(
        sa.insert(PhotoBand),
        [
            {"key": key, "media_id": media_id, "visit_id": visit_id, "phash": _signed(phash)}
            for key in band_keys(phash)
        ],
    )


def similar_photo(phash_hex, visit_id, limit):
    """Return the id of another visit holding a photo within `limit` bits, or None."""
    phash = int(phash_hex, 16)
    rows = db.session.execute(
        sa.select(PhotoBand.visit_id, PhotoBand.phash)
        .where(PhotoBand.key.in_(probe_keys(phash)), PhotoBand.visit_id != visit_id)
        .order_by(PhotoBand.visit_id)
    ).all()
    for other_visit, other in rows:
        if (phash ^ _unsigned(other)).bit_count() <= limit:
            return other_visit
    return None


def forget_photos(media_ids):
    """Delete the bands of photos that are gone."""
    if media_ids:
        db.session.execute(sa.delete(PhotoBand).where(PhotoBand.media_id.in_(list(media_ids))))
