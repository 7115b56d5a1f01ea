"""running the programme: inactive stores, a wave's scenario, anonymised users

Revision ID: 0006_running
Revises: 0002
Create Date: 2026-12-02 20:00:00

"""

import sqlalchemy as sa
from alembic import op

import mystery.database

# revision identifiers, used by Alembic.
revision = "0006_running"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("stores") as batch_op:
        batch_op.add_column(
            sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
    with op.batch_alter_table("waves") as batch_op:
        batch_op.add_column(sa.Column("scenario", sa.Text(), server_default="", nullable=False))
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(
            sa.Column("anonymised_at", mystery.database.UTCDateTime(), nullable=True)
        )


def downgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("anonymised_at")
    with op.batch_alter_table("waves") as batch_op:
        batch_op.drop_column("scenario")
    with op.batch_alter_table("stores") as batch_op:
        batch_op.drop_column("active")
