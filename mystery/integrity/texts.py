"""Near-copied texts by word-trigram Jaccard similarity, through MinHash LSH bands.

Each text's word trigrams get a 30-value MinHash signature (datasketch), cut into 10
bands of 3 values; texts that share a band key are candidates, and a candidate counts
only when the exact Jaccard of the two trigram sets reaches the setting. At Jaccard 0.8
two texts share a band with probability 1 − (1 − 0.8³)¹⁰ ≈ 0.999; texts that only share
a few phrases rarely do, and an exact check drops them. The look-up reads 10 keys through
an index, whatever the number of stored texts.
"""

import hashlib
import re

import sqlalchemy as sa
from datasketch import MinHash

from mystery.extensions import db
from mystery.integrity.models import TextBand

BANDS, ROWS = 10, 3
SEED = 1
# Keys are stored, so the hashing scheme is pinned: another scheme would give other keys.
SCHEME = "affine32"
WORD = re.compile(r"\w+")
_PERMUTATIONS = MinHash(num_perm=BANDS * ROWS, seed=SEED, scheme=SCHEME).permutations


def trigrams(text):
    """Return the set of word trigrams of a text, case and punctuation ignored."""
    words = WORD.findall(text.lower())
    return {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}


def jaccard(a, b):
    """Return the Jaccard similarity of two sets."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def band_keys(shingles):
    """Return the LSH band keys of a set of trigrams."""
    minhash = MinHash(num_perm=BANDS * ROWS, seed=SEED, permutations=_PERMUTATIONS, scheme=SCHEME)
    minhash.update_batch([s.encode() for s in sorted(shingles)])
    values = minhash.hashvalues
    keys = []
    for band in range(BANDS):
        chunk = bytes([band]) + values[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "big")
        keys.append(digest - (1 << 64) if digest >= 1 << 63 else digest)
    return keys


def index_texts(submission_id, visit_id, texts):
    """Store the band keys of a submission's texts, once; `texts` is [(answer id, part, text)]."""
    done = db.session.scalar(
        sa.select(TextBand.id).where(TextBand.submission_id == submission_id).limit(1)
    )
    if done is not None:
        return
    rows = []
    for answer_id, part, text in texts:
        shingles = trigrams(text)
        if shingles:
            rows.extend(
                {
                    "key": key,
                    "answer_id": answer_id,
                    "visit_id": visit_id,
                    "submission_id": submission_id,
                    "part": part,
                }
                for key in band_keys(shingles)
            )
    if rows:
        db.session.execute(sa.insert(TextBand), rows)


def candidates(text, visit_id):
    """Return [(answer id, part, visit id)] of other visits' texts sharing a band with `text`."""
    shingles = trigrams(text)
    if not shingles:
        return []
    rows = db.session.execute(
        sa.select(TextBand.answer_id, TextBand.part, TextBand.visit_id)
        .where(TextBand.key.in_(band_keys(shingles)), TextBand.visit_id != visit_id)
        .distinct()
    ).all()
    return [tuple(row) for row in rows]


def forget_texts(visit_id, part=None):
    """Delete a visit's text bands (only its comments' when `part` is "comment")."""
    statement = sa.delete(TextBand).where(TextBand.visit_id == visit_id)
    if part is not None:
        statement = statement.where(TextBand.part == part)
    db.session.execute(statement)
