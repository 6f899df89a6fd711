"""Follow-up widgets: the task and commitment dialogs, the customer's follow-ups tab and the
"My day" queue's items.

The dialogs stay open until the save succeeded: a refused save (a conflict, a missing title)
shows its message in the dialog, with everything typed still there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from html import escape
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, Qt, QTime, QTimeZone, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agent_desk.i18n import QT_TRANSLATE_NOOP, fmt, translate
from agent_desk.services.commitments import (
    EVIDENCE_FOR_KIND,
    EVIDENCE_KINDS,
    KIND_LABELS,
    CommitmentView,
    Expectation,
    priority_label,
    status_label,
)
from agent_desk.services.promise import parse_promise
from agent_desk.services.tasks import TaskView
from agent_desk.store.people import CHANNELS
from agent_desk.store.work import COMMITMENT_KINDS, PRIORITIES
from agent_desk.ui.theme import icon

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # a task's or commitment's id
VERSION_ROLE = Qt.ItemDataRole.UserRole + 2  # the version it was shown at
CUSTOMER_ROLE = Qt.ItemDataRole.UserRole  # as the search hits: Enter opens the customer
RED = QColor("#cf222e")
AMBER = QColor("#9a6700")
BUCKET_LABELS = {
    "overdue": QT_TRANSLATE_NOOP("followup", "Overdue"),
    "today": QT_TRANSLATE_NOOP("followup", "Today"),
    "upcoming": QT_TRANSLATE_NOOP("followup", "Upcoming"),
    "someday": QT_TRANSLATE_NOOP("followup", "No date"),
    "snoozed": QT_TRANSLATE_NOOP("followup", "Snoozed"),
    "done": QT_TRANSLATE_NOOP("followup", "Done"),
}


def to_qt(moment: datetime, zone: tzinfo) -> QDateTime:
    """An aware time as the wall time of ``zone``, held as a UTC QDateTime so that Qt never
    moves it through this computer's own clock changes (what the editors show)."""
    wall = moment.astimezone(zone)
    return QDateTime(
        QDate(wall.year, wall.month, wall.day),
        QTime(wall.hour, wall.minute, wall.second),
        QTimeZone.utc(),
    )


def from_qt(value: QDateTime, zone: tzinfo) -> datetime:
    """The editor's wall time in ``zone``, as an aware time (a time in a spring-forward gap
    moves forward, as the zone's rules say)."""
    d, t = value.date(), value.time()
    wall = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), t.second())
    return wall.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)


def local(moment: datetime | None, zone: tzinfo) -> str:
    return fmt().weekday_time(moment, zone) if moment else "—"


class _SaveDialog(QDialog):
    """A dialog whose Save asks to be saved (``save_requested``) and closes only when told
    it worked (:meth:`saved`); :meth:`refused` shows why not. Ctrl+Enter saves."""

    save_requested = Signal(dict)

    def _finish(self, form: QFormLayout, focus: QWidget) -> None:
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setAccessibleName(translate("_SaveDialog", "Why it was not saved"))
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#cf222e;font-weight:600;")
        self.error.hide()
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setToolTip(translate("_SaveDialog", "Save (Ctrl+Enter)"))
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        focus.setFocus()
        for editor in self.findChildren(QPlainTextEdit):
            editor.installEventFilter(self)

    def _save(self) -> None:
        problem = self.problem()
        if problem:
            self.refused(problem)
            return
        self.error.hide()
        self.save_button.setEnabled(False)
        self.save_requested.emit(self.values())

    def problem(self) -> str | None:
        return None

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def saved(self) -> None:
        self.accept()

    def refused(self, message: str) -> None:
        self.save_button.setEnabled(True)
        self.error.setText(message)
        self.error.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(watched, QPlainTextEdit)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self._save()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self._save()
            return  # a plain Enter in a line edit must not save half a form
        super().keyPressEvent(event)


def _datetime_edit(name: str, accessible: str) -> QDateTimeEdit:
    edit = QDateTimeEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd dd MMM yyyy HH:mm")
    edit.setTimeZone(QTimeZone.utc())  # wall times of the agent's zone (see to_qt)
    return edit


