"""Screen pop into the window: one match opens, several are a pick list, none a new-caller card;
and `agent-desk pop` from another process reaches the running instance."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from agent_desk.app import AppContext, open_context
from agent_desk.paths import AppPaths
from agent_desk.services.pop import PopRequest
from agent_desk.services.search import search_customers
from agent_desk.store.models import Customer
from agent_desk.ui.instance import InstanceServer, instance_name, send_to_running
from agent_desk.ui.main_window import MainWindow


@pytest.fixture
def context(app_home: AppPaths) -> Iterator[AppContext]:
    ctx = open_context(app_home)
    with ctx.database.session() as s:
        s.add_all(
            [
                Customer(
                    display_name="María García",
                    given_name="María",
                    family_name="García",
                    email="maria.garcia@example.com",
                    phone_e164="+442079460018",
                    city="London",
                ),
                Customer(
                    display_name="Maria Garcia",
                    given_name="Maria",
                    family_name="Garcia",
                    phone_e164="+441134960018",
                    city="Leeds",
                ),
            ]
        )
    yield ctx
    ctx.close()


def test_one_match_opens_the_customer_and_marks_the_call(window: MainWindow) -> None:
    window.pop(PopRequest("phone", "+44 20 7946 0018"))
    assert window.customer.current is not None
    assert window.customer.current.display_name == "María García"
    assert window.on_call.isVisible() and "María García" in window.on_call.text()


def test_several_matches_are_a_pick_list(qtbot: QtBot, window: MainWindow) -> None:
    window.pop(PopRequest("phone", "0018"))
    assert window.search.results.count() == 2
    assert window.search.box.text() == "0018"
    assert QApplication.focusWidget() is window.search.results
    assert "pick" in window.on_call.text()
    qtbot.keyClick(window.search.results, Qt.Key.Key_Down)
    qtbot.keyClick(window.search.results, Qt.Key.Key_Return)
    assert window.customer.current is not None


def test_an_unknown_caller_gets_a_new_caller_card_and_becomes_a_customer(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    window.pop(PopRequest("phone", "+44 161 496 0777"))
    card = window.customer.new_caller
    assert window.customer.currentWidget() is card
    assert card.inputs["phone"].text() == "+44 161 496 0777"
    assert QApplication.focusWidget() is card.inputs["given_name"]
    qtbot.keyClicks(card.inputs["given_name"], "Ola")
    qtbot.keyClicks(card.inputs["family_name"], "Nordmann")
    qtbot.keyClick(card.inputs["family_name"], Qt.Key.Key_Return)
    assert window.customer.current is not None
    assert window.customer.current.display_name == "Ola Nordmann"
    assert window.customer.current.phone == "+441614960777"
    with context.database.engine.connect() as conn:
        (hit,) = search_customers(conn, "0777")
    assert hit.display_name == "Ola Nordmann"


def test_a_new_caller_without_a_name_is_not_created(qtbot: QtBot, window: MainWindow) -> None:
    window.pop(PopRequest("email", "someone@example.org"))
    card = window.customer.new_caller
    assert card.inputs["email"].text() == "someone@example.org"
    qtbot.keyClick(card.inputs["given_name"], Qt.Key.Key_Return)
    assert window.customer.currentWidget() is card
    assert "enter the caller's name" in window.statusBar().currentMessage()
    qtbot.keyClick(card, Qt.Key.Key_Escape)
    assert window.customer.currentWidget() is window.customer.empty


def test_pop_from_another_process_reaches_the_running_window(
    qtbot: QtBot, window: MainWindow, app_home: AppPaths
) -> None:
    server = InstanceServer(instance_name(app_home))
    server.listen()
    server.received.connect(window.handle_message)
    try:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        proc = subprocess.Popen(
            [sys.executable, "-m", "agent_desk", "pop", "--email", "MARIA.GARCIA@example.com"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=30_000)
        out, err = proc.communicate()
        assert proc.returncode == 0, err
        assert "handed to the running Agent Desk" in out
        qtbot.waitUntil(lambda: window.customer.current is not None, timeout=10_000)
        assert window.customer.current is not None
        assert window.customer.current.display_name == "María García"
        # a URL as the only argument (how a desktop, Windows or macOS hands over a clicked
        # agentdesk: link), and a plain second start, are handed over the same way
        proc = subprocess.Popen(
            [sys.executable, "-m", "agent_desk", "agentdesk:pop?phone=%2B441134960018"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=30_000)
        assert proc.returncode == 0, proc.communicate()[1]
        qtbot.waitUntil(
            lambda: (
                window.customer.current is not None
                and window.customer.current.display_name == "Maria Garcia"
            ),
            timeout=10_000,
        )
        proc = subprocess.Popen(
            [sys.executable, "-m", "agent_desk"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=30_000)
        _out, err = proc.communicate()
        assert proc.returncode == 0 and "already running: handed over" in err
    finally:
        server.close()


def test_nobody_listening_means_no_hand_over(app_home: AppPaths, qapp: QApplication) -> None:
    assert send_to_running(instance_name(app_home), {"raise": True}, timeout_ms=500) is False


def test_customers_open_in_tabs_and_the_call_is_marked(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    with context.database.engine.connect() as conn:
        by_city = {h.city: h.id for h in search_customers(conn, "garcia")}
    london, leeds = by_city["London"], by_city["Leeds"]
    tabs = window.customer_tabs
    window.pop(PopRequest("phone", "+44 20 7946 0018"))  # London, on the call
    window.open_customer(leeds)
    assert tabs.count() == 2 and tabs.currentIndex() == 1
    assert tabs.tabText(0) == "☎ María García" and tabs.tabText(1) == "Maria Garcia"
    assert window.customer.current is not None and window.customer.current.id == leeds
    window.open_customer(london)  # already open: its tab, not a third one
    assert tabs.count() == 2 and tabs.currentIndex() == 0
    qtbot.keyClick(window, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.customer.current is not None and window.customer.current.id == leeds
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert tabs.count() == 1
    assert window.customer.current is not None and window.customer.current.id == london
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert tabs.count() == 0 and window.customer.currentWidget() is window.customer.empty
    assert not window.on_call.isVisible()


def test_two_messages_on_one_connection_arrive_once_each(qtbot: QtBot, app_home: AppPaths) -> None:
    from PySide6.QtNetwork import QLocalSocket

    server = InstanceServer(instance_name(app_home))
    server.listen()
    got: list[dict[str, object]] = []
    server.received.connect(got.append)
    try:
        sock = QLocalSocket()
        sock.connectToServer(server.name)
        assert sock.waitForConnected(2000)
        sock.write(b'{"pop": "customer", "value": "1111"}\n{"pop": "customer", "value": "2222"}\n')
        sock.flush()
        qtbot.waitUntil(lambda: len(got) == 2, timeout=5000)
        sock.write(b"not json\n")
        sock.flush()
        qtbot.wait(200)
        assert [m["value"] for m in got] == ["1111", "2222"]
        sock.disconnectFromServer()
    finally:
        server.close()


def test_a_second_server_never_steals_a_live_socket(app_home: AppPaths, qapp: QApplication) -> None:
    from agent_desk.errors import AgentDeskError

    first = InstanceServer(instance_name(app_home))
    first.listen()
    try:
        second = InstanceServer(instance_name(app_home))
        with pytest.raises(AgentDeskError, match="already listening"):
            second.listen()
        assert first.server.isListening()
    finally:
        first.close()


def test_a_macos_link_clicked_while_starting_opens_once_the_window_is_there(
    qapp: QApplication, window: MainWindow
) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QFileOpenEvent

    from agent_desk.ui.app import LinkOpener

    links = LinkOpener(qapp)
    qapp.installEventFilter(links)
    try:
        # the link that starts the app: no window yet, so it waits
        QApplication.sendEvent(qapp, QFileOpenEvent(QUrl("agentdesk:pop?phone=%2B442079460018")))
        assert links.pending == ["agentdesk:pop?phone=%2B442079460018"]
        assert window.customer.current is None
        links.attach(window)
        assert links.pending == []
        assert window.customer.current is not None
        assert window.customer.current.display_name == "María García"
        # later links go straight to the window; a broken one is named in the status bar
        QApplication.sendEvent(qapp, QFileOpenEvent(QUrl("agentdesk:pop")))
        assert "names the caller by exactly one of" in window.statusBar().currentMessage()
    finally:
        qapp.removeEventFilter(links)
