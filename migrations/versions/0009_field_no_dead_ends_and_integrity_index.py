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
    # Index the photos already stored, so a new upload is compared with them too.
    bind = op.get_bind()
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


def downgrade():
    with op.batch_alter_table("submissions", schema=None) as batch_op:
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
