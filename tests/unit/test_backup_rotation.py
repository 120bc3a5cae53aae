"""Which backups rotation keeps: the newest of each of 7 days and of each of 4 ISO weeks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from prep.core.backups import (
    backed_up_on,
    backup_name,
    backups_to_keep,
    names_to_delete,
    newest,
    parse_backup_name,
)

START = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)  # a Monday


def daily(days: int, hour: int = 3) -> list[datetime]:
    return [START.replace(hour=hour) + timedelta(days=d) for d in range(days)]


def test_keeps_last_seven_days_and_four_weeks() -> None:
    times = daily(60)  # one backup a day for 60 days: 2 Mar .. 30 Apr
    keep = backups_to_keep(times)
    newest_seven = set(times[-7:])
    assert newest_seven <= keep
    # The 4 most recent ISO weeks: each week's newest (its Sunday, or the last day of data).
    weekly = keep - newest_seven
    assert sorted(weekly) == [
        datetime(2026, 4, 12, 3, 0, tzinfo=UTC),
        datetime(2026, 4, 19, 3, 0, tzinfo=UTC),
    ]
    assert len(keep) == 9


def test_several_backups_a_day_keep_the_newest() -> None:
    times = [START + timedelta(hours=h) for h in (0, 2, 5)]
    assert backups_to_keep(times) == {START + timedelta(hours=5)}


def test_gaps_keep_seven_days_that_have_backups() -> None:
    times = [START + timedelta(days=3 * i) for i in range(10)]  # every third day
    keep = backups_to_keep(times, daily=7, weekly=0)
    assert keep == set(times[-7:])


def test_custom_counts_and_empty_input() -> None:
    assert backups_to_keep([]) == set()
    assert backups_to_keep(daily(10), daily=1, weekly=1) == {daily(10)[-1]}


def test_names_round_trip_and_tagged_backups_are_never_rotated() -> None:
    plain = [backup_name(t, "db") for t in daily(20)]
    tagged = backup_name(START, "db", "rev0003")
    assert tagged == "prep-20260302T030000Z-rev0003.db"
    parsed = parse_backup_name(tagged)
    assert parsed is not None and parsed.taken_at == START and parsed.suffix == "rev0003"
    assert parse_backup_name("notes.txt") is None
    assert parse_backup_name("prep-20261399T000000Z.db") is None
    dropped = names_to_delete([*plain, tagged, "README"])
    assert tagged not in dropped and "README" not in dropped
    # 2-21 Mar: the last 7 days (15-21) hold the newest of two ISO weeks; Sunday 8 Mar is
    # the newest of the third week.
    assert len(dropped) == 20 - 8
    assert backup_name(datetime(2026, 3, 8, 3, 0, tzinfo=UTC), "db") not in dropped
    assert plain[0] in dropped and plain[-1] not in dropped


def test_newest_and_backed_up_today_follow_the_study_day() -> None:
    names = [backup_name(START, "db"), backup_name(START - timedelta(days=1), "json")]
    latest = newest(names)
    assert latest is not None and latest.taken_at == START
    paris = timezone(timedelta(hours=1))
    # 03:00 UTC is 04:00 in UTC+1: the day rolls over at 04:00, so it is the new study day.
    assert backed_up_on(names, START + timedelta(hours=6), paris, 4)
    assert not backed_up_on(names, START + timedelta(days=1), paris, 4)
    assert not backed_up_on([], START, UTC, 4)
    # Copies kept before a restore or a migration, or set aside as damaged, are not the day's
    # backup: the state they hold is not today's, or not sound.
    taken, later = START + timedelta(hours=2), START + timedelta(hours=3)  # one study day
    tagged = [backup_name(taken, "db", tag) for tag in ("before-restore", "rev0007", "damaged")]
    assert not backed_up_on(tagged, later, UTC, 4)
    assert backed_up_on([*tagged, backup_name(taken, "db")], later, UTC, 4)
    # At 02:00 UTC on 2 Mar the study day is still 1 Mar (rollover 04:00 UTC).
    early = [backup_name(START - timedelta(hours=2), "db")]
    assert backed_up_on(early, START - timedelta(hours=1, minutes=30), UTC, 4)
    assert not backed_up_on(early, START + timedelta(hours=1), UTC, 4)
