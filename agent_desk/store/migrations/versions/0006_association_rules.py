"""Cross-sell: the association rules mined from the order lines ("customers who bought A also
bought B", with support, confidence and lift).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import agent_desk.store.types

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "association_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("antecedent", sa.String(length=80), nullable=False),
        sa.Column("consequent", sa.String(length=80), nullable=False),
        sa.Column("customers", sa.Integer(), nullable=False),
        sa.Column("antecedent_customers", sa.Integer(), nullable=False),
        sa.Column("support", sa.Float(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("lift", sa.Float(), nullable=False),
        sa.Column("mined_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_association_rules")),
        sa.UniqueConstraint(
            "antecedent", "consequent", name=op.f("uq_association_rules_antecedent_consequent")
        ),
    )


def downgrade() -> None:
    op.drop_table("association_rules")
