"""Icons and stylesheets from ``resources/``, and following the system's light/dark scheme."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QImage,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication
from shiboken6 import Shiboken

from agent_desk.resources import read_bytes, read_text

_SCHEMES = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}


ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def icon(name: str) -> QIcon:
    """An icon for the theme in force when it is drawn: ``resources/icons/dark/<name>.svg`` on
    a dark palette, ``resources/icons/light/<name>.svg`` on a light one, else
    ``resources/icons/<name>.svg`` (an empty icon if there is none). A switch between light
    and dark (the desktop's, or the settings') redraws every icon already on screen."""
    if _svg(name, False) is None and _svg(name, True) is None:
        return QIcon()
    return QIcon(_ThemedIconEngine(name))


# PySide6 does not hand an engine returned by a Python clone() over to Qt: Python would free it
# while the detached QIcon still uses it. The clones live here until Qt has deleted them.
_clones: list[QIconEngine] = []


class _ThemedIconEngine(QIconEngine):
    """Asks for the light or the dark drawing each time the icon is painted."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def _current(self) -> QIcon:
        return _icon(self.name, is_dark())

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self._current().pixmap(size, mode, state)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        return self._current().pixmap(size, scale, mode, state)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        self._current().paint(painter, rect, Qt.AlignmentFlag.AlignCenter, mode, state)

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        return self._current().actualSize(size, mode, state)

    def availableSizes(
        self, mode: QIcon.Mode = QIcon.Mode.Normal, state: QIcon.State = QIcon.State.Off
    ) -> list[QSize]:
        return self._current().availableSizes(mode, state)

    def isNull(self) -> bool:
        return self._current().isNull()

    def key(self) -> str:
        return "agent-desk-themed"

    def clone(self) -> QIconEngine:
        _clones[:] = [engine for engine in _clones if Shiboken.isValid(engine)]
        twin = _ThemedIconEngine(self.name)
        _clones.append(twin)
        return twin


@cache
def _svg(name: str, dark: bool) -> bytes | None:
    for folder in (("icons", "dark" if dark else "light"), ("icons",)):
        try:
            return read_bytes(*folder, f"{name}.svg")
        except FileNotFoundError:
            continue
    return None


@cache
def _icon(name: str, dark: bool) -> QIcon:
    """Drawn on first use only: a light session never renders the dark set."""
    data = _svg(name, dark)
    if data is None:
        return QIcon()
    renderer = QSvgRenderer(QByteArray(data))
    result = QIcon()
    if not renderer.isValid():
        return result
    for size in ICON_SIZES:  # drawn from the vector at each size: sharp, never scaled up
        result.addPixmap(QPixmap.fromImage(render_svg(renderer, size)))
    return result


def render_svg(renderer: QSvgRenderer, size: int) -> QImage:
    """The drawing at ``size`` x ``size`` pixels, antialiased on a transparent ground (the app's
    icons and the installer's icon set alike)."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


_chosen = "system"


def is_dark() -> bool:
    """Dark when forced in the settings, or when the desktop says so and we follow it."""
    if _chosen in _SCHEMES:
        return _chosen == "dark"
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def dark_palette() -> QPalette:
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, "#1f2328"),
        (roles.WindowText, "#e6edf3"),
        (roles.Base, "#0d1117"),
        (roles.AlternateBase, "#161b22"),
        (roles.ToolTipBase, "#161b22"),
        (roles.ToolTipText, "#e6edf3"),
        (roles.Text, "#e6edf3"),
        (roles.Button, "#262c36"),
        (roles.ButtonText, "#e6edf3"),
        (roles.BrightText, "#ff7b72"),
        (roles.Link, "#4493f8"),
        (roles.Highlight, "#1f6feb"),
        (roles.HighlightedText, "#ffffff"),
        (roles.PlaceholderText, "#9198a1"),
        (roles.Mid, "#3d444d"),
        (roles.Dark, "#010409"),
    ):
        palette.setColor(role, QColor(colour))
    for role in (roles.Text, roles.WindowText, roles.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#656c76"))
    return palette


def apply_theme(app: QApplication, theme: str) -> None:
    """``system`` follows the desktop's light/dark setting (live); ``light``/``dark`` force one.

    Qt only forwards a colour-scheme request to the platform, and platforms without a theme
    ignore it, so the palette is set here explicitly.
    """
    global _chosen
    _chosen = theme
    app.setStyle("Fusion")  # Fusion draws the light and dark palettes the same on every platform
    hints = app.styleHints()
    if theme in _SCHEMES:
        hints.setColorScheme(_SCHEMES[theme])
    else:
        hints.unsetColorScheme()
    _apply_palette(app)


def _apply_palette(app: QApplication) -> None:
    dark = is_dark()
    app.setPalette(dark_palette() if dark else app.style().standardPalette())
    app.setStyleSheet(
        read_text("styles", "base.qss") + read_text("styles", "dark.qss" if dark else "light.qss")
    )


def follow_system_scheme(app: QApplication) -> None:
    """Re-apply the palette whenever the desktop switches between light and dark."""
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: _apply_palette(app))
