"""The shared machinery of the vendor fakes: routing, fault injection, a request log.

A fake subclasses :class:`FakeVendorServer` and implements :meth:`FakeVendorServer.route`.
Tests inject faults that are served before normal answers (a 429 with ``Retry-After``, a 500,
a page of malformed JSON, a 401, a slow answer), and read :attr:`requests` to assert what the
connector sent. Everything binds to 127.0.0.1 on an ephemeral port and stops with the context.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class FakeRequest:
    method: str
    path: str
    query: dict[str, str]  # first value of each parameter
    query_all: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"null")


@dataclass
class FakeResponse:
    status: int = 200
    body: Any = None  # JSON-serialisable, or str/bytes sent as is
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json; charset=utf-8"

    def encoded(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode("utf-8")
        return json.dumps(self.body, ensure_ascii=False).encode("utf-8")


@dataclass
class Fault:
    """An answer served instead of the normal one, once, for requests whose path starts with
    ``path_prefix`` (any path when empty)."""

    response: FakeResponse
    path_prefix: str = ""
    delay: float = 0.0


class FakeVendorServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.faults: deque[Fault] = deque()
        self.requests: list[FakeRequest] = []
        # tests read the log; a live demo server answers millions of requests and must not
        # keep them (serve_demo turns it off)
        self.log_requests = True
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    # -- for subclasses -----------------------------------------------------------------------
    def route(self, request: FakeRequest) -> FakeResponse:
        return FakeResponse(404, {"error": "Not Found"})

    # -- for tests and the demo ---------------------------------------------------------------
    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def inject(
        self,
        status: int,
        body: Any = None,
        *,
        headers: dict[str, str] | None = None,
        path_prefix: str = "",
        delay: float = 0.0,
        content_type: str | None = None,
    ) -> None:
        response = FakeResponse(status, body, headers or {})
        if content_type:
            response.content_type = content_type
        self.faults.append(Fault(response, path_prefix, delay))

    def start(self) -> FakeVendorServer:
        self._thread = threading.Thread(
            target=lambda: self.serve_forever(poll_interval=0.05),
            name=type(self).__name__,
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def __enter__(self) -> FakeVendorServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def _next_fault(self, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if path.startswith(fault.path_prefix):
                    self.faults.remove(fault)
                    return fault
        return None


class _Handler(BaseHTTPRequestHandler):
    server: FakeVendorServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out at once, not 40 ms apart

    def _serve(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        query_all = parse_qs(parts.query, keep_blank_values=True)
        request = FakeRequest(
            self.command,
            parts.path,
            {k: v[0] for k, v in query_all.items()},
            query_all,
            dict(self.headers),
            body,
        )
        if self.server.log_requests:
            self.server.requests.append(request)
        fault = self.server._next_fault(parts.path)
        if fault is not None:
            if fault.delay:
                time.sleep(fault.delay)
            response = fault.response
        else:
            try:
                response = self.server.route(request)
            except Exception as exc:  # a bug in a fake answers 500, like a real server would
                response = FakeResponse(500, {"error": f"fake server error: {exc}"})
        data = response.encoded()
        try:
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    do_GET = do_POST = do_PUT = do_DELETE = _serve

    def log_message(self, format: str, *args: object) -> None:
        return
