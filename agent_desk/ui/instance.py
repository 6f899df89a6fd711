"""One running Agent Desk per user and data folder: a second start, and every screen pop, is
handed to it over a local socket (QLocalServer: a Unix socket or a Windows named pipe).

The protocol is one JSON object per line, answered with ``ok``: ``{"raise": true}`` brings the
window to the front, ``{"pop": "phone", "value": "+44 20 7946 0018"}`` opens the caller (see
:mod:`agent_desk.services.pop`). The server's name is derived from the user and the data
folder, so ``AGENT_DESK_HOME=/tmp/demo agent-desk`` runs beside the everyday instance, and only
the user can connect (``UserAccessOption``).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from agent_desk.errors import AgentDeskError
from agent_desk.paths import AppPaths

log = logging.getLogger(__name__)
MAX_MESSAGE = 4096


def instance_name(paths: AppPaths) -> str:
    folder = str(paths.data_dir.expanduser().resolve())
    digest = hashlib.sha256(folder.encode("utf-8")).hexdigest()[:16]
    user = "".join(ch for ch in getpass.getuser() if ch.isalnum())[:32] or "user"
    return f"agent-desk-{user}-{digest}"


def send_to_running(name: str, message: dict[str, Any], timeout_ms: int = 3000) -> bool:
    """Hand ``message`` to the running instance; False when none answers."""
    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(timeout_ms):
        return False
    try:
        sock.write(json.dumps(message).encode("utf-8") + b"\n")
        if not sock.waitForBytesWritten(timeout_ms):
            return False
        answer = b""
        while b"\n" not in answer and sock.waitForReadyRead(timeout_ms):
            answer += bytes(sock.readAll().data())
        return answer.startswith(b"ok")
    finally:
        sock.disconnectFromServer()


def listening(name: str, timeout_ms: int = 500) -> bool:
    """Whether a live server accepts connections under ``name``."""
    sock = QLocalSocket()
    sock.connectToServer(name)
    alive = sock.waitForConnected(timeout_ms)
    sock.abort()
    return alive


class InstanceServer(QObject):
    """Listens for later starts and pops; :attr:`received` carries each message."""

    received = Signal(dict)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> None:
        """Listen under the name. A socket that accepts a connection belongs to a live instance
        and is never touched (Qt would replace it: with access options it listens on a new
        socket and renames it into place); one that refuses was left by an instance that died
        and is removed."""
        if listening(self.name):
            raise AgentDeskError(f"another Agent Desk is already listening as {self.name}")
        if not self.server.listen(self.name):
            QLocalServer.removeServer(self.name)
            if not self.server.listen(self.name):
                raise AgentDeskError(
                    f"cannot listen for screen pops as {self.name}: {self.server.errorString()}"
                )
        log.info("listening for screen pops as %s", self.server.fullServerName())

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while (sock := self.server.nextPendingConnection()) is not None:
            self._buffers[sock] = b""
            sock.readyRead.connect(lambda s=sock: self._read(s))
            sock.disconnected.connect(lambda s=sock: self._drop(s))

    def _drop(self, sock: QLocalSocket) -> None:
        self._buffers.pop(sock, None)
        sock.deleteLater()

    def _read(self, sock: QLocalSocket) -> None:
        data = self._buffers.get(sock, b"") + bytes(sock.readAll().data())
        if len(data) > MAX_MESSAGE:
            log.warning("screen pop message too long (%d bytes): dropped", len(data))
            sock.abort()
            return
        while b"\n" in data:
            line, data = data.split(b"\n", 1)
            try:
                message = json.loads(line)
                if not isinstance(message, dict):
                    raise ValueError("not an object")
            except ValueError as exc:
                log.warning("unreadable screen pop message %r: %s", line[:200], exc)
                sock.write(b"error\n")
                sock.flush()
                continue
            sock.write(b"ok\n")
            sock.flush()
            self.received.emit(message)
        self._buffers[sock] = data
