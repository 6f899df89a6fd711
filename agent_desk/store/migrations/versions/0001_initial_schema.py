"""Initial schema: the whole domain of ARCHITECTURE.md.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 18:45:42.400821
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import agent_desk.store.types

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=120), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("team", sa.String(length=120), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("role IN ('agent', 'lead', 'admin')", name=op.f("ck_agents_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agents")),
        sa.UniqueConstraint("username", name=op.f("uq_agents_username")),
    )
    op.create_table(
        "customers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("display_name", sa.String(length=300), nullable=False),
        sa.Column("given_name", sa.String(length=150), nullable=True),
        sa.Column("family_name", sa.String(length=150), nullable=True),
        sa.Column("company", sa.String(length=300), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("phone_e164", sa.String(length=20), nullable=True),
        sa.Column("street", sa.String(length=300), nullable=True),
        sa.Column("postcode", sa.String(length=20), nullable=True),
        sa.Column("city", sa.String(length=150), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("value_tier", sa.String(length=16), nullable=True),
        sa.Column(
            "lifetime_revenue", agent_desk.store.types.Money(precision=19, scale=4), nullable=True
        ),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("lifecycle_stage", sa.String(length=16), nullable=True),
        sa.Column(
            "last_contact_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "lifecycle_stage IS NULL OR lifecycle_stage IN ('new', 'active', 'loyal', 'lapsing', 'lost')",
            name=op.f("ck_customers_lifecycle"),
        ),
        sa.CheckConstraint(
            "value_tier IS NULL OR value_tier IN ('platinum', 'gold', 'silver', 'bronze')",
            name=op.f("ck_customers_value_tier"),
        ),
        sa.ForeignKeyConstraint(
            ["merged_into_id"],
            ["customers.id"],
            name=op.f("fk_customers_merged_into_id_customers"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers")),
    )
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_customers_email"), ["email"], unique=False)
        batch_op.create_index(
            "ix_customers_family_given", ["family_name", "given_name"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_customers_merged_into_id"), ["merged_into_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_customers_phone_e164"), ["phone_e164"], unique=False)

    op.create_table(
        "products",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("category", sa.String(length=120), nullable=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("price", agent_desk.store.types.Money(precision=19, scale=4), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("margin_pct", agent_desk.store.types.Money(precision=19, scale=4), nullable=True),
        sa.Column("attributes", agent_desk.store.types.JSONDoc, nullable=False),
        sa.Column("updated_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),
        sa.UniqueConstraint("sku", name=op.f("uq_products_sku")),
    )
    op.create_table(
        "sync_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("started_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("fetched", sa.Integer(), nullable=False),
        sa.Column("inserted", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("rejections", agent_desk.store.types.JSONDoc, nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('running', 'succeeded', 'failed', 'cancelled')",
            name=op.f("ck_sync_runs_status"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_runs")),
    )
    with op.batch_alter_table("sync_runs", schema=None) as batch_op:
        batch_op.create_index("ix_sync_runs_source_started", ["source", "started_at"], unique=False)

    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("stream", sa.String(length=80), nullable=False),
        sa.Column("bookmark", agent_desk.store.types.JSONDoc, nullable=False),
        sa.Column(
            "last_success_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "last_attempt_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("updated_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_state")),
        sa.UniqueConstraint("source", "stream", name=op.f("uq_sync_state_source_stream")),
    )
    op.create_table(
        "agent_presence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("seen_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"],
            ["agents.id"],
            name=op.f("fk_agent_presence_agent_id_agents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_agent_presence_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agent_presence")),
        sa.UniqueConstraint(
            "agent_id", "customer_id", name=op.f("uq_agent_presence_agent_id_customer_id")
        ),
    )
    with op.batch_alter_table("agent_presence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agent_presence_customer_id"), ["customer_id"], unique=False
        )

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_agent_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("entity_type", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("before", agent_desk.store.types.JSONDoc, nullable=True),
        sa.Column("after", agent_desk.store.types.JSONDoc, nullable=True),
        sa.Column("created_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_agent_id"],
            ["agents.id"],
            name=op.f("fk_audit_log_actor_agent_id_agents"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(
            "ix_audit_log_entity", ["entity_type", "entity_id", "created_at"], unique=False
        )

    op.create_table(
        "contact_preferences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("opted_out", sa.Boolean(), nullable=False),
        sa.Column("preferred", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "channel IN ('phone', 'email', 'sms', 'post', 'chat')",
            name=op.f("ck_contact_preferences_channel"),
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_contact_preferences_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["agents.id"],
            name=op.f("fk_contact_preferences_updated_by_id_agents"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_preferences")),
        sa.UniqueConstraint(
            "customer_id", "channel", name=op.f("uq_contact_preferences_customer_id_channel")
        ),
    )
    op.create_table(
        "merge_journal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("actor_agent_id", sa.Integer(), nullable=True),
        sa.Column("actor_rule", sa.String(length=80), nullable=True),
        sa.Column("from_customer_id", sa.Integer(), nullable=True),
        sa.Column("into_customer_id", sa.Integer(), nullable=True),
        sa.Column("details", agent_desk.store.types.JSONDoc, nullable=False),
        sa.Column("undone_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("undone_by_entry_id", sa.Integer(), nullable=True),
        sa.Column("created_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "action IN ('merge', 'split', 'undo')", name=op.f("ck_merge_journal_action")
        ),
        sa.ForeignKeyConstraint(
            ["actor_agent_id"],
            ["agents.id"],
            name=op.f("fk_merge_journal_actor_agent_id_agents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["from_customer_id"],
            ["customers.id"],
            name=op.f("fk_merge_journal_from_customer_id_customers"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["into_customer_id"],
            ["customers.id"],
            name=op.f("fk_merge_journal_into_customer_id_customers"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["undone_by_entry_id"],
            ["merge_journal.id"],
            name=op.f("fk_merge_journal_undone_by_entry_id_merge_journal"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merge_journal")),
    )
    with op.batch_alter_table("merge_journal", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_merge_journal_from_customer_id"), ["from_customer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_merge_journal_into_customer_id"), ["into_customer_id"], unique=False
        )

    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("internal", sa.Boolean(), nullable=False),
        sa.Column("deleted_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('note', 'special_handling')", name=op.f("ck_notes_kind")),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["agents.id"],
            name=op.f("fk_notes_author_id_agents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_notes_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notes")),
    )
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_notes_customer_created", ["customer_id", "created_at"], unique=False
        )

    op.create_table(
        "source_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("source_type", sa.String(length=40), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("external_id", sa.String(length=120), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("display_name", sa.String(length=300), nullable=True),
        sa.Column("match_email", sa.String(length=320), nullable=True),
        sa.Column("match_phone", sa.String(length=20), nullable=True),
        sa.Column("match_given_name", sa.String(length=150), nullable=True),
        sa.Column("match_family_name", sa.String(length=150), nullable=True),
        sa.Column("match_postcode", sa.String(length=20), nullable=True),
        sa.Column("match_birth_date", sa.Date(), nullable=True),
        sa.Column("erp_customer_number", sa.String(length=60), nullable=True),
        sa.Column("link", sa.String(length=1000), nullable=True),
        sa.Column("payload", agent_desk.store.types.JSONDoc, nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_source_records_customer_id_customers"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_records")),
        sa.UniqueConstraint(
            "source",
            "entity",
            "external_id",
            name=op.f("uq_source_records_source_entity_external_id"),
        ),
    )
    with op.batch_alter_table("source_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_source_records_customer_id"), ["customer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_source_records_erp_customer_number"),
            ["erp_customer_number"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_source_records_match_email"), ["match_email"], unique=False
        )
        batch_op.create_index(
            "ix_source_records_match_name", ["match_family_name", "match_given_name"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_source_records_match_phone"), ["match_phone"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_source_records_match_postcode"), ["match_postcode"], unique=False
        )

    op.create_table(
        "match_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_a_id", sa.Integer(), nullable=False),
        sa.Column("record_b_id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=40), nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("origin", sa.String(length=8), nullable=False),
        sa.Column("decision", sa.String(length=12), nullable=False),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "decision IN ('same', 'possible', 'different')", name=op.f("ck_match_links_decision")
        ),
        sa.CheckConstraint("origin IN ('auto', 'manual')", name=op.f("ck_match_links_origin")),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["agents.id"],
            name=op.f("fk_match_links_decided_by_id_agents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["record_a_id"],
            ["source_records.id"],
            name=op.f("fk_match_links_record_a_id_source_records"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["record_b_id"],
            ["source_records.id"],
            name=op.f("fk_match_links_record_b_id_source_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_links")),
        sa.UniqueConstraint(
            "record_a_id", "record_b_id", name=op.f("uq_match_links_record_a_id_record_b_id")
        ),
    )
    with op.batch_alter_table("match_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_match_links_record_b_id"), ["record_b_id"], unique=False
        )

    op.create_table(
        "order_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("order_external_id", sa.String(length=120), nullable=False),
        sa.Column("line_external_id", sa.String(length=120), nullable=False),
        sa.Column("order_reference", sa.String(length=120), nullable=True),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("source_record_id", sa.Integer(), nullable=True),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("sku", sa.String(length=80), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("quantity", agent_desk.store.types.Money(precision=19, scale=4), nullable=False),
        sa.Column("unit_price", agent_desk.store.types.Money(precision=19, scale=4), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("ordered_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=True),
        sa.Column("created_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_order_lines_customer_id_customers"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_order_lines_product_id_products"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["source_record_id"],
            ["source_records.id"],
            name=op.f("fk_order_lines_source_record_id_source_records"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_lines")),
        sa.UniqueConstraint(
            "source",
            "order_external_id",
            "line_external_id",
            name=op.f("uq_order_lines_source_order_external_id_line_external_id"),
        ),
    )
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.create_index(
            "ix_order_lines_customer_ordered", ["customer_id", "ordered_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_order_lines_sku"), ["sku"], unique=False)

    op.create_table(
        "timeline_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("source_type", sa.String(length=40), nullable=False),
        sa.Column("external_id", sa.String(length=160), nullable=False),
        sa.Column("source_record_id", sa.Integer(), nullable=True),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("occurred_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("amount", agent_desk.store.types.Money(precision=19, scale=4), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("status", sa.String(length=40), nullable=True),
        sa.Column("reference", sa.String(length=120), nullable=True),
        sa.Column("link", sa.String(length=1000), nullable=True),
        sa.Column("author_agent_id", sa.Integer(), nullable=True),
        sa.Column("payload", agent_desk.store.types.JSONDoc, nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_agent_id"],
            ["agents.id"],
            name=op.f("fk_timeline_events_author_agent_id_agents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_timeline_events_customer_id_customers"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["source_record_id"],
            ["source_records.id"],
            name=op.f("fk_timeline_events_source_record_id_source_records"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timeline_events")),
        sa.UniqueConstraint(
            "source", "external_id", name=op.f("uq_timeline_events_source_external_id")
        ),
    )
    with op.batch_alter_table("timeline_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_timeline_events_customer_time", ["customer_id", "occurred_at"], unique=False
        )
        batch_op.create_index("ix_timeline_events_reference", ["reference"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_timeline_events_source_record_id"), ["source_record_id"], unique=False
        )

    op.create_table(
        "commitments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("description", sa.String(length=1000), nullable=False),
        sa.Column("due_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=True),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("expected_event_kind", sa.String(length=40), nullable=True),
        sa.Column("expected_reference", sa.String(length=120), nullable=True),
        sa.Column("evidence_event_id", sa.Integer(), nullable=True),
        sa.Column("update_every_days", sa.Integer(), nullable=True),
        sa.Column("source_event_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('call_back', 'refund', 'replacement', 'credit', 'visit', 'status_update', 'other')",
            name=op.f("ck_commitments_kind"),
        ),
        sa.CheckConstraint(
            "state IN ('open', 'kept', 'broken', 'cancelled')", name=op.f("ck_commitments_state")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["agents.id"],
            name=op.f("fk_commitments_created_by_id_agents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_commitments_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["evidence_event_id"],
            ["timeline_events.id"],
            name=op.f("fk_commitments_evidence_event_id_timeline_events"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["agents.id"],
            name=op.f("fk_commitments_owner_id_agents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["source_event_id"],
            ["timeline_events.id"],
            name=op.f("fk_commitments_source_event_id_timeline_events"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitments")),
    )
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_commitments_customer_id"), ["customer_id"], unique=False
        )
        batch_op.create_index(
            "ix_commitments_expected", ["expected_reference", "expected_event_kind"], unique=False
        )
        batch_op.create_index(
            "ix_commitments_owner_state_due", ["owner_id", "state", "due_at"], unique=False
        )

    op.create_table(
        "offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("sku", sa.String(length=80), nullable=False),
        sa.Column("rule", sa.String(length=120), nullable=False),
        sa.Column("reason", sa.String(length=1000), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=True),
        sa.Column("offered_by_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=12), nullable=False),
        sa.Column("outcome_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("details", agent_desk.store.types.JSONDoc, nullable=False),
        sa.Column("updated_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "outcome IN ('pending', 'accepted', 'declined', 'later')",
            name=op.f("ck_offers_outcome"),
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_offers_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["timeline_events.id"],
            name=op.f("fk_offers_event_id_timeline_events"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["offered_by_id"],
            ["agents.id"],
            name=op.f("fk_offers_offered_by_id_agents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_offers_product_id_products"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offers")),
    )
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.create_index("ix_offers_customer_sku", ["customer_id", "sku"], unique=False)

    op.create_table(
        "commitment_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("actor_agent_id", sa.Integer(), nullable=True),
        sa.Column("old_state", sa.String(length=12), nullable=True),
        sa.Column("new_state", sa.String(length=12), nullable=True),
        sa.Column("old_due_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("new_due_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.String(length=1000), nullable=True),
        sa.Column("created_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_agent_id"],
            ["agents.id"],
            name=op.f("fk_commitment_history_actor_agent_id_agents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitments.id"],
            name=op.f("fk_commitment_history_commitment_id_commitments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment_history")),
    )
    with op.batch_alter_table("commitment_history", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_commitment_history_commitment_id"), ["commitment_id"], unique=False
        )

    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("details", sa.Text(), nullable=True),
        sa.Column("due_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("remind_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "snoozed_until", agent_desk.store.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("priority", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("commitment_id", sa.Integer(), nullable=True),
        sa.Column("completed_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", agent_desk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "priority IN ('low', 'normal', 'high', 'urgent')", name=op.f("ck_tasks_priority")
        ),
        sa.CheckConstraint("status IN ('open', 'done', 'cancelled')", name=op.f("ck_tasks_status")),
        sa.ForeignKeyConstraint(
            ["assignee_id"],
            ["agents.id"],
            name=op.f("fk_tasks_assignee_id_agents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitments.id"],
            name=op.f("fk_tasks_commitment_id_commitments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["agents.id"],
            name=op.f("fk_tasks_created_by_id_agents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_tasks_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["timeline_events.id"],
            name=op.f("fk_tasks_event_id_timeline_events"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tasks")),
    )
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.create_index(
            "ix_tasks_assignee_status_due", ["assignee_id", "status", "due_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_tasks_commitment_id"), ["commitment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tasks_customer_id"), ["customer_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tasks_customer_id"))
        batch_op.drop_index(batch_op.f("ix_tasks_commitment_id"))
        batch_op.drop_index("ix_tasks_assignee_status_due")

    op.drop_table("tasks")
    with op.batch_alter_table("commitment_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitment_history_commitment_id"))

    op.drop_table("commitment_history")
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_index("ix_offers_customer_sku")

    op.drop_table("offers")
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.drop_index("ix_commitments_owner_state_due")
        batch_op.drop_index("ix_commitments_expected")
        batch_op.drop_index(batch_op.f("ix_commitments_customer_id"))

    op.drop_table("commitments")
    with op.batch_alter_table("timeline_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_timeline_events_source_record_id"))
        batch_op.drop_index("ix_timeline_events_reference")
        batch_op.drop_index("ix_timeline_events_customer_time")

    op.drop_table("timeline_events")
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_lines_sku"))
        batch_op.drop_index("ix_order_lines_customer_ordered")

    op.drop_table("order_lines")
    with op.batch_alter_table("match_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_links_record_b_id"))

    op.drop_table("match_links")
    with op.batch_alter_table("source_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_records_match_postcode"))
        batch_op.drop_index(batch_op.f("ix_source_records_match_phone"))
        batch_op.drop_index("ix_source_records_match_name")
        batch_op.drop_index(batch_op.f("ix_source_records_match_email"))
        batch_op.drop_index(batch_op.f("ix_source_records_erp_customer_number"))
        batch_op.drop_index(batch_op.f("ix_source_records_customer_id"))

    op.drop_table("source_records")
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.drop_index("ix_notes_customer_created")

    op.drop_table("notes")
    with op.batch_alter_table("merge_journal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_merge_journal_into_customer_id"))
        batch_op.drop_index(batch_op.f("ix_merge_journal_from_customer_id"))

    op.drop_table("merge_journal")
    op.drop_table("contact_preferences")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_entity")

    op.drop_table("audit_log")
    with op.batch_alter_table("agent_presence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agent_presence_customer_id"))

    op.drop_table("agent_presence")
    op.drop_table("sync_state")
    with op.batch_alter_table("sync_runs", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_runs_source_started")

    op.drop_table("sync_runs")
    op.drop_table("products")
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customers_phone_e164"))
        batch_op.drop_index(batch_op.f("ix_customers_merged_into_id"))
        batch_op.drop_index("ix_customers_family_given")
        batch_op.drop_index(batch_op.f("ix_customers_email"))

    op.drop_table("customers")
    op.drop_table("agents")
