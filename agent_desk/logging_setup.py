"""Logging to a rotating file in the user log dir, with secrets and card numbers redacted.

Redaction happens in the formatter, after the message and any traceback are rendered, so an
exception text that carries a URL with a password or a card number is masked too.
"""

from __future__ import annotations

import logging
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

_URL_PASSWORD = re.compile(r"(?P<head>\b[a-z][a-z0-9+.\-]*://[^:/@\s]+:)[^@\s]+@", re.IGNORECASE)
_KEY_VALUE_SECRET = re.compile(  # also consumer_secret=, client_secret=, x-api-key: ...
    r"(?P<key>\b[\w-]*?(?:password|passwd|pwd|token|api[_-]?key|secret|consumer[_-]?key)"
    r"\b\s*[=:]\s*)(?P<q>['\"]?)[^'\"\s,;&]+",
    re.IGNORECASE,
)
_AUTH_HEADER = re.compile(r"(?P<key>Authorization:\s*\w+\s+)\S+", re.IGNORECASE)
_DIGIT_RUN = re.compile(r"(?<![\w])(?:\d[ -]?){12,18}\d(?![\w])")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b")
_US_SSN = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _mask_card(match: re.Match[str]) -> str:
    text = match.group(0)
    digits = re.sub(r"\D", "", text)
    if 13 <= len(digits) <= 19 and _luhn_ok(digits):
        return f"[card …{digits[-4:]}]"
    return text


def redact(text: str) -> str:
    """Mask passwords, tokens, card numbers, IBANs and SSNs in ``text``."""
    text = _URL_PASSWORD.sub(r"\g<head>***@", text)
    text = _KEY_VALUE_SECRET.sub(r"\g<key>\g<q>***", text)
    text = _AUTH_HEADER.sub(r"\g<key>***", text)
    text = _DIGIT_RUN.sub(_mask_card, text)
    text = _IBAN.sub(lambda m: f"[IBAN …{m.group(0).replace(' ', '')[-4:]}]", text)
    return _US_SSN.sub("[ID number]", text)


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"


def setup_logging(log_file: Path, level: int = logging.INFO) -> Path:
    """Send the root logger to a rotating file (2 MB x 5); returns the file's path."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_agent_desk", False):
            root.removeHandler(handler)
            handler.close()
    handler = RotatingFileHandler(log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(RedactingFormatter(LOG_FORMAT))
    handler._agent_desk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    return log_file
