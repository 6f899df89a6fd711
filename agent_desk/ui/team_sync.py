"""The window's side of team mode: changes made on other desktops refresh what this one shows
(within seconds), and the header says who else has this customer open.

The listener runs on its own thread (:class:`~agent_desk.services.changes.ChangeListener`);
its callback only emits a signal, delivered on the GUI thread.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from agent_desk.services import changes
from agent_desk.services.changes import Presence

if TYPE_CHECKING:
    from agent_desk.ui.main_window import MainWindow

log = logging.getLogger(__name__)
HEARTBEAT_MS = 30_000
SETTLE_MS = 300  # a burst of changes is one refresh


class TeamSync(QObject):
    changed_elsewhere = Signal()

    def __init__(self, window: MainWindow, *, poll: float = 3.0) -> None:
        super().__init__(window)
        self.w = window
        self.listener: changes.ChangeListener | None = None
        self.poll = poll
        self.changed_elsewhere.connect(self._schedule)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.reload)
        self.heartbeat_timer = QTimer(self)
        self.heartbeat_timer.setInterval(HEARTBEAT_MS)
        self.heartbeat_timer.timeout.connect(self.heartbeat)
        self.heartbeat_timer.start()

    def start(self) -> None:
        """Listen to the current database (again, after a switch)."""
        self.stop()
        self.listener = changes.ChangeListener(
            self.w.ctx.database, self.changed_elsewhere.emit, poll=self.poll
        )
        self.listener.start()

    def stop(self) -> None:
        """Stop listening (returns at once: the thread ends within its poll interval and
        calls nothing after this)."""
        if self.listener is not None:
            self.listener.stop()
            self.listener = None

    def _schedule(self) -> None:
        self._settle.start()

    def reload(self) -> None:
        """Show what changed: the queue, and the open customer's header and follow-ups."""
        self.w.refresh()
        current = self.w.customer.current
        if current is not None:
            self.w.open_customer(current.id)

    def open_ids(self) -> list[int]:
        tabs = self.w.customer_tabs
        return [int(tabs.tabData(i)) for i in range(tabs.count()) if tabs.tabData(i) is not None]

    def heartbeat(self) -> None:
        db, me, open_ids = self.w.ctx.database, self.w.ctx.agent_username, self.open_ids()
        self.w.ops.write(lambda: changes.heartbeat(db, me, open_ids), self._beat, self._failed)

    def _beat(self, _none: None) -> None:
        current = self.w.customer.current
        if current is not None:
            self.show_presence(current.id)

    def show_presence(self, customer_id: int) -> None:
        db, me = self.w.ctx.database, self.w.ctx.agent_username

        def done(others: list[Presence]) -> None:
            current = self.w.customer.current
            if current is not None and current.id == customer_id:
                self.w.customer.show_presence(others)

        self.w.ops.run(lambda: changes.others_on(db, customer_id, me), done, self._failed)

    def _failed(self, exc: BaseException) -> None:
        """A heartbeat or presence look-up that failed (a database away for a moment) is
        logged and tried again on the next beat, never a dialog."""
        log.warning("team presence: %s", exc)
