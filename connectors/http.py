"""The one HTTP client every API connector uses.

- connect/read timeouts on every request; TLS verification on (requests' default, never off);
- retries with exponential backoff and full jitter on connection errors, timeouts and 5xx;
- ``Retry-After`` honoured on 429 and 503 in every form vendors send: integer seconds, a float
  such as Shopify's ``2.0`` (urllib3's ``Retry`` rejects it, so it is not used for these), and an
  HTTP date; clamped to a sane range, NaN and infinity refused;
- every wait is cut short by the cancel event (a person pressing Cancel, a service stopping);
- 401/403 raise :class:`AuthenticationError`, other 4xx a :class:`ConnectorError` with the
  vendor's message and the HTTP status in ``.status``; messages name the source and the URL
  without its query (no token leaks).
"""

from __future__ import annotations

import json
import logging
import math
import random
import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests

from connectors.base import AuthenticationError, Cancelled, ConnectorError

RETRY_STATUSES = frozenset({500, 502, 503, 504})
MAX_RETRY_AFTER = 300.0
MAX_REDIRECTS = 5
USER_AGENT = "agent-desk (+connectors)"


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header, or None when it is absent or unusable."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if math.isnan(seconds) or math.isinf(seconds):
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme, (parts.hostname or "").lower(), parts.port


def safe_url(url: str) -> str:
    """The URL as it may appear in a message: no query string, no user info."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


class HttpClient:
    """A ``requests`` session for one source, with the retry policy described above."""

    def __init__(
        self,
        source: str,
        *,
        auth: requests.auth.AuthBase | tuple[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: tuple[float, float] = (5.0, 30.0),
        max_attempts: int = 6,
        backoff_base: float = 0.5,
        backoff_cap: float = 30.0,
        cancel: threading.Event | None = None,
        logger: logging.Logger | None = None,
        rng: random.Random | None = None,
        wait: Callable[[float], None] | None = None,
    ) -> None:
        self.source = source
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.session.headers["Accept"] = "application/json"
        if headers:
            self.session.headers.update(headers)
        self.session.auth = auth
        self.timeout = timeout
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.cancel = cancel or threading.Event()
        self.log = logger or logging.getLogger(f"connectors.{source}")
        self._rng = rng or random.Random()
        self._wait = wait or self._cancellable_wait
        self.waited: list[float] = []  # every wait, for tests and the sync report

    def _cancellable_wait(self, seconds: float) -> None:
        if self.cancel.wait(seconds):
            raise Cancelled(f"{self.source}: cancelled")

    def pause(self, seconds: float) -> None:
        """Wait ``seconds`` (pacing, cost-based throttling); Cancel cuts it short."""
        self._sleep(seconds)

    def _sleep(self, seconds: float) -> None:
        if self.cancel.is_set():
            raise Cancelled(f"{self.source}: cancelled")
        self.waited.append(seconds)
        self._wait(seconds)

    def _backoff(self, attempt: int) -> float:
        return self._rng.uniform(0, min(self.backoff_cap, self.backoff_base * 2**attempt))

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """Send with retries; returns a 2xx/3xx response or raises a ConnectorError."""
        where = safe_url(url)
        last_error = ""
        for attempt in range(self.max_attempts):
            if self.cancel.is_set():
                raise Cancelled(f"{self.source}: cancelled")
            try:
                response = self._send(method, url, **kwargs)
            except requests.exceptions.SSLError:
                # urllib3's text carries the whole URL, query string (and any key in it) included
                raise ConnectorError(
                    self.source, f"TLS verification failed for {where} (certificate not trusted)"
                ) from None
            except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
                last_error = f"{type(exc).__name__} on {where}"
                self.log.warning("%s: %s (attempt %d)", self.source, last_error, attempt + 1)
                if attempt + 1 < self.max_attempts:
                    self._sleep(self._backoff(attempt))
                continue
            status = response.status_code
            if status in (429, 503):
                delay = parse_retry_after(response.headers.get("Retry-After"))
                last_error = f"HTTP {status} on {where}"
                if attempt + 1 < self.max_attempts:
                    self.log.info(
                        "%s: %s, waiting %.1f s",
                        self.source,
                        last_error,
                        delay if delay is not None else -1,
                    )
                    self._sleep(delay if delay is not None else self._backoff(attempt))
                continue
            if status in RETRY_STATUSES:
                last_error = f"HTTP {status} on {where}"
                self.log.warning("%s: %s (attempt %d)", self.source, last_error, attempt + 1)
                if attempt + 1 < self.max_attempts:
                    self._sleep(self._backoff(attempt))
                continue
            if status in (401, 403):
                raise AuthenticationError(
                    self.source,
                    f"HTTP {status} from {where}: {vendor_message(response)} "
                    "(check the credential with `agent-desk credentials set`)",
                    status=status,
                )
            if status >= 400:
                raise ConnectorError(
                    self.source,
                    f"HTTP {status} from {where}: {vendor_message(response)}",
                    status=status,
                )
            return response
        raise ConnectorError(
            self.source, f"gave up after {self.max_attempts} attempts: {last_error}"
        )

    def _send(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """Send, following redirects only within the same scheme, host and port: requests
        strips ``Authorization`` on a cross-host redirect, but not custom token headers such as
        ``X-Shopify-Access-Token``, so a redirect elsewhere is refused rather than followed."""
        for _ in range(MAX_REDIRECTS + 1):
            response = self.session.request(
                method, url, timeout=self.timeout, allow_redirects=False, **kwargs
            )
            if not response.is_redirect:
                return response
            target = requests.compat.urljoin(url, response.headers["Location"])
            if _origin(target) != _origin(url):
                raise ConnectorError(
                    self.source,
                    f"{safe_url(url)} redirects to another host ({safe_url(target)}); not "
                    "following it, because the credential would be sent there: check the URL",
                )
            url = target
            if response.status_code == 303:
                method, kwargs = "GET", {k: v for k, v in kwargs.items() if k != "json"}
        raise ConnectorError(
            self.source, f"more than {MAX_REDIRECTS} redirects from {safe_url(url)}"
        )

    def get(
        self,
        url: str,
        params: Mapping[str, Any] | None = None,
        *,
        headers: Mapping[str, str] | None = None,
    ) -> requests.Response:
        """GET; ``headers`` are added to the session's for this request only (a renewed token)."""
        return self.request("GET", url, params=params, headers=headers)

    def get_json(
        self,
        url: str,
        params: Mapping[str, Any] | None = None,
        *,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        response = self.get(url, params, headers=headers)
        return parse_json(self.source, response)

    def post_json(self, url: str, body: Any) -> Any:
        return parse_json(self.source, self.request("POST", url, json=body))

    def close(self) -> None:
        self.session.close()


def parse_json(source: str, response: requests.Response) -> Any:
    try:
        return response.json()
    except (ValueError, json.JSONDecodeError) as exc:
        raise ConnectorError(
            source,
            f"malformed JSON from {safe_url(response.url)}: {exc} "
            f"(starts with {response.text[:80]!r})",
        ) from None


def vendor_message(response: requests.Response) -> str:
    """The error text a vendor put in the body (JSON or plain text), shortened."""
    text = response.text.strip()
    try:
        body = response.json()
    except ValueError:
        return text[:200] or response.reason or "no details"
    if isinstance(body, dict):
        for key in ("errors", "error", "message", "description", "detail"):
            if key in body:
                value = body[key]
                if isinstance(value, dict):
                    value = value.get("message") or value.get("title") or value
                return str(value)[:200]
    return text[:200]
