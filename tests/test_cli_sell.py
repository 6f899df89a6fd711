"""``agent-desk suggest``, ``rules`` and ``offers`` against a real store (the demo's, synced
through the real connectors), with the same answers as the services."""

from __future__ import annotations

import json
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from agent_desk.cli import main
from agent_desk.paths import AppPaths
from agent_desk.resources import resource
from agent_desk.services import commitments, offers
from agent_desk.services.catalog import load_catalog
from agent_desk.settings import Settings, save_settings
from agent_desk.store.database import Database
from agent_desk.store.types import utcnow
from tests.ui.test_suggestions_gui import satisfied_customers


class _Ctx:
    def __init__(self, url: str) -> None:
        self.database = Database(url)


def test_suggest_prints_reasons_or_why_not_and_offers_show_rates(
    demo_store_url: str, app_home: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = demo_store_url
    # the business's own copy of the catalog: rules from 3 customers up (the store is small)
    own = tmp_path / "catalog"
    shutil.copytree(Path(resource("catalog")), own)
    policy = own / "cross_sell.toml"
    policy.write_text(policy.read_text().replace("min_customers = 20", "min_customers = 3"))
    save_settings(app_home.settings_file, Settings(catalog_dir=str(own)))
    assert main(["--db-url", url, "rules", "list"]) == 0
    assert "never mined" in capsys.readouterr().err
    ctx = _Ctx(url)
    try:
        cid = satisfied_customers(ctx, 1)[0]  # type: ignore[arg-type]
        # never mined on this store: `suggest` mines first
        assert main(["--db-url", url, "suggest", str(cid)]) == 0
        capsys.readouterr()
        assert main(["--db-url", url, "rules", "list", "--limit", "1"]) == 0
        assert " rules from " in capsys.readouterr().out
        assert main(["--db-url", url, "rules", "mine"]) == 0
        assert capsys.readouterr().out.startswith("cross-sell rules unchanged")
        assert main(["--db-url", url, "rules", "mine", "--force"]) == 0
        assert capsys.readouterr().out.startswith("cross-sell rules: ")

        assert main(["--db-url", url, "suggest", str(cid), "--json"]) == 0
        found = json.loads(capsys.readouterr().out)
        assert found["held"] == [] and len(found["suggestions"]) >= 2
        first = found["suggestions"][0]
        assert first["reason"] and first["channel"] == "phone"
        assert main(["--db-url", url, "suggest", str(cid)]) == 0
        text = capsys.readouterr().out.splitlines()
        assert text[0] == f"1. {first['name']} ({first['sku']}), {first['price']} EUR, by phone"
        assert text[1] == f"   {first['reason']}"

        commitments.create(
            ctx.database, cid, "alice", kind="refund", description="Refund the dented kettle",
            due_at=utcnow() - timedelta(days=3), now=utcnow() - timedelta(days=5),
        )  # fmt: skip
        commitments.review(ctx.database)  # three days late: broken
        assert main(["--db-url", url, "suggest", str(cid)]) == 0
        assert capsys.readouterr().out.splitlines() == [
            f"No suggestions for customer #{cid}: satisfy first.",
            "  - Broken promise: Refund the dented kettle",
        ]

        other = satisfied_customers(ctx, 2)[1]  # type: ignore[arg-type]
        with ctx.database.engine.connect() as conn:
            from agent_desk.services.suggest import suggest

            s = suggest(conn, other, load_catalog()).suggestions[0]
        offer = offers.make_offer(ctx.database, other, s, "alice")
        offers.set_outcome(ctx.database, offer, "declined", "alice")
        assert main(["--db-url", url, "offers", "list", str(other), "--json"]) == 0
        (listed,) = json.loads(capsys.readouterr().out)
        assert (listed["sku"], listed["outcome"]) == (s.sku, "declined")
        assert main(["--db-url", url, "offers", "rates", "--json"]) == 0
        (rate,) = json.loads(capsys.readouterr().out)
        assert (rate["rule"], rate["offered"], rate["declined"], rate["rate"]) == (
            s.kind,
            1,
            1,
            0.0,
        )
        assert main(["--db-url", url, "rules", "list", "--limit", "3"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert " rules from " in lines[0] and len(lines) == 4
        assert all(" lift " in line and " customers)" in line for line in lines[1:])

        assert main(["--db-url", url, "suggest", "999999"]) == 1
        assert "customer #999999 does not exist" in capsys.readouterr().err
    finally:
        ctx.database.dispose()
