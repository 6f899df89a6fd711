"""Render the application icon (resources/icons/agent-desk.svg) for the installers.

    python installer/icons.py OUT_DIR

writes OUT_DIR/hicolor/<N>x<N>/apps/agent-desk.png (16 to 512 pixels, the freedesktop icon
theme layout), OUT_DIR/agent-desk.ico (Windows: 16 to 256 in one file) and
OUT_DIR/agent-desk.png (512 pixels; PyInstaller turns it into the macOS .icns). Generated at
build time, never committed. Qt's SVG renderer draws every size from the vector (no blurry
downscaling); Pillow packs the .ico.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QByteArray
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtSvg import QSvgRenderer

from agent_desk.ui.theme import render_svg  # the app's own drawing of an SVG

ROOT = Path(__file__).resolve().parent.parent
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(svg: bytes, size: int) -> QImage:
    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        raise SystemExit("icons: resources/icons/agent-desk.svg is not a valid SVG")
    return render_svg(renderer, size)


def main(out: Path) -> None:
    QGuiApplication.instance() or QGuiApplication([])
    svg = (ROOT / "resources" / "icons" / "agent-desk.svg").read_bytes()
    pngs: dict[int, Path] = {}
    for size in SIZES:
        folder = out / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "agent-desk.png"
        if not render(svg, size).save(str(path), "PNG"):
            raise SystemExit(f"icons: cannot write {path}")
        pngs[size] = path
    scalable = out / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    (scalable / "agent-desk.svg").write_bytes(svg)
    (out / "agent-desk.png").write_bytes(pngs[512].read_bytes())
    largest = Image.open(pngs[256])
    largest.save(
        out / "agent-desk.ico",
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[Image.open(pngs[s]) for s in ICO_SIZES if s != 256],
    )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python installer/icons.py OUT_DIR")
    main(Path(sys.argv[1]))
