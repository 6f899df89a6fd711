"""Record keys: the business keys (orders, invoices, contracts) a source record's person owns
or mentions, per event, for the identity rule "reference".

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 01:21:44.383511
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import agent_desk.store.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "record_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("event_external_id", sa.String(length=160), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("external_id", sa.String(length=120), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.Column("created_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("role IN ('owns', 'mentions')", name=op.f("ck_record_keys_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_keys")),
        sa.UniqueConstraint(
            "source",
            "event_external_id",
            "key",
            name=op.f("uq_record_keys_source_event_external_id_key"),
        ),
    )
    with op.batch_alter_table("record_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_record_keys_key"), ["key"], unique=False)
        batch_op.create_index(
            "ix_record_keys_person", ["source", "entity", "external_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("record_keys", schema=None) as batch_op:
        batch_op.drop_index("ix_record_keys_person")
        batch_op.drop_index(batch_op.f("ix_record_keys_key"))

    op.drop_table("record_keys")
