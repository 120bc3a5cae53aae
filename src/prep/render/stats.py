"""`prep stats` as text: plotext charts built to strings, rich tables, and the JSON rows.

Charts are built with `plotext.build()` so they are plain strings a test can read; without
colour (NO_COLOR, or not a terminal) they use plotext's `clear` theme and lose every escape.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import plotext as plt  # type: ignore[import-untyped]
from rich.table import Table

from prep.core.judge import Verdict
from prep.core.stats import ForecastDay, MockPoint, Stats, StudyDay

Json = dict[str, Any]
CHART_HEIGHT = 12
MAX_WIDTH = 120


def _start(width: int, color: bool, title: str) -> None:
    plt.clear_figure()
    plt.plotsize(max(30, min(width, MAX_WIDTH)), CHART_HEIGHT)
    plt.theme("pro" if color else "clear")
    plt.title(title)


def _build(color: bool) -> str:
    text = str(plt.build())
    plt.clear_figure()
    text = text if color else str(plt.uncolorize(text))
    return "\n".join(line.rstrip() for line in text.splitlines())


def heatmap_chart(days: Sequence[tuple[date, int]], width: int, color: bool) -> str:
    """Reviews over the last year: a weekday × week heatmap in colour, weekly bars without."""
    total = sum(n for _, n in days)
    title = f"Reviews, last {len(days)} days ({total} in all)"
    _start(width, color, title)
    weeks = [days[i : i + 7] for i in range(0, len(days), 7)]
    if color:
        rows = [[week[d][1] if d < len(week) else 0 for week in weeks] for d in range(7)]
        plt.matrix_plot(rows)
    else:
        plt.bar(list(range(-len(weeks) + 1, 1)), [sum(n for _, n in w) for w in weeks])
        plt.xlabel("weeks ago (0 = this week)")
    return _build(color)


def forecast_chart(days: Sequence[ForecastDay], width: int, color: bool) -> str:
    _start(width, color, f"Due in the next {len(days)} days: cards and problems")
    xs = list(range(len(days)))
    plt.stacked_bar(
        xs, [[d.cards for d in days], [d.problems for d in days]], labels=["cards", "problems"]
    )
    plt.xlabel("days from today (0 = today, overdue included)")
    return _build(color)


def study_chart(days: Sequence[StudyDay], width: int, color: bool) -> str:
    goal = days[0].goal_minutes if days else 0
    _start(width, color, f"Minutes studied per day (goal {goal})")
    xs = list(range(-len(days) + 1, 1))
    plt.bar(xs, [d.minutes for d in days], label="minutes")
    plt.hline(goal)
    plt.xlabel("days ago (0 = today)")
    return _build(color)


def mock_chart(points: Sequence[MockPoint], width: int, color: bool) -> str:
    _start(width, color, "Mock-round rubric totals (4-16)")
    plt.plot([p.number for p in points], [p.total for p in points], marker="dot")
    plt.ylim(4, 16)
    plt.xlabel("round")
    return _build(color)


def charts(stats: Stats, width: int, color: bool) -> list[str]:
    out = [heatmap_chart(stats.heatmap, width, color), forecast_chart(stats.forecast, width, color)]
    if stats.study:
        out.append(study_chart(stats.study, width, color))
    if stats.mocks:
        out.append(mock_chart(stats.mocks, width, color))
    return out


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1%}"


def tables(stats: Stats) -> list[Table]:
    """Retention, card states, per-deck retention, problems per category, the funnel."""
    retention = Table(title="True retention (pass = not Again)")
    for col in ("period", "young", "mature", "total"):
        retention.add_column(col, justify="left" if col == "period" else "right")
    for r in stats.retention:
        retention.add_row(
            r.period,
            *(f"{_pct(p.rate)} ({p.passed}/{p.total})" for p in (r.young, r.mature, r.total)),
        )
    states = Table(title="Cards by state")
    states.add_column("state")
    states.add_column("cards", justify="right")
    for name, count in stats.states:
        states.add_row(name, str(count))
    states.add_row("avg recall now", _pct(stats.retrievability))
    out = [retention, states]
    if stats.decks:
        decks = Table(title="Retention by deck, last 30 days")
        decks.add_column("deck", overflow="fold")
        decks.add_column("retention", justify="right")
        for d in stats.decks:
            decks.add_row(d.deck, f"{_pct(d.rate.rate)} ({d.rate.passed}/{d.rate.total})")
        out.append(decks)
    if stats.problems:
        problems = Table(title="Problems by category")
        for col in ("category", "solved", "median min / budget", "verdicts"):
            problems.add_column(col, justify="left" if col in ("category", "verdicts") else "right")
        for c in stats.problems:
            median = (
                "—" if c.median_minutes is None else f"{c.median_minutes:g} / {c.median_budget:g}"
            )
            mix = ", ".join(f"{v} {n}" for v, n in c.verdicts.items()) or "—"
            problems.add_row(c.category, f"{c.solved}/{c.problems}", median, mix)
        out.append(problems)
    if any(row.reached for row in stats.funnel):
        funnel = Table(title="Pipeline funnel")
        for col in ("stage", "reached", "advanced", "conversion", "median days"):
            funnel.add_column(col, justify="left" if col == "stage" else "right")
        for f in stats.funnel:
            funnel.add_row(
                str(f.stage),
                str(f.reached),
                "—" if f.advanced is None else str(f.advanced),
                _pct(f.conversion),
                "—" if f.median_days is None else f"{f.median_days:g}",
            )
        out.append(funnel)
    return out


def _iso(dt: datetime) -> str:
    return dt.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _rate(rate: float | None) -> float | None:
    return None if rate is None else round(rate, 4)


def verdict_key(verdict: str) -> str:
    return "verdict_" + verdict.lower().replace(" ", "_")


def stats_json(stats: Stats) -> list[Json]:
    """One flat object per figure row, told apart by `kind` (shapes in docs/json.md)."""
    rows: list[Json] = []
    for r in stats.retention:
        rows.append({"kind": "retention", "period": r.period,
                     "young_passed": r.young.passed, "young_reviews": r.young.total,
                     "young_rate": _rate(r.young.rate),
                     "mature_passed": r.mature.passed, "mature_reviews": r.mature.total,
                     "mature_rate": _rate(r.mature.rate), "rate": _rate(r.total.rate)})  # fmt: skip
    rows += [{"kind": "state", "state": name, "cards": n} for name, n in stats.states]
    rows.append({"kind": "retrievability", "average": _rate(stats.retrievability),
                 "cards": stats.reviewed_cards})  # fmt: skip
    rows += [{"kind": "deck", "deck": d.deck, "passed": d.rate.passed, "reviews": d.rate.total,
              "rate": _rate(d.rate.rate)} for d in stats.decks]  # fmt: skip
    for c in stats.problems:
        row: Json = {"kind": "problem_category", "category": c.category, "problems": c.problems,
                     "solved": c.solved, "attempts": c.attempts,
                     "median_minutes": c.median_minutes,
                     "median_budget_minutes": c.median_budget}  # fmt: skip
        row.update({verdict_key(v): c.verdicts.get(v, 0) for v in Verdict})
        rows.append(row)
    rows += [{"kind": "funnel", "stage": str(f.stage), "reached": f.reached,
              "advanced": f.advanced, "conversion": _rate(f.conversion),
              "median_days": f.median_days} for f in stats.funnel]  # fmt: skip
    rows += [{"kind": "forecast", "day": f.day.isoformat(), "cards": f.cards,
              "problems": f.problems} for f in stats.forecast]  # fmt: skip
    rows += [{"kind": "study", "day": d.day.isoformat(), "minutes": d.minutes,
              "goal_minutes": d.goal_minutes, "met": d.met} for d in stats.study]  # fmt: skip
    rows += [{"kind": "mock", "round": p.number, "started_at": _iso(p.started_at),
              "template": p.template, "total": p.total, "change": p.change}
             for p in stats.mocks]  # fmt: skip
    rows += [{"kind": "heatmap", "day": d.isoformat(), "reviews": n} for d, n in stats.heatmap]
    return rows
