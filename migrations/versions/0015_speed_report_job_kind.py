"""report jobs of a wave's chain report, beside its store reports

Revision ID: 0015_speed
Revises: 0008_loop
Create Date: 2026-12-03 06:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0015_speed"
down_revision = "0011_pay"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("report_jobs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=10), nullable=False, server_default="stores")
        )


def downgrade():
    with op.batch_alter_table("report_jobs", schema=None) as batch_op:
        batch_op.drop_column("kind")
