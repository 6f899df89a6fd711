"""Logs never carry secrets or full card/ID numbers."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from agent_desk.logging_setup import redact, setup_logging


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("postgresql+psycopg://agent:Sup3r-S3cret@db:5432/desk", "Sup3r-S3cret"),
        ("token=abc123xyz", "abc123xyz"),
        ("password: 'hunter2'", "hunter2"),
        ("Authorization: Bearer eyJhbGciOi", "eyJhbGciOi"),
        ("paid with 4111 1111 1111 1111 yesterday", "4111 1111 1111 1111"),
        ("card 5500-0000-0000-0004", "5500-0000-0000-0004"),
        ("IBAN DE89 3704 0044 0532 0130 00", "3704 0044 0532"),
        ("SSN 078-05-1120", "078-05-1120"),
    ],
)
def test_secrets_are_masked(text: str, secret: str) -> None:
    assert secret not in redact(text)


def test_phone_numbers_and_order_numbers_stay_readable() -> None:
    text = "caller +44 20 7946 0018 about order #100234 (1234567890123 is not Luhn-valid)"
    assert redact(text) == text


def test_log_file_rotates_and_is_redacted(tmp_path: Path) -> None:
    log_file = setup_logging(tmp_path / "logs" / "agent-desk.log")
    try:
        logging.getLogger("test").error("cannot connect to postgresql://a:pw123456@h/db")
        try:
            raise RuntimeError("token=tok_live_987654")
        except RuntimeError:
            logging.getLogger("test").exception("failed")
        for handler in logging.getLogger().handlers:
            handler.flush()
        content = log_file.read_text(encoding="utf-8")
    finally:
        for handler in list(logging.getLogger().handlers):
            if getattr(handler, "_agent_desk", False):
                logging.getLogger().removeHandler(handler)
                handler.close()
    assert "pw123456" not in content and "tok_live_987654" not in content
    assert "cannot connect" in content and "RuntimeError" in content
