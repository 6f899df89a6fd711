"""Render screenshots of the main window into docs/ (offscreen), for the README.

    .venv/bin/python scripts/screenshots.py [--out docs]

Builds a demo store the way ``agent-desk demo start`` does (300 customers, real connectors,
identity resolution) in a temporary home, opens the real main window offscreen and saves:

- ``screenshot-customer.png``: a screen pop of a busy customer, 360 header and timeline;
- ``screenshot-search.png``: a typo-tolerant name search with its hits;
- ``screenshot-stories.png``: the timeline grouped by story;
- ``screenshot-offers.png``: a satisfied customer with three suggestions and their reasons.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def settle(app: object, seconds: float = 0.6) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.01)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="agent-desk-shots-") as tmp:
        os.environ["AGENT_DESK_HOME"] = tmp
        subprocess.run(
            [sys.executable, "-m", "agent_desk", "demo", "load", "--customers", "300"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        import sqlalchemy as sa

        from agent_desk.app import open_context
        from agent_desk.paths import AppPaths
        from agent_desk.services.pop import PopRequest
        from agent_desk.ui.app import create_application
        from agent_desk.ui.main_window import MainWindow
        from agent_desk.ui.ops import Ops
        from agent_desk.ui.theme import apply_theme

        app = create_application()
        apply_theme(app, "light")
        ctx = open_context(AppPaths.from_environment())
        with ctx.database.engine.connect() as conn:
            busy, family = conn.execute(
                sa.text(
                    "SELECT c.id, c.family_name FROM customers c JOIN timeline_events e "
                    "ON e.customer_id = c.id WHERE c.merged_into_id IS NULL "
                    "AND c.family_name IS NOT NULL GROUP BY c.id, c.family_name "
                    "ORDER BY count(*) DESC LIMIT 1"
                )
            ).one()
        ops = Ops(app)
        window = MainWindow(ctx, ops)
        window.resize(1500, 920)
        window.show()
        settle(app)
        window.pop(PopRequest("customer", str(busy)))
        settle(app, 1.5)
        window.grab().save(str(args.out / "screenshot-customer.png"))
        typo = family[:2] + family[3] + family[2] + family[4:] if len(family) > 4 else family
        window.search.box.setText(typo)
        settle(app, 1.2)
        window.grab().save(str(args.out / "screenshot-search.png"))
        view = window.customer.timeline
        view.grouping.setCurrentIndex(view.grouping.findData("story"))
        settle(app, 1.2)
        window.grab().save(str(args.out / "screenshot-stories.png"))
        view.grouping.setCurrentIndex(view.grouping.findData("day"))
        from agent_desk.services.catalog import load_catalog
        from agent_desk.services.suggest import suggest

        catalog = load_catalog()
        with ctx.database.engine.connect() as conn:
            ids = conn.execute(
                sa.text("SELECT id FROM customers WHERE merged_into_id IS NULL ORDER BY id")
            ).scalars()
            happy = next(cid for cid in ids if len(suggest(conn, cid, catalog).suggestions) == 3)
        window.pop(PopRequest("customer", str(happy)))
        settle(app, 1.5)
        window.grab().save(str(args.out / "screenshot-offers.png"))
        window.close()
        settle(app, 0.3)
        ops.wait(5000)
        ctx.close()
    for name in ("customer", "search", "stories", "offers"):
        print(args.out / f"screenshot-{name}.png")
    sys.stdout.flush()
    os._exit(0)  # no Qt teardown at interpreter exit (a script, not the app)


if __name__ == "__main__":
    main()
