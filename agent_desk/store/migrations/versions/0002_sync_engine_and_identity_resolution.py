"""Sync engine and identity resolution: match and block columns, pending flags, person keys
of events and order lines, sync leases, run details.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 21:55:38.295108
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import agent_desk.store.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_leases",
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("holder", sa.String(length=200), nullable=False),
        sa.Column("host", sa.String(length=200), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("acquired_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source", name=op.f("pk_sync_leases")),
    )
    with op.batch_alter_table("match_links", schema=None) as batch_op:
        batch_op.add_column(sa.Column("journal_entry_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_match_links_journal_entry_id"), ["journal_entry_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_match_links_journal_entry_id_merge_journal"),
            "merge_journal",
            ["journal_entry_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("person_key", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("content_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column(
                "deleted_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=True
            )
        )
        batch_op.create_index("ix_order_lines_person", ["source", "person_key"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_order_lines_source_record_id"), ["source_record_id"], unique=False
        )

    with op.batch_alter_table("source_records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("match_street", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("match_city", sa.String(length=150), nullable=True))
        batch_op.add_column(sa.Column("match_country", sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column("match_company", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("block_a", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("block_b", sa.String(length=80), nullable=True))
        batch_op.add_column(
            sa.Column(
                "source_updated_at",
                agent_desk.store.types.UTCDateTime(timezone=True),
                nullable=True,
            )
        )
        batch_op.add_column(
            sa.Column("resolve_pending", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_index(batch_op.f("ix_source_records_block_a"), ["block_a"], unique=False)
        batch_op.create_index(batch_op.f("ix_source_records_block_b"), ["block_b"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_source_records_resolve_pending"), ["resolve_pending"], unique=False
        )
        batch_op.create_index(
            "ix_source_records_source_external", ["source", "external_id"], unique=False
        )

    with op.batch_alter_table("sync_runs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("full", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("host", sa.String(length=200), nullable=True))
        batch_op.add_column(
            sa.Column(
                "details", agent_desk.store.types.JSONDoc, nullable=False, server_default="{}"
            )
        )

    with op.batch_alter_table("timeline_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("person_key", sa.String(length=200), nullable=True))
        batch_op.create_index("ix_timeline_events_person", ["source", "person_key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("timeline_events", schema=None) as batch_op:
        batch_op.drop_index("ix_timeline_events_person")
        batch_op.drop_column("person_key")

    with op.batch_alter_table("sync_runs", schema=None) as batch_op:
        batch_op.drop_column("details")
        batch_op.drop_column("host")
        batch_op.drop_column("full")

    with op.batch_alter_table("source_records", schema=None) as batch_op:
        batch_op.drop_index("ix_source_records_source_external")
        batch_op.drop_index(batch_op.f("ix_source_records_resolve_pending"))
        batch_op.drop_index(batch_op.f("ix_source_records_block_b"))
        batch_op.drop_index(batch_op.f("ix_source_records_block_a"))
        batch_op.drop_column("resolve_pending")
        batch_op.drop_column("source_updated_at")
        batch_op.drop_column("block_b")
        batch_op.drop_column("block_a")
        batch_op.drop_column("match_company")
        batch_op.drop_column("match_country")
        batch_op.drop_column("match_city")
        batch_op.drop_column("match_street")

    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_lines_source_record_id"))
        batch_op.drop_index("ix_order_lines_person")
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("content_hash")
        batch_op.drop_column("person_key")

    with op.batch_alter_table("match_links", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_match_links_journal_entry_id_merge_journal"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_match_links_journal_entry_id"))
        batch_op.drop_column("journal_entry_id")

    op.drop_table("sync_leases")
