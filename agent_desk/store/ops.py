"""Bookkeeping: the audit log, sync state (bookmarks) and the report of each sync run."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from agent_desk.store.base import Base, CreatedMixin, TimestampMixin, one_of
from agent_desk.store.types import JSONDoc, UTCDateTime

RUN_STATUSES = ("running", "succeeded", "failed", "cancelled")


class AuditEntry(Base, CreatedMixin):
    """Who changed what, when, with the values before and after."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity_type", "entity_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(120))  # agent username, "sync:<source>", "system"
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(40))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONDoc)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSONDoc)


class SyncState(Base, TimestampMixin):
    """The bookmark of one stream of one source, written in the same transaction as its page."""

    __tablename__ = "sync_state"
    __table_args__ = (UniqueConstraint("source", "stream"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(80))
    stream: Mapped[str] = mapped_column(String(80))
    bookmark: Mapped[dict[str, Any]] = mapped_column(JSONDoc, default=dict)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)


class SyncRun(Base):
    """What one run did for one source: the report shown by the CLI and the status bar."""

    __tablename__ = "sync_runs"
    __table_args__ = (
        one_of("status", RUN_STATUSES, "status"),
        Index("ix_sync_runs_source_started", "source", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(80))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(12), default="running")
    fetched: Mapped[int] = mapped_column(default=0)
    inserted: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    deleted: Mapped[int] = mapped_column(default=0)
    rejected: Mapped[int] = mapped_column(default=0)
    rejections: Mapped[list[dict[str, Any]]] = mapped_column(JSONDoc, default=list)
    last_error: Mapped[str | None] = mapped_column(Text)
    full: Mapped[bool] = mapped_column(default=False)
    host: Mapped[str | None] = mapped_column(String(200))  # who ran it: "host pid"
    details: Mapped[dict[str, Any]] = mapped_column(JSONDoc, default=dict)  # per-stream counts


class SyncLease(Base):
    """Who is syncing a source right now: one holder at a time, across processes and hosts.

    A holder renews ``expires_at`` while it works; a lease whose holder died (no renewal, or a
    process on this host that no longer exists) may be taken over. On PostgreSQL a session
    advisory lock guards the same source as well, released by the server when the holder's
    connection drops.
    """

    __tablename__ = "sync_leases"

    source: Mapped[str] = mapped_column(String(80), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))  # "host pid token"
    host: Mapped[str] = mapped_column(String(200))
    pid: Mapped[int]
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
