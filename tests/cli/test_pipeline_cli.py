"""`prep app …`, `prep board`, `prep offers`, `prep funnel`, `prep calendar`, `prep demo`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

APP_KEYS = {
    "id",
    "company",
    "role",
    "level",
    "location",
    "source",
    "url",
    "stage",
    "stage_since",
    "days_in_stage",
    "active",
    "next_action",
    "next_action_due",
    "next_event_at",
    "next_event_type",
    "created_at",
    "last_activity_at",
    "notes",
}


def state(run) -> str:  # type: ignore[no-untyped-def]
    """Everything stored about the pipeline, as the JSON the user would see."""
    listed = json.loads(run("app", "list", "--json").output)
    shown = [json.loads(run("app", "show", a["id"], "--json").output) for a in listed]
    for item in shown:
        item.pop("days_in_stage")
    return json.dumps(shown, sort_keys=True)


def test_add_list_show_json_shapes(run) -> None:  # type: ignore[no-untyped-def]
    out = run("app", "add", "Acme", "--role", "ML Engineer", "--source", "referral").output
    assert out == "Added acme: Acme — ML Engineer (applied).\n"
    assert run("app", "add", "Acme Corp", "--role", "MLE", "-q").output == "acme-2\n"
    listed = json.loads(run("app", "list", "--json").output)
    assert [a["id"] for a in listed] == ["acme", "acme-2"]
    assert set(listed[0]) == APP_KEYS
    assert listed[0]["stage"] == "applied" and listed[0]["stage_since"].endswith("Z")
    assert listed[0]["active"] is True and listed[0]["source"] == "referral"
    shown = json.loads(run("app", "show", "acme", "--json").output)
    assert set(shown) == APP_KEYS | {"history", "contacts", "events", "offer", "negotiation"}
    assert shown["history"] == [
        {"from_stage": None, "to_stage": "applied", "at": shown["stage_since"], "forced": False}
    ]
    assert shown["offer"] is None
    assert json.loads(run("app", "list", "--stage", "screen", "--json").output) == []
    assert "acme-2" in run("app", "list").output


def test_a_whole_process_from_the_command_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("app", "add", "Acme", "--role", "ML Engineer", "--at", "-10d")
    assert run("app", "move", "acme", "screen", "--at", "-3d").output == (
        "Moved acme: applied → screen.\n"
    )
    out = run("app", "event", "acme", "technical", "--at", "+2d 10:00", "--tags", "clt,knitting")
    assert re.fullmatch(
        r"Scheduled technical for acme: \w{3} 10:00 \(\S+\), 60 min\.\n", out.stdout
    )
    assert out.stderr == (
        "warning: focus tag 'knitting' matches no card tag, deck or problem category; "
        "check the spelling\n"
    )
    assert (
        "Next for acme: send availability, due "
        in run("app", "next", "acme", "send availability", "--due", "tomorrow").output
    )
    run("app", "contact", "acme", "Dana Lee", "--email", "dana@acme.com", "--role", "recruiter")
    run("app", "note", "acme", "team of 8, ranking")
    shown = json.loads(run("app", "show", "acme", "--json").output)
    assert shown["events"][0]["type"] == "technical"
    assert shown["events"][0]["tags"] == ["clt", "knitting"]
    assert set(shown["events"][0]) == {
        "uid",
        "type",
        "starts_at",
        "ends_at",
        "zone",
        "minutes",
        "tags",
        "notes",
    }
    assert shown["contacts"] == [
        {"name": "Dana Lee", "email": "dana@acme.com", "role": "recruiter"}
    ]
    assert shown["next_event_type"] == "technical"
    text = run("app", "show", "acme").output
    assert "Acme — ML Engineer  [acme]" in text and "applied → screen" in text
    out = run(
        "app",
        "offer",
        "acme",
        "--base",
        "200k",
        "--bonus",
        "10",
        "--signon",
        "50,000",
        "--equity",
        "400k",
        "--vest",
        "4y",
        "--vest-schedule",
        "5,15,40,40",
        "--cliff",
        "1y",
        "--deadline",
        "+7d",
    ).output
    assert out == (
        "Recorded an offer for acme: base 200,000 USD, bonus 10%, sign-on 50,000, equity "
        "400,000 over 4y (5/15/40/40, cliff 1y).\nMoved acme: screen → offer.\n"
    )
    out = run("app", "negotiate", "acme", "--component", "base", "--ask", "220k").output
    assert "base ask 220,000" in out and "Moved acme: offer → negotiation." in out
    offers = json.loads(run("offers", "--json").output)
    assert offers == [
        {
            "id": "acme",
            "company": "Acme",
            "role": "ML Engineer",
            "stage": "negotiation",
            "currency": "USD",
            "base": 200000,
            "bonus_pct": 10,
            "bonus": 20000,
            "signon": 50000,
            "equity": 400000,
            "vest_years": 4,
            "vest_schedule": "5,15,40,40",
            "cliff_months": 12,
            "equity_by_year": [20000, 60000, 160000, 160000],
            "first_year_total": 290000,
            "four_year_total": 1330000,
            "deadline": offers[0]["deadline"],
            "days_left": 7,
            "negotiation_entries": 1,
        }
    ]
    table = run("offers").output
    assert "290,000" in table and "1,330,000" in table and "(in 7d)" in table
    board = json.loads(run("board", "--json").output)
    assert [c["id"] for c in board] == ["acme"]
    assert set(board[0]) == {
        "id",
        "company",
        "role",
        "stage",
        "days_in_stage",
        "next_event_at",
        "next_event_type",
        "next_action",
        "next_action_due",
        "overdue_days",
        "idle_days",
    }
    funnel = json.loads(run("funnel", "--json").output)
    assert set(funnel[0]) == {
        "source",
        "stage",
        "reached",
        "advanced",
        "conversion",
        "median_days",
    }
    assert funnel[0] == {
        "source": None,
        "stage": "applied",
        "reached": 1,
        "advanced": 1,
        "conversion": 1.0,
        "median_days": 7.0,
    }
    ics = tmp_path / "interviews.ics"
    assert run("calendar", "--out", str(ics)).output == f"Wrote 1 upcoming event(s) to {ics}.\n"
    assert ics.read_text().startswith("BEGIN:VCALENDAR")


def test_forced_moves_are_marked(run) -> None:  # type: ignore[no-untyped-def]
    run("app", "add", "Acme", "--role", "MLE")
    run("app", "move", "acme", "onsite")
    assert run("app", "move", "acme", "screen", "--force").output == (
        "Moved acme: onsite → screen (forced).\n"
    )
    history = json.loads(run("app", "show", "acme", "--json").output)["history"]
    assert [h["forced"] for h in history] == [False, False, True]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("app", "move", "acne", "screen"), "Error: no application with id 'acne'; did you mean"),
        (("app", "show", "zzz"), "Error: no application with id 'zzz'; see `prep app list`"),
        (
            ("app", "move", "acme", "wishlist"),
            "Error: cannot move acme from 'screen' to 'wishlist': 'wishlist' is before 'screen'; "
            "allowed without --force: technical, takehome, onsite, offer, negotiation, accepted, "
            "rejected, withdrawn, ghosted (add --force to move anyway",
        ),
        (("app", "move", "acme", "limbo"), "Error: unknown stage 'limbo'; use one of wishlist"),
        (
            ("app", "move", "acme", "onsite", "--at", "someday"),
            "Error: --at 'someday' is not a date or time prep understands; write e.g. 2026-03-06",
        ),
        (
            ("app", "move", "acme", "onsite", "--at", "+2d"),
            "Error: --at '+2d' is in the future; record a move when it has happened",
        ),
        (
            ("app", "move", "acme", "onsite", "--at", "-30d"),
            "Error: acme: --at",  # before the last move
        ),
        (
            ("app", "offer", "acme", "--base", "lots"),
            "Error: --base 'lots' is not an amount; write e.g. 185000, 185k or 1.2m",
        ),
        (
            ("app", "offer", "acme", "--base", "100k", "--vest-schedule", "50,40"),
            "Error: --vest-schedule '50,40' adds up to 90%; it must add up to 100",
        ),
        (
            ("app", "offer", "acme", "--base", "100k", "--currency", "dollars"),
            "Error: --currency 'dollars' is not a currency code",
        ),
        (
            ("app", "negotiate", "acme", "--component", "base", "--ask", "1", "--final", "2"),
            "Error: give exactly one of --ask N, --counter N or --final N",
        ),
        (
            ("app", "negotiate", "acme", "--component", "base", "--ask", "1"),
            "Error: acme has no offer yet; record it first: prep app offer acme --base N",
        ),
        (
            ("app", "next", "acme", "call back", "--due", "whenever"),
            "Error: --due 'whenever' is not a date or time",
        ),
        (("app", "next", "acme"), "Error: give an ACTION"),
        (
            ("app", "event", "acme", "lunch", "--at", "fri 10am"),
            "Error: unknown event type 'lunch'",
        ),
        (
            ("app", "event", "acme", "onsite", "--at", "fri 10am", "--tz", "Mars/Olympus"),
            "Error: --tz 'Mars/Olympus' is not a known time zone",
        ),
        (
            ("app", "contact", "acme", "Dana", "--email", "dana"),
            "Error: --email 'dana' is not an email address",
        ),
        (("app", "add", "Acme", "--role", "MLE", "--id", "Bad Id!"), "Error: id 'Bad Id!'"),
        (("app", "export"), "Error: choose one format: --csv or --json"),
        (("board", "--width", "10"), "Error: --width 10 must be between 40 and 400"),
    ],
)
def test_bad_input_is_one_line_error_and_changes_nothing(run, args, message) -> None:  # type: ignore[no-untyped-def]
    run("app", "add", "Acme", "--role", "MLE", "--at", "-5d")
    run("app", "move", "acme", "screen", "--at", "-1d")
    before = state(run)
    result = run(*args, code=1)
    lines = [line for line in result.output.splitlines() if line]
    assert len(lines) == 1, result.output
    assert lines[0].startswith(message), lines[0]
    assert "Traceback" not in result.output
    assert state(run) == before


def test_board_renders_at_100_and_80_columns(run) -> None:  # type: ignore[no-untyped-def]
    stages = ["wishlist", "applied", "recruiter", "screen", "technical", "takehome"] * 2
    for i, stage in enumerate(stages):
        run("app", "add", f"Company {i}", "--role", "Senior ML Engineer", "--stage", stage)
    run("app", "next", "company-0", "write the cover letter", "--due", "-2d")
    for width in (100, 80):
        lines = run("board", "--width", str(width)).output.splitlines()
        assert all(len(line) <= width for line in lines)
        assert lines[0].endswith("12 active · 1 overdue")
        text = "\n".join(lines)
        assert all(f"company-{i}" in text for i in range(12))
        assert "! 2d late:" in text


def test_import_and_export(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sheet = tmp_path / "jobs.csv"
    sheet.write_text(
        "company,role,status,applied,source,salary\n"
        "Acme,MLE,Technical Screen,2026-01-10,linkedin,200k\n"
        "Globex,Data Scientist,Interested,,,\n"
    )
    out = run("app", "import", "--csv", str(sheet)).output
    assert out == "Imported 2 application(s): acme, globex.\nIgnored columns: salary.\n"
    exported = run("app", "export", "--csv").output.splitlines()
    assert exported[1].startswith("globex,Globex,Data Scientist,wishlist,,")
    assert exported[2].startswith("acme,Acme,MLE,technical,2026-01-10T12:00:00Z,")
    data = json.loads(run("app", "export", "--json").output)
    assert [d["id"] for d in data] == ["globex", "acme"] and set(data[0]) == APP_KEYS
    target = tmp_path / "out.csv"
    run("app", "export", "--csv", "--out", str(target))
    assert target.read_text().splitlines() == exported
    bad = tmp_path / "bad.csv"
    bad.write_text("name,role\nAcme,MLE\n")
    result = run("app", "import", "--csv", str(bad), code=1)
    assert result.output == (
        f"Error: {bad}: no 'company' column (columns: name, role); name the company column "
        "'company'\n"
    )
    ids = tmp_path / "ids.csv"
    ids.write_text("id,company,role\nBad Id,Initech,MLE\n")
    result = run("app", "import", "--csv", str(ids), code=1)
    assert result.output.startswith(f"Error: {ids}: nothing imported; 1 row(s) to fix: row 2: id ")
    assert len(json.loads(run("app", "list", "--json").output)) == 2
    missing = run("app", "import", "--csv", str(tmp_path / "nope.csv"), code=1).output
    assert missing.startswith("Error: ") and "no such file" in missing


def test_demo_never_touches_the_users_data(
    run, tmp_path: Path, isolated_env: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    real_db = tmp_path / "real.db"
    monkeypatch.setenv("PREP_DATABASE_URL", f"sqlite:///{real_db}")
    out = run("--db", f"sqlite:///{real_db}", "demo", "--home", str(tmp_path / "demo")).output
    monkeypatch.delenv("PREP_DATABASE_URL")
    assert out.startswith(f"Demo collection in {tmp_path / 'demo'}\n15 applications, 7 events")
    assert f"prep --home {tmp_path / 'demo'} board" in out
    assert not real_db.exists()
    assert list(isolated_env.iterdir()) == []
    board = run("--home", str(tmp_path / "demo"), "board", "--width", "100").output
    assert "12 active" in board
    again = run("demo", "--home", str(tmp_path / "demo"), code=1).output
    assert "is not empty; prep demo only writes into a new or empty directory" in again


def test_demo_without_home_makes_a_new_directory(run, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    out = run("demo").output
    home = Path(out.splitlines()[0].removeprefix("Demo collection in "))
    assert home.parent == tmp_path and home.name.startswith("prep-demo-")
    assert (home / "prep.db").exists()
