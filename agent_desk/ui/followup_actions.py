"""The follow-up actions of the main window: tasks, commitments, the "My day" queue, reminders
and the commitments' review, each with a shortcut (and so in the command palette).

Kept out of :mod:`agent_desk.ui.main_window` so that it stays readable; the window creates one
:class:`FollowUps` and hands it its menus.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QInputDialog, QListWidget, QMenu, QMessageBox, QSystemTrayIcon

from agent_desk.errors import AgentDeskError
from agent_desk.i18n import fmt, translate
from agent_desk.services import audit, commitments, offers, tasks, team
from agent_desk.services.commitments import CommitmentView, status_label
from agent_desk.services.tasks import TaskView
from agent_desk.store.types import utcnow
from agent_desk.ui.followup import (
    ID_ROLE,
    VERSION_ROLE,
    ChangeDialog,
    CommitmentDialog,
    FollowUpPanel,
    TaskDialog,
    local,
)
from agent_desk.ui.lead_view import LeadWindow, write_csv
from agent_desk.ui.suggestions import rates_rows
from agent_desk.ui.theme import icon

if TYPE_CHECKING:
    from agent_desk.ui.main_window import MainWindow

log = logging.getLogger(__name__)
REVIEW_MS = 60_000  # the clock's review of the commitments (kept, broken, updates due)
REMINDER_MS = 30_000


@dataclass(frozen=True)
class _CustomerItems:
    customer_id: int
    commitments: list[CommitmentView]
    tasks: list[TaskView]


class FollowUps(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.agents: list[str] = []
        self.reminded: set[int] = set()  # tasks whose reminder went off (marked in the queue)
        self.task_dialog: TaskDialog | None = None
        self.commitment_dialog: CommitmentDialog | None = None
        self.change_dialog: ChangeDialog | None = None
        self.lead_window: LeadWindow | None = None
        self.conflict_box: QMessageBox | None = None
        self.panel = FollowUpPanel()
        window.customer.tabs.addTab(self.panel, translate("FollowUps", "&Follow-ups"))
        for key, slot in (
            ("kept", self.commitment_kept),
            ("renegotiate", self.renegotiate),
            ("cancel", self.cancel_commitment),
            ("reopen", self.reopen_commitment),
            ("history", self.commitment_history),
        ):
            self.panel.buttons[key].clicked.connect(slot)
        self.panel.tasks.itemActivated.connect(lambda _item: self.task_history())
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(icon("agent-desk"), self)
            self.tray.setToolTip("Agent Desk")
            self.tray.show()
        self.review_timer = QTimer(self)
        self.review_timer.setInterval(REVIEW_MS)
        self.review_timer.timeout.connect(self.review)
        self.review_timer.start()
        self.reminder_timer = QTimer(self)
        self.reminder_timer.setInterval(REMINDER_MS)
        self.reminder_timer.timeout.connect(self.check_reminders)
        self.reminder_timer.start()

    # -- plumbing ----------------------------------------------------------------------------
    @property
    def db(self) -> Any:
        return self.w.ctx.database

    @property
    def me(self) -> str:
        return str(self.w.ctx.agent_username)

    def zone(self) -> Any:
        return self.w.ctx.settings.zone()

    def _say(self, text: str, ms: int = 5000) -> None:
        self.w.statusBar().showMessage(text, ms)

    def _write(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self.w.ops.write(work, done, self._failed)

    def _failed(self, exc: BaseException) -> None:
        """A save refused because another desktop saved first: say who and when, and show
        their change (nothing is overwritten); anything else goes the usual way."""
        if not isinstance(exc, audit.Conflict):
            self.w._background_failed(exc)
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            translate("FollowUps", "Changed by someone else"),
            str(exc),
            QMessageBox.StandardButton.Ok,
            self.w,
        )
        box.setObjectName("conflictMessage")
        box.setInformativeText(translate("FollowUps", "The view now shows their change."))
        self.conflict_box = box
        box.open()
        self.w.refresh()
        if self.w.customer.current is not None:
            self.w.open_customer(self.w.customer.current.id)

    def build_menu(self, menu: QMenu) -> None:
        a = self.w._action
        menu.addAction(
            a(
                translate("FollowUps", "New &task…"),
                "Ctrl+T",
                self.new_task,
                "actionNewTask",
                "task",
            )
        )
        menu.addAction(
            a(
                translate("FollowUps", "New &commitment (promise)…"),
                "Ctrl+Shift+C",
                self.new_commitment,
                "actionNewCommitment",
            )
        )
        menu.addAction(
            a(
                translate("FollowUps", "Go to &My day"),
                "Ctrl+Shift+T",
                self.focus_queue,
                "actionMyDay",
            )
        )
        menu.addSeparator()
        menu.addAction(
            a(
                translate("FollowUps", "&Complete task"),
                "Ctrl+D",
                self.complete_task,
                "actionCompleteTask",
            )
        )
        menu.addAction(
            a(
                translate("FollowUps", "Snooze task &1 hour"),
                "Ctrl+Shift+Z",
                lambda: self.snooze_task(timedelta(hours=1)),
                "actionSnoozeHour",
            )
        )
        menu.addAction(
            a(
                translate("FollowUps", "Snooze task until to&morrow"),
                "Ctrl+Alt+Z",
                self.snooze_until_tomorrow,
                "actionSnoozeTomorrow",
            )
        )
        menu.addAction(
            a(
                translate("FollowUps", "&Reassign task…"),
                "Ctrl+Shift+R",
                self.reassign_task,
                "actionReassign",
            )
        )
        menu.addAction(
            a(
                translate("FollowUps", "Re&open task"),
                "Ctrl+Shift+D",
                self.reopen_task,
                "actionReopenTask",
            )
        )
        menu.addSeparator()
        menu.addAction(
            a(
                translate("FollowUps", "Show &follow-ups"),
                "Alt+3",
                lambda: self.w.show_section(2),
                "actionFollowUps",
            )
        )
        menu.addAction(
            a(
                translate("FollowUps", "Mark promise &kept"),
                "Ctrl+Shift+K",
                self.commitment_kept,
                "actionPromiseKept",
            )
        )
        menu.addAction(
            a(
                translate("FollowUps", "New &due date for promise…"),
                "Ctrl+Shift+E",
                self.renegotiate,
                "actionRenegotiate",
            )
        )
        menu.addAction(
            a(
                translate("FollowUps", "Cance&l promise…"),
                "",
                self.cancel_commitment,
                "actionCancelPromise",
            )
        )
        menu.addAction(
            a(
                translate("FollowUps", "Review commitments &now"),
                "",
                self.review,
                "actionReviewCommitments",
            )
        )
        menu.addSeparator()
        menu.addAction(
            a(
                translate("FollowUps", "&Team commitments (lead)…"),
                "Ctrl+Shift+L",
                self.show_team,
                "actionTeam",
            )
        )

    # -- the queue ----------------------------------------------------------------------------
    def load_queue(self) -> tuple[list[TaskView], list[str]]:
        """On a worker: the agent's queue and the agents one can assign to."""
        queue = tasks.my_day(self.db, self.me, tz=self.zone())
        with self.db.engine.connect() as conn:
            names = commitments.agent_names(conn)
        return queue, names

    def show_queue(self, loaded: tuple[list[TaskView], list[str]]) -> None:
        queue, self.agents = loaded
        self.w.search.show_tasks(queue, self.zone(), self.reminded)

    def focus_queue(self) -> None:
        q = self.w.search.queue
        q.setFocus()
        if q.currentRow() < 0 and q.count():
            q.setCurrentRow(0)

    def _current_task(self) -> tuple[int, int] | None:
        lists: list[QListWidget] = [self.panel.tasks, self.w.search.queue]
        lists.sort(key=lambda lst: not lst.hasFocus())
        for lst in lists:
            item = lst.currentItem()
            if item is not None and item.data(ID_ROLE) is not None:
                return int(item.data(ID_ROLE)), int(item.data(VERSION_ROLE))
        self._say(translate("FollowUps", "Select a task first (Ctrl+Shift+T goes to My day)."))
        return None

    def _task_changed(self, message: str) -> Callable[[Any], None]:
        def done(_result: Any) -> None:
            self._say(message)
            self.w.refresh()
            if self.w.customer.current is not None:
                self.show_customer(self.w.customer.current.id)

        return done

    def complete_task(self) -> None:
        current = self._current_task()
        if current:
            task_id, version = current
            self._write(
                lambda: tasks.complete(self.db, task_id, version, self.me),
                self._task_changed(translate("FollowUps", "Task done.")),
            )

    def reopen_task(self) -> None:
        current = self._current_task()
        if current:
            task_id, version = current
            self._write(
                lambda: tasks.reopen(self.db, task_id, version, self.me),
                self._task_changed(translate("FollowUps", "Task reopened.")),
            )

    def snooze_task(self, span: timedelta) -> None:
        current = self._current_task()
        if current:
            task_id, version = current
            until = utcnow() + span
            self._write(
                lambda: tasks.snooze(self.db, task_id, version, until, self.me),
                self._task_changed(
                    translate("FollowUps", "Snoozed until {when}.").format(
                        when=local(until, self.zone())
                    )
                ),
            )

    def snooze_until_tomorrow(self) -> None:
        zone = self.zone()
        tomorrow = datetime.now(zone).date() + timedelta(days=1)
        until = datetime.combine(tomorrow, time(9, 0), zone)
        self.snooze_task(until - utcnow())

    def reassign_task(self) -> None:
        current = self._current_task()
        if not current:
            return
        task_id, version = current
        others = [a for a in self.agents if a != self.me] or self.agents
        name, ok = QInputDialog.getItem(
            self.w,
            translate("FollowUps", "Reassign task"),
            translate("FollowUps", "Give the task to:"),
            others,
            0,
            True,
        )
        if ok and name.strip():
            self._write(
                lambda: tasks.reassign(self.db, task_id, version, name.strip(), self.me),
                self._task_changed(
                    translate("FollowUps", "Task given to {agent}.").format(agent=name.strip())
                ),
            )

    # -- reminders and the review -------------------------------------------------------------
    def _quiet(self, what: str, message: str) -> Callable[[BaseException], None]:
        """The clock's own work (reminders, the review) failing for a moment (a locked or
        unreachable database) is logged and tried again on the next tick, never a dialog."""

        def failed(exc: BaseException) -> None:
            log.warning("%s failed: %s", what, exc)
            self._say(message)

        return failed

    def check_reminders(self) -> None:
        self.w.ops.write(
            lambda: tasks.due_reminders(self.db, self.me),
            self._remind,
            self._quiet(
                "Checking reminders",
                translate(
                    "FollowUps",
                    "Checking reminders could not run just now; it is tried again in a minute.",
                ),
            ),
        )

    def _remind(self, due: list[TaskView]) -> None:
        if not due:
            return
        self.reminded |= {t.id for t in due}
        first = due[0]
        text = first.title
        if len(due) > 1:
            text = translate("FollowUps", "{title} (and {count} more)").format(
                title=first.title, count=len(due) - 1
            )
        if self.tray is not None:
            self.tray.showMessage(
                translate("FollowUps", "Reminder"), text, QSystemTrayIcon.MessageIcon.Information
            )
        self._say(translate("FollowUps", "Reminder: {text}").format(text=text), 30_000)
        self.w.refresh()

    def review(self) -> None:
        grace = timedelta(hours=self.w.ctx.settings.grace_hours)
        failed = self._quiet(
            "The commitments' review",
            translate(
                "FollowUps",
                "The commitments' review could not run just now; it is tried again in a minute.",
            ),
        )
        self.w.ops.write(lambda: commitments.review(self.db, grace=grace), self._reviewed, failed)

    def _reviewed(self, report: commitments.ReviewReport) -> None:
        if not report:
            return
        self._say(translate("FollowUps", "Commitments: {report}.").format(report=report), 10_000)
        self.w.refresh()
        if self.w.customer.current is not None:
            self.w.open_customer(self.w.customer.current.id)

    # -- the customer's follow-ups ------------------------------------------------------------
    def show_customer(self, customer_id: int) -> None:
        db, zone = self.db, self.zone()

        def work() -> _CustomerItems:
            return _CustomerItems(
                customer_id,
                commitments.of_customer(db, customer_id),
                tasks.of_customer(db, customer_id, tz=zone),
            )

        def done(items: _CustomerItems) -> None:
            current = self.w.customer.current
            if current is not None and current.id == items.customer_id:
                self.panel.show_items(items.commitments, items.tasks, zone)

        self.w.ops.run(work, done, self.w._background_failed)

    def _customer(self) -> Any:
        card = self.w.customer.current
        if card is None:
            self._say(translate("FollowUps", "Open a customer first (Ctrl+F to find one)."))
        return card

    def new_task(self) -> None:
        card = self.w.customer.current
        event = self.w.customer.timeline.current_event_id() if card is not None else None
        context = ""
        if card is not None:
            context = card.display_name
            title = self.w.customer.timeline.current_event_title()
            if event is not None and title:
                context = translate("FollowUps", "{customer} — about: {event}").format(
                    customer=card.display_name, event=title
                )
        dialog = TaskDialog(context, self.agents, self.me, self.zone(), utcnow(), parent=self.w)
        self.task_dialog = dialog
        customer_id = card.id if card is not None else None

        def save(values: dict[str, Any]) -> None:
            self._write_from(
                dialog,
                lambda: tasks.create(
                    self.db,
                    self.me,
                    values["title"],
                    customer_id=customer_id,
                    details=values["details"],
                    due_at=values["due_at"],
                    remind_at=values["remind_at"],
                    priority=values["priority"],
                    assignee=values["assignee"],
                    event_id=event,
                ),
                translate("FollowUps", "Task created."),
            )

        dialog.save_requested.connect(save)
        dialog.open()

    def new_commitment(self) -> None:
        card = self._customer()
        if card is None:
            return
        profile = self.w.customer.profile
        prefs = profile.preferences if profile is not None else []
        preferred = next((p.channel for p in prefs if p.preferred), None)
        blocked = [p.channel for p in prefs if p.opted_out]
        reference = self.w.customer.timeline.current_reference()
        event = self.w.customer.timeline.current_event_id()
        dialog = CommitmentDialog(
            card.display_name,
            self.agents,
            self.me,
            self.zone(),
            utcnow,
            preferred_channel=preferred,
            blocked_channels=blocked,
            reference=reference,
            parent=self.w,
        )
        self.commitment_dialog = dialog
        customer_id = card.id

        def save(values: dict[str, Any]) -> None:
            self._write_from(
                dialog,
                lambda: commitments.create(
                    self.db,
                    customer_id,
                    self.me,
                    kind=values["kind"],
                    description=values["description"],
                    due_at=values["due_at"],
                    owner=values["owner"],
                    channel=values["channel"],
                    expected=values["expected"],
                    update_every_days=values["update_every_days"],
                    source_event_id=event,
                ),
                translate("FollowUps", "Promise recorded: it is tracked until it is kept."),
                reopen=True,
            )

        dialog.save_requested.connect(save)
        dialog.open()

    def _write_from(
        self, dialog: Any, work: Callable[[], Any], message: str, reopen: bool = False
    ) -> None:
        """Save from a dialog: it closes when the save worked, and says why when it did not."""

        def done(_result: Any) -> None:
            dialog.saved()
            self._say(message)
            self.w.refresh()
            current = self.w.customer.current
            if current is not None:
                if reopen:
                    self.w.open_customer(current.id)
                self.show_customer(current.id)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, AgentDeskError):
                dialog.refused(str(exc))
            else:
                dialog.refused(
                    translate("FollowUps", "Not saved: an unexpected error (details in the log).")
                )
                self.w._background_failed(exc)

        self.w.ops.write(work, done, failed)

    def _selected_commitment(self) -> CommitmentView | None:
        chosen = self.panel.selected()
        if chosen is None:
            self._say(
                translate("FollowUps", "Select a promise on the Follow-ups tab first (Alt+3).")
            )
        return chosen

    def _commitment_changed(self, message: str) -> Callable[[Any], None]:
        def done(_result: Any) -> None:
            self._say(message)
            if self.w.customer.current is not None:
                self.w.open_customer(self.w.customer.current.id)
                self.show_customer(self.w.customer.current.id)

        return done

    def commitment_kept(self) -> None:
        c = self._selected_commitment()
        if c is not None:
            self._write(
                lambda: commitments.set_state(self.db, c.id, c.version, "kept", self.me),
                self._commitment_changed(translate("FollowUps", "Promise marked kept.")),
            )

    def reopen_commitment(self) -> None:
        c = self._selected_commitment()
        if c is not None:
            self._write(
                lambda: commitments.set_state(
                    self.db,
                    c.id,
                    c.version,
                    "open",
                    self.me,
                    reason=translate("FollowUps", "reopened"),
                ),
                self._commitment_changed(translate("FollowUps", "Promise open again.")),
            )

    def _change(self, what: str) -> None:
        c = self._selected_commitment()
        if c is None:
            return
        dialog = ChangeDialog(what, c, self.zone(), self.w)
        self.change_dialog = dialog

        def save(values: dict[str, Any]) -> None:
            if what == "renegotiate":
                work: Callable[[], Any] = lambda: commitments.renegotiate(  # noqa: E731
                    self.db, c.id, c.version, values["due_at"], values["reason"], self.me
                )
            else:
                work = lambda: commitments.set_state(  # noqa: E731
                    self.db, c.id, c.version, "cancelled", self.me, reason=values["reason"]
                )
            message = (
                translate("FollowUps", "New due date agreed.")
                if what == "renegotiate"
                else translate("FollowUps", "Promise cancelled.")
            )
            self._write_from(dialog, work, message, reopen=True)

        dialog.save_requested.connect(save)
        dialog.open()

    def renegotiate(self) -> None:
        self._change("renegotiate")

    def cancel_commitment(self) -> None:
        self._change("cancel")

    def task_history(self) -> None:
        """Every audited change of the selected task (who, when, before → after)."""
        item = self.panel.tasks.currentItem()
        if item is None or item.data(ID_ROLE) is None:
            return
        task_id, zone = int(item.data(ID_ROLE)), self.zone()

        def work() -> list[str]:
            return [
                f"{local(line.at, zone)}  {line.actor}: {line.action} — {line.describe()}"
                for line in audit.trail(self.db, tasks.ENTITY, task_id)
            ]

        self.w.ops.run(work, self.panel.show_history, self.w._background_failed)

    def commitment_history(self) -> None:
        c = self._selected_commitment()
        if c is None:
            return
        zone = self.zone()

        def work() -> list[str]:
            """States and dates with their reasons, then what else the audit log holds
            (reassignments), in time order."""
            lines: list[tuple[datetime, str]] = []
            for h in commitments.history(self.db, c.id):
                due = ""
                if h.old_due_at != h.new_due_at and h.new_due_at is not None:
                    due = translate("FollowUps", ", due {old} → {new}").format(
                        old=local(h.old_due_at, zone), new=local(h.new_due_at, zone)
                    )
                before = status_label(h.old_state) if h.old_state else translate("FollowUps", "new")
                after = status_label(h.new_state or "")
                state = f"{before} → {after}" if h.old_state != h.new_state else ""
                text = f"{local(h.at, zone)}  {h.actor}: {state}{due} — {h.reason or ''}"
                lines.append((h.at, text.replace(":  ,", ":")))
            for line in audit.trail(self.db, commitments.ENTITY, c.id):
                if line.action == "reassign":
                    lines.append(
                        (line.at, f"{local(line.at, zone)}  {line.actor}: {line.action} — "
                                  f"{line.describe()}")
                    )  # fmt: skip
            return [text for _at, text in sorted(lines, key=lambda x: x[0])]

        self.w.ops.run(work, self.panel.show_history, self.w._background_failed)

    # -- the team lead's window ---------------------------------------------------------------
    def show_team(self) -> None:
        db, me, settings = self.db, self.me, self.w.ctx.settings

        def allowed(_none: None) -> None:
            if self.lead_window is None:
                window = LeadWindow(self.w)
                window.reload_requested.connect(self._lead_reload)
                window.cell_requested.connect(self._lead_cell)
                window.reassign_requested.connect(self._lead_reassign)
                window.customer_requested.connect(self._lead_open_customer)
                window.export_requested.connect(self._lead_export)
                window.print_requested.connect(self.w.printing.overdue)
                self.lead_window = window
            self.lead_window.show()
            self.lead_window.raise_()
            self.lead_window.activateWindow()
            self._lead_reload(self.lead_window.filter())

        self.w.ops.run(lambda: team.require_lead(db, me, settings), allowed, self._lead_refused)

    def _lead_refused(self, exc: BaseException) -> None:
        if isinstance(exc, AgentDeskError):
            self._say(str(exc), 10_000)
        else:
            self.w._background_failed(exc)

    def _lead_reload(self, flt: team.LeadFilter) -> None:
        window = self.lead_window
        if window is None:
            return
        db = self.db

        def done(view: team.LeadView) -> None:
            window.show_view(view)
            window.summary.setText(
                translate("FollowUps", "{summary} As of {when}.").format(
                    summary=window.summary.text(), when=local(view.now, self.zone())
                )
            )
            chosen = window.selected_agents()
            if chosen:
                self._lead_cell(chosen, flt)

        self.w.ops.run(lambda: team.lead_view(db, flt=flt), done, self.w._background_failed)
        self.w.ops.run(
            lambda: rates_rows(offers.acceptance(db, by="rule")),
            window.show_offer_rates,
            self.w._background_failed,
        )

    def _lead_cell(self, agent_ids: list[int | None], flt: team.LeadFilter) -> None:
        window = self.lead_window
        if window is None:
            return
        db, zone, now = self.db, self.zone(), utcnow()
        self.w.ops.run(
            lambda: team.commitments_of(db, agent_ids=agent_ids, flt=flt, now=now),
            lambda items: window.show_cell(items, zone, now),
            self.w._background_failed,
        )

    def _lead_reassign(self, items: list[tuple[int, int]], owner: str) -> None:
        window = self.lead_window
        if window is None:
            return
        db, me = self.db, self.me

        def done(changed: int) -> None:
            window.status.setText(
                translate("FollowUps", "{count} promise(s) given to {agent}.").format(
                    count=changed, agent=owner
                )
            )
            self._lead_reload(window.filter())

        def failed(exc: BaseException) -> None:
            if isinstance(exc, AgentDeskError):
                window.status.setText(
                    translate("FollowUps", "Nothing reassigned: {error}").format(error=exc)
                )
                self._lead_reload(window.filter())
            else:
                self.w._background_failed(exc)

        self.w.ops.write(lambda: commitments.reassign(db, items, owner, me), done, failed)

    def _lead_open_customer(self, customer_id: int) -> None:
        self.w.open_customer(customer_id)
        self.w.bring_to_front()

    def _lead_export(self, path: str) -> None:
        window = self.lead_window
        if window is None or window.view is None:
            return
        view, flt, db, zone = window.view, window.filter(), self.db, self.zone()

        def work() -> int:
            items = team.commitments_of(db, flt=flt, now=view.now, limit=1_000_000)
            write_csv(Path(path), view, items, zone)
            return len(items)

        def done(n: int) -> None:
            window.status.setText(
                translate(
                    "FollowUps", "Exported {agents} agents and {count} promises to {path}."
                ).format(agents=len(view.agents), count=fmt().number(n), path=path)
            )

        self.w.ops.run(work, done, self.w._background_failed)
