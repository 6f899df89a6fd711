"""The ``agent-desk`` command: exit codes, one-line errors, no secrets, both databases."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from agent_desk import __version__
from agent_desk.cli import build_parser, main
from agent_desk.paths import AppPaths
from agent_desk.settings import Settings, save_settings
from agent_desk.store.migrate import head_revision

HEAD = head_revision()


def run(*args: str) -> tuple[int, str, str]:
    """Run the real entry point in a subprocess, as a person would."""
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    result = subprocess.run(
        [sys.executable, "-m", "agent_desk", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    return result.returncode, result.stdout, result.stderr


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.strip() == f"agent-desk {__version__}"


def _all_commands(parser: argparse.ArgumentParser, prefix: list[str]) -> list[list[str]]:
    """Every command path of the real parser: new commands are covered without editing here."""
    found = [prefix]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _all_commands(sub, [*prefix, name])
    return found


ALL_COMMANDS = _all_commands(build_parser(), [])


def test_the_command_walk_sees_every_command() -> None:
    assert ["sources", "test"] in ALL_COMMANDS and ["credentials", "set"] in ALL_COMMANDS


@pytest.mark.parametrize("command", ALL_COMMANDS, ids=lambda c: " ".join(c) or "agent-desk")
def test_every_command_has_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: agent-desk" in capsys.readouterr().out


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", "generate", "--customers", "zero", "--out", "x"])
    assert exit_info.value.code == 2
    assert "not a whole number" in capsys.readouterr().err


def test_upgrade_then_doctor_on_sqlite(
    app_home: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "does not exist yet" in out and str(app_home.default_database) in out
    assert not app_home.default_database.exists()  # doctor changes nothing

    assert main(["db", "upgrade"]) == 0
    assert f"schema upgraded from empty to {HEAD}" in capsys.readouterr().out
    assert main(["db", "upgrade"]) == 0
    assert "already up to date" in capsys.readouterr().out

    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert f"{HEAD} (up to date)" in out and "keyring" in out and out.rstrip().endswith("OK")


@pytest.mark.postgres
def test_upgrade_then_doctor_on_postgresql(pg_schema_url: str) -> None:
    # trust auth ignores the password, so a password in the URL proves it is never printed
    url = make_url(pg_schema_url).set(password="Hunter2-Secret").render_as_string(False)
    code, out, err = run("--db-url", url, "doctor")
    assert code == 1 and "schema" in out and "none; run `agent-desk db upgrade`" in out
    code, out, err = run("--db-url", url, "db", "upgrade")
    assert code == 0, err
    assert f"schema upgraded from empty to {HEAD}" in out
    code, out, err = run("--db-url", url, "doctor")
    assert code == 0, out + err
    assert "postgresql+psycopg://postgres:***@127.0.0.1:5432/test" in out
    assert f"{HEAD} (up to date)" in out
    assert "Hunter2-Secret" not in out + err


def test_doctor_lists_configured_sources_with_their_last_sync(
    app_home: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    save_settings(
        app_home.settings_file,
        Settings(sources={"tickets": {"type": "zendesk", "url": "http://127.0.0.1:1"}}),
    )
    assert main(["db", "upgrade"]) == 0
    capsys.readouterr()
    main(["doctor"])
    assert "source tickets  zendesk; tickets: not synced yet" in capsys.readouterr().out


def test_unreachable_database_is_one_line_and_exit_1() -> None:
    code, out, err = run(
        "--db-url", "postgresql+psycopg://u:pw-9876@127.0.0.1:9/none", "db", "upgrade"
    )
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("agent-desk: error: cannot use database")
    assert "Traceback" not in err and "pw-9876" not in err


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root@127.0.0.1/test", "unsupported database 'mysql'"),
        ("not a url", "not a database URL"),
    ],
)
def test_bad_database_urls_are_explained(
    url: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db-url", url, "doctor"]) == 1
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_broken_settings_file_is_one_line(
    app_home: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    app_home.settings_file.parent.mkdir(parents=True)
    app_home.settings_file.write_text("[general\n", encoding="utf-8")
    assert main(["doctor"]) == 1
    err = capsys.readouterr().err
    assert "is not valid TOML" in err and str(app_home.settings_file) in err


def test_unexpected_errors_point_at_the_log(
    app_home: AppPaths, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def boom(*_args: object) -> int:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("agent_desk.services.doctor.run_doctor", boom)
    assert main(["doctor"]) == 1
    err = capsys.readouterr().err
    assert "unexpected error: division by zero" in err and str(app_home.log_file) in err
    assert "Traceback" in Path(app_home.log_file).read_text(encoding="utf-8")


def test_gui_without_a_display_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert main([]) == 1
    assert "no display to open a window on" in capsys.readouterr().err


@pytest.mark.postgres
def test_a_password_in_the_query_string_is_never_printed(pg_schema_url: str) -> None:
    url = pg_schema_url + "&password=Leak123"
    _code, out, err = run("--db-url", url, "doctor")
    assert "Leak123" not in out + err
    assert "password=REDACTED" in out


def test_doctor_changes_nothing(
    app_home: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["doctor"])
    assert not app_home.data_dir.exists()
    rollback = tmp_path / "old.sqlite3"
    import sqlite3

    with sqlite3.connect(rollback) as conn:
        conn.execute("CREATE TABLE t (x)")
    main(["--db-url", f"sqlite:///{rollback}", "doctor"])
    with sqlite3.connect(rollback) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_demo_generate_writes_the_sources_and_says_what(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "demo"
    assert (
        main(
            [
                "demo",
                "generate",
                "--customers",
                "300",
                "--seed",
                "3",
                "--out",
                str(out),
                "--as-of",
                "2026-11-20",
            ]
        )
        == 0
    )
    printed = capsys.readouterr().out
    assert f"300 customers written to {out}" in printed
    for name in ("erp/customers.csv", "shop/orders.jsonl", "tickets/tickets.jsonl", "truth.csv"):
        assert (out / name).is_file() and name in printed


def test_demo_generate_refuses_a_folder_that_is_not_demo_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "thesis.txt").write_text("do not overwrite me", encoding="utf-8")
    assert main(["demo", "generate", "--customers", "5", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("agent-desk: error:") and len(err.strip().splitlines()) == 1
    assert (tmp_path / "thesis.txt").read_text(encoding="utf-8") == "do not overwrite me"


def test_credentials_set_and_delete(
    monkeypatch: pytest.MonkeyPatch, memory_keyring: object, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    from agent_desk.credentials import get_secret

    monkeypatch.setattr(sys, "stdin", io.StringIO("zd-token-789\n"))
    assert main(["credentials", "set", "zendesk-prod"]) == 0
    out = capsys.readouterr().out
    assert "stored 'zendesk-prod'" in out and "zd-token-789" not in out
    assert get_secret("zendesk-prod") == "zd-token-789"
    assert main(["credentials", "delete", "zendesk-prod"]) == 0
    assert get_secret("zendesk-prod") is None


def test_credentials_without_a_keyring_say_what_to_do() -> None:
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    result = subprocess.run(
        [sys.executable, "-m", "agent_desk", "credentials", "set", "erp"],
        input="pw\n",
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 1
    assert "cannot store credentials: no usable keyring backend" in result.stderr
    assert "pw" not in result.stderr.replace("PYTHON_KEYRING_BACKEND", "")


def test_empty_secret_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("\n"))
    assert main(["credentials", "set", "erp"]) == 1
    assert "the secret is empty" in capsys.readouterr().err


def test_sources_list_and_test_on_the_demo_export(
    app_home: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sources", "list"]) == 0
    assert "no sources configured" in capsys.readouterr().out
    out = tmp_path / "demo"
    main(["demo", "generate", "--customers", "50", "--out", str(out), "--as-of", "2026-11-20"])
    capsys.readouterr()
    save_settings(
        app_home.settings_file,
        Settings(
            sources={
                "erp": {
                    "type": "erp-flatfile",
                    "path": str(out / "erp"),
                    "layout": "agent-desk-demo",
                    "encoding": "cp1252",
                },
                "crm": {"type": "salesforce"},
            },
            disabled_sources={"old": {"type": "erp-flatfile", "path": str(out / "erp")}},
        ),
    )
    assert main(["sources", "list"]) == 0
    listed = capsys.readouterr().out
    assert (
        "erp\terp-flatfile" in listed
        and "crm\tsalesforce  (connector type not installed)" in listed
        and "old\terp-flatfile  (switched off: enabled = false)" in listed
    )
    assert main(["sources", "test", "old"]) == 1
    assert "source 'old' is switched off" in capsys.readouterr().err
    assert main(["sources", "test", "erp"]) == 0
    tested = capsys.readouterr().out
    assert tested.startswith("erp: OK: read ") and "customers:" in tested
    assert main(["sources", "test", "crm"]) == 1
    assert "unknown connector type 'salesforce'" in capsys.readouterr().err
    assert main(["sources", "test", "nope"]) == 1
    assert "no source named 'nope' (configured: crm, erp)" in capsys.readouterr().err


def test_a_bare_agentdesk_url_is_a_screen_pop() -> None:
    from agent_desk.cli import _url_to_pop

    assert _url_to_pop(["agentdesk:pop?phone=1"]) == ["pop", "agentdesk:pop?phone=1"]
    assert _url_to_pop(["-v", "--db-url", "sqlite:///x", "AgentDesk://pop?email=a@b"]) == [
        "-v",
        "--db-url",
        "sqlite:///x",
        "pop",
        "AgentDesk://pop?email=a@b",
    ]
    assert _url_to_pop(["search", "agentdesk:pop"]) == ["search", "agentdesk:pop"]
    assert _url_to_pop([]) == []
