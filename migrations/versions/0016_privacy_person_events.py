"""audit entries about a person: visit_events.subject_id, visit_id optional

Revision ID: 0016_privacy
Revises: 0015_speed
Create Date: 2026-12-03 16:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0016_privacy"
down_revision = "0015_speed"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("visit_events", schema=None) as batch_op:
        batch_op.alter_column("visit_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("subject_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_visit_events_subject_id", ["subject_id"], unique=False)
        batch_op.create_foreign_key(
            "fk_visit_events_subject_id_users", "users", ["subject_id"], ["id"]
        )


def downgrade():
    # Entries about a person have no visit to hang on; they go with the column.
    op.execute("DELETE FROM visit_events WHERE visit_id IS NULL")
    with op.batch_alter_table("visit_events", schema=None) as batch_op:
        batch_op.drop_constraint("fk_visit_events_subject_id_users", type_="foreignkey")
        batch_op.drop_index("ix_visit_events_subject_id")
        batch_op.drop_column("subject_id")
        batch_op.alter_column("visit_id", existing_type=sa.Integer(), nullable=False)
