"""Tasks: where a task came from (an agent, or a commitment's update cadence) and when its
reminder was shown. Commitments: after a person reopened one, which synced events no longer
count as its evidence.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 06:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import agent_desk.store.types

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tasks") as batch:
        batch.add_column(
            sa.Column("origin", sa.String(length=12), server_default="agent", nullable=False)
        )
        batch.add_column(
            sa.Column(
                "reminded_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=True
            )
        )
        batch.create_check_constraint("origin", "origin IN ('agent', 'cadence')")
    with op.batch_alter_table("commitments") as batch:
        batch.add_column(sa.Column("evidence_after_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("commitments") as batch:
        batch.drop_column("evidence_after_id")
    with op.batch_alter_table("tasks") as batch:
        batch.drop_constraint("ck_tasks_origin", type_="check")
        batch.drop_column("reminded_at")
        batch.drop_column("origin")
