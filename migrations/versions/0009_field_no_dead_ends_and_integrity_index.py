"""no dead ends and integrity look-ups: media links, photo and text bands, clock offset

Revision ID: 0009_field
Revises: 0008_loop
Create Date: 2026-12-03 06:40:00

"""

import sqlalchemy as sa
from alembic import op

import mystery.database

revision = "0009_field"
down_revision = "0008_loop"
branch_labels = None
depends_on = None

# The bands of mystery/integrity/photos.py, repeated so the migration never changes with it.
BANDS = ((0, 22), (22, 21), (43, 21))
MIN_CHARS = 40  # FLAG_COPIED_COMMENT_CHARS' default


def _signed(value):
    return value - (1 << 64) if value >= 1 << 63 else value


def upgrade():
    op.create_table(
        "media_links",
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column("submission_uuid", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["media_id"],
            ["media.id"],
            name=op.f("fk_media_links_media_id_media"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("media_id", "submission_uuid", name=op.f("pk_media_links")),
    )
    op.create_index(
        op.f("ix_media_links_submission_uuid"), "media_links", ["submission_uuid"], unique=False
    )
    op.create_table(
        "photo_bands",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("phash", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photo_bands")),
    )
    op.create_index(
        "ix_photo_bands_lookup", "photo_bands", ["key", "visit_id", "phash"], unique=False
    )
    op.create_index(op.f("ix_photo_bands_media_id"), "photo_bands", ["media_id"], unique=False)
    op.create_table(
        "text_bands",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_text_bands")),
    )
    op.create_index(
        "ix_text_bands_lookup", "text_bands", ["key", "visit_id", "answer_id", "part"], unique=False
    )
    for column in ("visit_id", "submission_id"):
        op.create_index(op.f(f"ix_text_bands_{column}"), "text_bands", [column], unique=False)
    op.create_table(
        "remember_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("password_digest", sa.String(length=64), nullable=False),
        sa.Column("expires_at", mystery.database.UTCDateTime(), nullable=False),
        sa.Column("replaced_at", mystery.database.UTCDateTime(), nullable=True),
        sa.Column("created_at", mystery.database.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_remember_tokens_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remember_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_remember_tokens_token_hash")),
    )
    op.create_index(
        op.f("ix_remember_tokens_user_id"), "remember_tokens", ["user_id"], unique=False
    )
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("clock_offset_s", sa.Integer(), nullable=True))

    # Every photo so far is used by the submission it was uploaded under.
    op.execute("INSERT INTO media_links (media_id, submission_uuid) SELECT id, submission_uuid FROM media")
    bind = op.get_bind()
    _link_reused_photos(bind)
    # Index the photos already stored, so a new upload is compared with them too.
    rows = bind.execute(
        sa.text(
            "SELECT media.id, media.phash, submissions.visit_id FROM media "
            "JOIN submissions ON submissions.uuid = media.submission_uuid "
            "WHERE media.phash IS NOT NULL"
        )
    ).all()
    bands = []
    for media_id, phash_hex, visit_id in rows:
        phash = int(phash_hex, 16)
        for index, (start, width) in enumerate(BANDS):
            key = (index << 32) | ((phash >> start) & ((1 << width) - 1))
            bands.append(
                {"key": key, "media_id": media_id, "visit_id": visit_id, "phash": _signed(phash)}
            )
    if bands:
        table = sa.table(
            "photo_bands",
            sa.column("key", sa.BigInteger),
            sa.column("media_id", sa.Integer),
            sa.column("visit_id", sa.Integer),
            sa.column("phash", sa.BigInteger),
        )
        op.bulk_insert(table, bands)
    _index_current_texts(bind)


def _link_reused_photos(bind):
    """Link photos a later submission of the same visit references (a returned visit's redo)."""
    import json

    submissions = bind.execute(
        sa.text("SELECT uuid, visit_id, shopper_id, answers FROM submissions")
    ).all()
    media = {
        uuid: (media_id, origin, owner)
        for media_id, uuid, origin, owner in bind.execute(
            sa.text("SELECT id, uuid, submission_uuid, uploaded_by FROM media")
        )
    }
    visit_of = {uuid: visit_id for uuid, visit_id, _shopper, _answers in submissions}
    links = []
    for uuid, visit_id, shopper_id, answers in submissions:
        if isinstance(answers, str):
            answers = json.loads(answers)
        wanted = {
            ref.lower()
            for answer in answers or []
            if isinstance(answer, dict)
            for ref in (answer.get("media") or [])
            if isinstance(ref, str)
        }
        for ref in wanted:
            found = media.get(ref)
            if found is None:
                continue
            media_id, origin, owner = found
            if origin != uuid and owner == shopper_id and visit_of.get(origin) == visit_id:
                links.append({"media_id": media_id, "submission_uuid": uuid})
    if links:
        table = sa.table(
            "media_links", sa.column("media_id", sa.Integer), sa.column("submission_uuid", sa.String)
        )
        op.bulk_insert(table, links)


def _index_current_texts(bind):
    """Index the texts of every current submission, so new ones are compared with them."""
    import json

    from mystery.integrity.texts import band_keys, trigrams  # derived data: today's bands

    rows = bind.execute(
        sa.text(
            "SELECT answers.id, answers.visit_id, answers.submission_id, answers.qtype, "
            "answers.value, answers.comment FROM answers "
            "JOIN visits ON visits.current_submission_id = answers.submission_id"
        )
    ).all()
    bands = []
    for answer_id, visit_id, submission_id, qtype, value, comment in rows:
        if isinstance(value, str) and bind.dialect.name == "sqlite":
            value = json.loads(value)
        texts = [("comment", comment)]
        if qtype == "text":
            texts.append(("value", value))
        for part, text in texts:
            if not isinstance(text, str) or len(text.strip()) < MIN_CHARS:
                continue
            shingles = trigrams(text.strip())
            bands.extend(
                {
                    "key": key,
                    "answer_id": answer_id,
                    "visit_id": visit_id,
                    "submission_id": submission_id,
                    "part": part,
                }
                for key in (band_keys(shingles) if shingles else [])
            )
    if bands:
        table = sa.table(
            "text_bands",
            sa.column("key", sa.BigInteger),
            sa.column("answer_id", sa.Integer),
            sa.column("visit_id", sa.Integer),
            sa.column("submission_id", sa.Integer),
            sa.column("part", sa.String),
        )
        op.bulk_insert(table, bands)


def downgrade():
    # A plain DROP COLUMN (SQLite 3.35+): recreating submissions would trip its foreign keys.
    with op.batch_alter_table("submissions", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("clock_offset_s")
    op.drop_index(op.f("ix_remember_tokens_user_id"), table_name="remember_tokens")
    op.drop_table("remember_tokens")
    for column in ("visit_id", "submission_id"):
        op.drop_index(op.f(f"ix_text_bands_{column}"), table_name="text_bands")
    op.drop_index("ix_text_bands_lookup", table_name="text_bands")
    op.drop_table("text_bands")
    op.drop_index(op.f("ix_photo_bands_media_id"), table_name="photo_bands")
    op.drop_index("ix_photo_bands_lookup", table_name="photo_bands")
    op.drop_table("photo_bands")
    op.drop_index(op.f("ix_media_links_submission_uuid"), table_name="media_links")
    op.drop_table("media_links")
