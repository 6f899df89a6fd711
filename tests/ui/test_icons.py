"""Icons: one per source system and per kind of event, drawn for light and for dark, read
through importlib.resources, the theme's set chosen at run time."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QByteArray
from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from agent_desk.resources import read_bytes, resource
from agent_desk.services.timeline import DESK, KIND_LABELS
from agent_desk.ui import theme
from agent_desk.ui.timeline import kind_icon, source_icon
from connectors import registry

SOURCE_TYPES = sorted({*registry.available(), DESK})


@pytest.fixture
def light_then_dark(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    theme.apply_theme(qapp, "light")


def _names() -> list[str]:
    return [*KIND_LABELS, *(f"source-{t}" for t in SOURCE_TYPES)]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_source_system_and_event_kind_has_its_icon(scheme: str) -> None:
    missing, broken = [], []
    for name in _names():
        node = resource("icons", scheme, f"{name}.svg")
        if not node.is_file():
            missing.append(name)
        elif not QSvgRenderer(QByteArray(read_bytes("icons", scheme, f"{name}.svg"))).isValid():
            broken.append(name)
    assert not missing and not broken, f"{scheme}: missing {missing}, not valid SVG {broken}"
    assert len(SOURCE_TYPES) >= 7  # the six connectors and the desk itself


def test_the_theme_picks_its_own_drawing(light_then_dark: QApplication) -> None:
    def pixels(name: str) -> QImage:
        return kind_icon(name).pixmap(24, 24).toImage()

    theme.apply_theme(light_then_dark, "light")
    light = {name: pixels(name) for name in ("call_logged", "order_shipped")}
    theme.apply_theme(light_then_dark, "dark")
    dark = {name: pixels(name) for name in ("call_logged", "order_shipped")}
    for name in light:
        assert not light[name].isNull() and light[name] != dark[name], name
    # every source system gets its own icon, sharp at 16 px (drawn, not scaled down from 256)
    icons = {t: source_icon(t).pixmap(16, 16).toImage() for t in SOURCE_TYPES}
    assert all(not image.isNull() for image in icons.values())
    assert len({bytes(image.constBits()) for image in icons.values()}) == len(icons)


def test_a_kind_from_a_newer_connector_has_no_icon_and_no_error(qapp: QApplication) -> None:
    assert kind_icon("parcel_lost_in_space").isNull()
    assert not source_icon("some-future-erp").isNull()  # a database, at least


def test_an_icon_already_shown_follows_a_switch_to_dark(light_then_dark: QApplication) -> None:
    from PySide6.QtWidgets import QPushButton

    theme.apply_theme(light_then_dark, "light")
    button = QPushButton()
    button.setIcon(kind_icon("call_logged"))  # made while light, kept by the widget
    light = button.icon().pixmap(24, 24).toImage()
    theme.apply_theme(light_then_dark, "dark")  # the desktop switches; nothing is rebuilt
    dark = button.icon().pixmap(24, 24).toImage()
    assert not light.isNull() and not dark.isNull() and light != dark
    assert dark == theme._icon("call_logged", True).pixmap(24, 24).toImage()
    copied = button.icon()  # copies of the icon (clone) keep following
    theme.apply_theme(light_then_dark, "light")
    assert copied.pixmap(24, 24).toImage() == light


def test_a_themed_icon_changed_by_its_user_is_a_copy_that_lives(qapp: QApplication) -> None:
    import gc

    from PySide6.QtGui import QIcon, QPixmap

    original = kind_icon("call_logged")
    for _ in range(50):  # QIcon detaches (Qt clones the engine) when a shared icon is changed
        changed = QIcon(original)
        changed.addPixmap(QPixmap(8, 8))
        gc.collect()
        assert not changed.pixmap(24, 24).isNull()
        del changed
    assert not original.pixmap(24, 24).isNull()
