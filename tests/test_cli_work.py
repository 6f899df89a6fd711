"""``agent-desk commitments list`` and ``agent-desk tasks list`` against a real store."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from agent_desk.cli import main
from agent_desk.services import commitments, tasks
from agent_desk.store.database import Database
from tests.services.test_search import customer_of, desk  # noqa: F401


def test_commitments_list_overdue_per_agent_as_json_and_text(
    desk: Database,  # noqa: F811
    db_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    maria = customer_of(desk, "erp", "100004")
    now = datetime.now(UTC)
    late = commitments.create(
        desk,
        maria,
        "alice",
        kind="refund",
        description="Refund £12",
        due_at=now - timedelta(hours=3),
    )
    commitments.create(
        desk,
        maria,
        "alice",
        kind="call_back",
        description="Ring back",
        due_at=now + timedelta(days=1),
    )
    commitments.create(
        desk, maria, "bob", kind="visit", description="Engineer", due_at=now - timedelta(hours=1)
    )

    assert (
        main(["--db-url", db_url, "commitments", "list", "--overdue", "--agent", "alice", "--json"])
        == 0
    )
    listed = json.loads(capsys.readouterr().out)
    assert [(c["id"], c["status"], c["owner"]) for c in listed] == [(late, "overdue", "alice")]

    assert main(["--db-url", db_url, "commitments", "list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 3 and "Refund: Refund £12" in out[0] and "overdue" in out[0]

    assert main(["--db-url", db_url, "commitments", "list", "--agent", "carol"]) == 1
    assert "no agent called 'carol'" in capsys.readouterr().err

    tasks.create(desk, "alice", "Post the form", due_at=now - timedelta(minutes=5))
    assert main(["--db-url", db_url, "tasks", "list", "--agent", "alice", "--json"]) == 0
    (task,) = json.loads(capsys.readouterr().out)
    assert (task["title"], task["bucket"]) == ("Post the form", "overdue")


def test_agents_set_makes_a_lead_that_the_team_view_lets_in(
    database: Database, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from agent_desk.services import team
    from agent_desk.settings import Settings

    assert main(["--db-url", db_url, "agents", "set", "lena", "--role", "lead", "--team", "North",
                 "--name", "Lena Fischer"]) == 0  # fmt: skip
    assert "lena:" in capsys.readouterr().out
    assert main(["--db-url", db_url, "agents", "list", "--json"]) == 0
    listed = {a["username"]: a for a in json.loads(capsys.readouterr().out)}
    assert (listed["lena"]["role"], listed["lena"]["team"]) == ("lead", "North")
    if team.team_mode(database):  # a team database: the agents table decides
        team.require_lead(database, "lena", Settings())
    with pytest.raises(SystemExit) as usage:
        main(["--db-url", db_url, "agents", "set", "lena", "--role", "boss"])
    assert usage.value.code == 2 and "invalid choice: 'boss'" in capsys.readouterr().err