def _agents_combo(name: str, agents: Sequence[str], current: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setEditable(True)
    combo.addItems(sorted(set(agents) | {current}))
    combo.setCurrentText(current)
    return combo


class TaskDialog(_SaveDialog):
    """A follow-up task: title, details, due time, priority, assignee, reminder."""

    def __init__(
        self,
        context: str,
        agents: Sequence[str],
        me: str,
        zone: tzinfo,
        now: datetime,
        *,
        title: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.zone = zone
        self.setObjectName("taskDialog")
        self.setAccessibleName(translate("TaskDialog", "New task"))
        self.setWindowTitle(translate("TaskDialog", "New task"))
        form = QFormLayout(self)
        if context:
            about = QLabel(context)
            about.setObjectName("taskContext")
            about.setWordWrap(True)
            form.addRow(translate("TaskDialog", "For"), about)
        self.title = QLineEdit(title)
        self.title.setObjectName("taskTitle")
        self.title.setAccessibleName(translate("TaskDialog", "Task title"))
        self.title.setPlaceholderText(
            translate("TaskDialog", "What is to be done, e.g. Call back with the courier's answer")
        )
        form.addRow(translate("TaskDialog", "&Title"), self.title)
        self.details = QPlainTextEdit()
        self.details.setObjectName("taskDetails")
        self.details.setAccessibleName(translate("TaskDialog", "Details"))
        self.details.setTabChangesFocus(True)
        self.details.setFixedHeight(70)
        form.addRow(translate("TaskDialog", "&Details"), self.details)
        due_row = QHBoxLayout()
        self.has_due = QCheckBox(translate("TaskDialog", "&Due"))
        self.has_due.setObjectName("taskHasDue")
        self.has_due.setChecked(True)
        self.due = _datetime_edit("taskDue", translate("TaskDialog", "Due time"))
        self.due.setDateTime(to_qt(now + timedelta(hours=2), zone))
        self.has_due.toggled.connect(self.due.setEnabled)
        due_row.addWidget(self.has_due)
        due_row.addWidget(self.due, 1)
        form.addRow(translate("TaskDialog", "When"), due_row)
        self.priority = QComboBox()
        self.priority.setObjectName("taskPriority")
        self.priority.setAccessibleName(translate("TaskDialog", "Priority"))
        for priority in PRIORITIES:
            self.priority.addItem(priority_label(priority), priority)
        self.priority.setCurrentIndex(PRIORITIES.index("normal"))
        form.addRow(translate("TaskDialog", "&Priority"), self.priority)
        self.assignee = _agents_combo("taskAssignee", agents, me)
        self.assignee.setAccessibleName(translate("TaskDialog", "Assignee"))
        form.addRow(translate("TaskDialog", "&Assignee"), self.assignee)
        remind_row = QHBoxLayout()
        self.has_reminder = QCheckBox(translate("TaskDialog", "&Remind me"))
        self.has_reminder.setObjectName("taskHasReminder")
        self.reminder = _datetime_edit("taskReminder", translate("TaskDialog", "Reminder time"))
        self.reminder.setDateTime(to_qt(now + timedelta(hours=1, minutes=45), zone))
        self.reminder.setEnabled(False)
        self.has_reminder.toggled.connect(self.reminder.setEnabled)
        remind_row.addWidget(self.has_reminder)
        remind_row.addWidget(self.reminder, 1)
        form.addRow(translate("TaskDialog", "Reminder"), remind_row)
        self._finish(form, self.title)

    def problem(self) -> str | None:
        if not self.title.text().strip():
            return translate("TaskDialog", "Give the task a title (what is to be done).")
        return None

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title.text(),
            "details": self.details.toPlainText(),
            "due_at": from_qt(self.due.dateTime(), self.zone) if self.has_due.isChecked() else None,
            "priority": self.priority.currentData(),
            "assignee": self.assignee.currentText().strip() or None,
            "remind_at": (
                from_qt(self.reminder.dateTime(), self.zone)
                if self.has_reminder.isChecked()
                else None
            ),
        }


class CommitmentDialog(_SaveDialog):
    """A promise, captured in seconds: typed as said ("refund by Friday"), understood as a
    kind and a due time shown for confirmation, each correctable."""

    def __init__(
        self,
        customer: str,
        agents: Sequence[str],
        me: str,
        zone: tzinfo,
        now: Callable[[], datetime],
        *,
        preferred_channel: str | None = None,
        blocked_channels: Sequence[str] = (),
        reference: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.zone, self.now = zone, now
        self._kind_set = self._due_set = False  # changed by hand: the parser leaves it alone
        self.setObjectName("commitmentDialog")
        self.setAccessibleName(translate("CommitmentDialog", "New commitment"))
        self.setWindowTitle(
            translate("CommitmentDialog", "Promise to {customer}").format(customer=customer)
        )
        form = QFormLayout(self)
        self.promise = QLineEdit()
        self.promise.setObjectName("promiseText")
        self.promise.setAccessibleName(translate("CommitmentDialog", "What was promised"))
        self.promise.setPlaceholderText(
            translate(
                "CommitmentDialog",
                'As said on the call: "refund by Friday", "call back tomorrow 10:00"',
            )
        )
        form.addRow(translate("CommitmentDialog", "&Promise"), self.promise)
        self.understood = QLabel(
            translate(
                "CommitmentDialog", "Type the promise; the kind and the due time are read from it."
            )
        )
        self.understood.setObjectName("promiseUnderstood")
        self.understood.setAccessibleName(translate("CommitmentDialog", "What was understood"))
        self.understood.setWordWrap(True)
        form.addRow("", self.understood)
        self.kind = QComboBox()
        self.kind.setObjectName("commitmentKind")
        self.kind.setAccessibleName(translate("CommitmentDialog", "Kind of promise"))
        for kind in COMMITMENT_KINDS:
            self.kind.addItem(translate("CommitmentKind", KIND_LABELS[kind]), kind)
        self.kind.setCurrentIndex(COMMITMENT_KINDS.index("other"))
        self.kind.activated.connect(self._kind_chosen)
        form.addRow(translate("CommitmentDialog", "&Kind"), self.kind)
        self.due = _datetime_edit("commitmentDue", translate("CommitmentDialog", "Due by"))
        self.due.setDateTime(to_qt(now() + timedelta(days=1), zone))
        self.due.editingFinished.connect(self._due_chosen)
        form.addRow(translate("CommitmentDialog", "D&ue by"), self.due)
        self.late = QLabel()
        self.late.setObjectName("commitmentLate")
        self.late.setStyleSheet("color:#9a6700;")
        self.late.hide()
        form.addRow("", self.late)
        self.owner = _agents_combo("commitmentOwner", agents, me)
        self.owner.setAccessibleName(translate("CommitmentDialog", "Owner"))
        form.addRow(translate("CommitmentDialog", "&Owner"), self.owner)
        self.channel = QComboBox()
        self.channel.setObjectName("commitmentChannel")
        self.channel.setAccessibleName(translate("CommitmentDialog", "Tell the customer by"))
        self.channel.addItem(translate("CommitmentDialog", "(as usual)"), None)
        for channel in CHANNELS:
            blocked = channel in blocked_channels
            text = (
                translate("CommitmentDialog", "{channel} (opted out)").format(channel=channel)
                if blocked
                else channel
            )
            self.channel.addItem(text, channel)
        if preferred_channel in CHANNELS:
            self.channel.setCurrentIndex(CHANNELS.index(preferred_channel) + 1)
        self.blocked = set(blocked_channels)
        form.addRow(translate("CommitmentDialog", "Tell &by"), self.channel)
        evidence = QHBoxLayout()
        self.evidence = QComboBox()
        self.evidence.setObjectName("commitmentEvidence")
        self.evidence.setAccessibleName(translate("CommitmentDialog", "Kept when this arrives"))
        self.evidence.addItem(translate("CommitmentDialog", "(kept by hand)"), None)
        for kind, text in EVIDENCE_KINDS.items():
            shown = translate("EvidenceKind", text)
            self.evidence.addItem(shown.replace(" {ref}", "").replace("{ref}", ""), kind)
        self.reference = QLineEdit(reference or "")
        self.reference.setObjectName("commitmentReference")
        self.reference.setAccessibleName(translate("CommitmentDialog", "Order or ticket reference"))
        self.reference.setPlaceholderText("#1004")
        evidence.addWidget(self.evidence, 2)
        evidence.addWidget(self.reference, 1)
        form.addRow(translate("CommitmentDialog", "Kept &when"), evidence)
        self.cadence = QSpinBox()
        self.cadence.setObjectName("commitmentCadence")
        self.cadence.setAccessibleName(
            translate("CommitmentDialog", "Update the customer every so many days")
        )
        self.cadence.setRange(0, 90)
        self.cadence.setSpecialValueText(translate("CommitmentDialog", "no regular updates"))
        self.cadence.setSuffix(translate("CommitmentDialog", " day(s)"))
        form.addRow(translate("CommitmentDialog", "Update every"), self.cadence)
        self.promise.textChanged.connect(self._understand)
        self._finish(form, self.promise)

    def _kind_chosen(self, _index: int) -> None:
        self._kind_set = True
        self._suggest_evidence()

    def _due_chosen(self) -> None:
        self._due_set = True
        self._warn_late()

    def _suggest_evidence(self) -> None:
        wanted = EVIDENCE_FOR_KIND.get(self.kind.currentData())
        if self.evidence.currentData() is None and wanted and self.reference.text().strip():
            self.evidence.setCurrentIndex(self.evidence.findData(wanted))

    def _understand(self, text: str) -> None:
        parsed = parse_promise(text, self.now(), self.zone)
        if not self._kind_set and parsed.kind_phrase:
            self.kind.setCurrentIndex(COMMITMENT_KINDS.index(parsed.kind))
            self._suggest_evidence()
        if not self._due_set and parsed.due_at is not None:
            self.due.setDateTime(to_qt(parsed.due_at, self.zone))
        self.understood.setText(parsed.summary(self.zone) if text.strip() else "")
        self._warn_late()

    def _warn_late(self) -> None:
        if from_qt(self.due.dateTime(), self.zone) <= self.now():
            self.late.setText(
                translate(
                    "CommitmentDialog",
                    "This due time has already passed: check it with the customer.",
                )
            )
            self.late.show()
        else:
            self.late.hide()

    def problem(self) -> str | None:
        if not self.promise.text().strip():
            return translate("CommitmentDialog", "Type what was promised.")
        if self.channel.currentData() in self.blocked:
            return translate(
                "CommitmentDialog", "The customer opted out of {channel}: choose another channel."
            ).format(channel=self.channel.currentData())
        if self.evidence.currentData() and not self.reference.text().strip():
            return translate(
                "CommitmentDialog", "Say which order or ticket the evidence is about (e.g. #1004)."
            )
        return None

    def values(self) -> dict[str, Any]:
        evidence = self.evidence.currentData()
        return {
            "description": self.promise.text(),
            "kind": self.kind.currentData(),
            "due_at": from_qt(self.due.dateTime(), self.zone),
            "owner": self.owner.currentText().strip() or None,
            "channel": self.channel.currentData(),
            "expected": Expectation(evidence, self.reference.text().strip()) if evidence else None,
            "update_every_days": self.cadence.value() or None,
        }


class ChangeDialog(_SaveDialog):
    """Renegotiate (a new date and why) or cancel (why) a commitment."""

    def __init__(
        self, what: str, commitment: CommitmentView, zone: tzinfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.what, self.zone = what, zone
        self.setObjectName("renegotiateDialog" if what == "renegotiate" else "cancelDialog")
        title = (
            translate("ChangeDialog", "New due date: {promise}")
            if what == "renegotiate"
            else translate("ChangeDialog", "Cancel the promise: {promise}")
        )
        self.setWindowTitle(title.format(promise=commitment.description[:60]))
        form = QFormLayout(self)
        label = translate("CommitmentKind", commitment.label)
        form.addRow(
            translate("ChangeDialog", "Promise"),
            QLabel(escape(f"{label}: {commitment.description}")),
        )
        self.due = _datetime_edit("renegotiateDue", translate("ChangeDialog", "New due time"))
        self.due.setDateTime(to_qt(max(commitment.due_at, datetime.now(zone)), zone))
        if what == "renegotiate":
            form.addRow(
                translate("ChangeDialog", "Was due"), QLabel(local(commitment.due_at, zone))
            )
            form.addRow(translate("ChangeDialog", "&New due"), self.due)
        else:
            self.due.hide()
        self.reason = QLineEdit()
        self.reason.setObjectName("changeReason")
        self.reason.setAccessibleName(translate("ChangeDialog", "Reason"))
        self.reason.setPlaceholderText(translate("ChangeDialog", "Kept in the promise's history"))
        form.addRow(translate("ChangeDialog", "&Why"), self.reason)
        self._finish(form, self.reason if what != "renegotiate" else self.due)

    def problem(self) -> str | None:
        if self.reason.text().strip():
            return None
        return translate("ChangeDialog", "Say why (it stays in the history).")

    def values(self) -> dict[str, Any]:
        return {"due_at": from_qt(self.due.dateTime(), self.zone), "reason": self.reason.text()}


STATUS_COLOURS = {"overdue": AMBER, "broken": RED}


class FollowUpPanel(QWidget):
    """The open customer's commitments and tasks (the third tab of the 360 view)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("followUps")
        self.setAccessibleName(translate("FollowUpPanel", "Commitments and tasks"))
        layout = QVBoxLayout(self)
        self.commitments = QTableWidget(0, 6)
        self.commitments.setObjectName("customerCommitments")
        self.commitments.setAccessibleName(
            translate("FollowUpPanel", "Commitments made to this customer")
        )
        self.commitments.setHorizontalHeaderLabels(
            [
                translate("FollowUpPanel", "Status"),
                translate("FollowUpPanel", "Kind"),
                translate("FollowUpPanel", "Promise"),
                translate("FollowUpPanel", "Due"),
                translate("FollowUpPanel", "Owner"),
                translate("FollowUpPanel", "Kept when"),
            ]
        )
        self.commitments.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.commitments.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.commitments.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.commitments.verticalHeader().hide()
        self.commitments.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.commitments, 3)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, tip in (
            (
                "kept",
                translate("FollowUpPanel", "&Kept"),
                translate("FollowUpPanel", "Mark the selected promise kept"),
            ),
            (
                "renegotiate",
                translate("FollowUpPanel", "New &date…"),
                translate("FollowUpPanel", "Agree a new due date (the old one stays in history)"),
            ),
            (
                "cancel",
                translate("FollowUpPanel", "Ca&ncel…"),
                translate("FollowUpPanel", "Cancel the promise, with a reason"),
            ),
            (
                "reopen",
                translate("FollowUpPanel", "Re&open"),
                translate("FollowUpPanel", "Open a kept, broken or cancelled promise again"),
            ),
            (
                "history",
                translate("FollowUpPanel", "&History"),
                translate("FollowUpPanel", "Every change of the selected promise"),
            ),
        ):
            button = QPushButton(text)
            button.setObjectName(f"commitment_{key}")
            button.setToolTip(tip)
            buttons.addWidget(button)
            self.buttons[key] = button
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.history = QLabel()
        self.history.setObjectName("commitmentHistory")
        self.history.setAccessibleName(
            translate("FollowUpPanel", "History of the selected promise")
        )
        self.history.setWordWrap(True)
        self.history.setTextFormat(Qt.TextFormat.RichText)
        self.history.hide()
        layout.addWidget(self.history)
        self.tasks = QListWidget()
        self.tasks.setObjectName("customerTasks")
        self.tasks.setAccessibleName(translate("FollowUpPanel", "Tasks about this customer"))
        layout.addWidget(self.tasks, 2)
        self.views: list[CommitmentView] = []

    def show_items(
        self, commitments: list[CommitmentView], tasks: list[TaskView], zone: tzinfo
    ) -> None:
        selected = self.selected()
        self.views = commitments
        self.commitments.setRowCount(len(commitments))
        for row, c in enumerate(commitments):
            cells = [
                status_label(c.status),
                translate("CommitmentKind", c.label),
                c.description,
                local(c.due_at, zone),
                c.owner or "—",
                c.expected.describe() if c.expected else translate("FollowUpPanel", "by hand"),
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, c.id)
                if col == 0 and c.status in STATUS_COLOURS:
                    item.setForeground(QBrush(STATUS_COLOURS[c.status]))
                self.commitments.setItem(row, col, item)
            if selected is not None and c.id == selected.id:
                self.commitments.selectRow(row)
        if self.commitments.currentRow() < 0 and commitments:
            self.commitments.selectRow(0)
        self.history.hide()
        self.tasks.clear()
        for t in tasks:
            due = local(t.due_at, zone) if t.due_at else translate("FollowUpPanel", "no date")
            bucket = translate("followup", BUCKET_LABELS[t.bucket])
            entry = QListWidgetItem(
                icon("task"), f"{bucket} · {t.title}  ({due}, {t.assignee or '—'})"
            )
            entry.setData(ID_ROLE, t.id)
            entry.setData(VERSION_ROLE, t.version)
            self.tasks.addItem(entry)

    def selected(self) -> CommitmentView | None:
        row = self.commitments.currentRow()
        return self.views[row] if 0 <= row < len(self.views) else None

    def show_history(self, lines: list[str]) -> None:
        self.history.setText(
            "<br>".join(escape(x) for x in lines) or translate("FollowUpPanel", "No history.")
        )
        self.history.show()


def queue_item(task: TaskView, zone: tzinfo, reminded: bool = False) -> QListWidgetItem:
    """One "My day" entry: bucket, title, due time, customer and what it is about."""
    due = local(task.due_at, zone) if task.due_at else translate("followup", "no date")
    where = f" · {task.customer_name}" if task.customer_name else ""
    about = f"\n{task.context}" if task.context else ""
    bell = "🔔 " if reminded else ""
    bucket = translate("followup", BUCKET_LABELS[task.bucket])
    item = QListWidgetItem(icon("task"), f"{bell}{bucket} · {task.title}\n{due}{where}{about}")
    item.setData(ID_ROLE, task.id)
    item.setData(CUSTOMER_ROLE, task.customer_id)
    item.setData(VERSION_ROLE, task.version)
    priority = translate("followup", "Priority: {priority}").format(
        priority=priority_label(task.priority)
    )
    item.setToolTip("\n".join(x for x in (task.title, task.details, task.context, priority) if x))
    if task.bucket == "overdue":
        item.setForeground(QBrush(RED))
    elif task.bucket == "done":
        item.setForeground(QBrush(QColor("#6e7781")))
    return item
