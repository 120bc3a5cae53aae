"""`prep mock`: a timed mock round driven from the terminal, and its history."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import click

from prep.cli.context import Context, console, iso, print_json
from prep.core.errors import PrepError

if TYPE_CHECKING:
    from prep.app import App
    from prep.core.mock import PlannedSection
    from prep.services.mock import Report, Round

DEFAULT_TEMPLATE = "phone-screen"


def ask(prompt: str) -> str:
    """One line from the user: a terminal prompt, or a line of stdin in scripts and tests."""
    try:
        return str(click.prompt(prompt, default="", show_default=False, prompt_suffix=" "))
    except click.exceptions.Abort:
        raise PrepError(
            "input ended before the round did; the sections so far are saved, "
            "but the round has no report (run it again)"
        ) from None


class TimeUp(Exception):
    """The section's time ran out before the user's answer came in."""


class MockRunner:
    """Runs one planned round: sections in order, each with a hard stop at its time."""

    def __init__(self, app: App, rnd: Round) -> None:
        self.app = app
        self.round = rnd
        self.out = console()
        self.round_deadline = rnd.started_at + timedelta(seconds=rnd.plan.seconds)

    def left(self, deadline: datetime) -> float:
        return (deadline - self.app.now()).total_seconds()

    def prompt(self, deadline: datetime | None, text: str) -> str:
        """Ask with the countdowns shown; an answer after `deadline` is refused (TimeUp)."""
        from prep.core.mock import clock

        parts = [] if deadline is None else [f"section {clock(self.left(deadline))}"]
        parts.append(f"round {clock(self.left(self.round_deadline))} left")
        line = ask(f"[{' · '.join(parts)}] {text}")
        if deadline is not None and self.app.now() > deadline:
            late = (self.app.now() - deadline).total_seconds()
            self.out.print(
                f"[red]Time is up: that answer came {clock(late)} late and was not accepted.[/red]"
            )
            raise TimeUp
        return line.strip().lower()

    def run(self) -> None:
        from prep.core.mock import clock
        from prep.services import mock as svc

        plan = self.round.plan
        self.out.rule(f"Mock round: {plan.title} · {clock(plan.seconds)}", align="left")
        for n, section in enumerate(plan.sections):
            label = f"Section {n + 1}/{len(plan.sections)}: {section.spec.title}"
            self.out.print(f"\n[bold]{label}[/bold] · {clock(section.seconds)}")
            started = svc.start_section(self.app, self.round.id, n)
            deadline = started + timedelta(seconds=section.seconds)
            if section.spec.kind != "break":
                deadline = min(deadline, self.round_deadline)
            items: list[dict[str, Any]] = []
            timed_out = False
            if section.spec.kind != "break" and self.left(deadline) <= 0:
                self.out.print("[red]The round's time is up: this section is not reached.[/red]")
                timed_out = True
            elif section.short_by:
                self.out.print(
                    f"[yellow]Your bank has only {len(section.items)} of the "
                    f"{section.spec.count} items this section asks for.[/yellow]"
                )
            if not timed_out:
                try:
                    getattr(self, f"run_{section.spec.kind}")(section, deadline, items)
                except TimeUp:
                    timed_out = True
            end = self.app.now() if section.spec.kind == "break" else min(self.app.now(), deadline)
            result: dict[str, Any] = {
                "planned_seconds": section.seconds,
                "used_seconds": max(0, round((end - started).total_seconds())),
                "timed_out": timed_out,
                "summary": summarize(section, items),
                "items": items,
            }
            svc.finish_section(self.app, self.round.id, n, result)
            self.out.print(f"[dim]{result['summary']} · {clock(result['used_seconds'])} used[/dim]")

    def run_coding(
        self, section: PlannedSection, deadline: datetime, items: list[dict[str, Any]]
    ) -> None:
        from prep.render.text import markdown
        from prep.services import mock as svc

        for slug in section.items:
            files, path, kept = svc.prepare_coding(self.app, slug)
            p = files.problem
            item: dict[str, Any] = {"problem_id": slug, "verdict": None, "checks": 0}
            items.append(item)
            self.out.rule(f"{p.title} · {p.difficulty}", style="dim")
            self.out.print(markdown(p.statement))
            if kept is not None:
                self.out.print(f"[dim]Your earlier draft is kept as {kept}.[/dim]")
            self.out.print(f"Edit {path}, then type `check`; `skip` moves on.")
            while True:
                line = self.prompt(deadline, "check/skip>")
                if line == "skip":
                    break
                if line != "check":
                    self.out.print("Type `check` to judge your file or `skip` to move on.")
                    continue
                j = svc.check_coding(self.app, files, path)
                item.update(verdict=j.verdict.value, passed=j.passed, total=j.total)
                item["checks"] += 1
                self.out.print(f"{j.verdict.value}  {j.passed}/{j.total} cases")
                if j.failed_case is not None and j.failed_visible and j.input:
                    self.out.print(f"  input {j.input} · expected {j.expected} · got {j.actual}")
                if j.verdict.value == "Accepted":
                    break

    def run_concepts(
        self, section: PlannedSection, deadline: datetime, items: list[dict[str, Any]]
    ) -> None:
        from prep.render.text import markdown
        from prep.services import review

        for n, key in enumerate(section.items, 1):
            shown = review.show(self.app, key)
            asked = self.app.now()
            self.out.print(f"\n[bold]Q{n}/{len(section.items)}[/bold] [dim]{key}[/dim]")
            self.out.print(markdown(shown.front))
            self.prompt(deadline, "enter to reveal>")
            self.out.print(markdown(shown.back))
            grade = self.grade(deadline)
            result = review.answer(
                self.app,
                key,
                grade,
                duration_ms=int((self.app.now() - asked).total_seconds() * 1000),
            )
            items.append(
                {"card_id": key, "grade": grade.name.lower(), "state": result.memory.state}
            )

    def run_behavioral(
        self, section: PlannedSection, deadline: datetime, items: list[dict[str, Any]]
    ) -> None:
        from prep.core.mock import clock
        from prep.render.text import markdown
        from prep.services import review
        from prep.services.stories import stories_for

        per_question = section.seconds // max(1, len(section.items))
        for n, key in enumerate(section.items, 1):
            shown = review.show(self.app, key)
            self.out.print(f"\n[bold]Q{n}/{len(section.items)}[/bold] [dim]{key}[/dim]")
            self.out.print(markdown(shown.front))
            stories = stories_for(self.app, shown.note.tags)
            for s in stories:
                self.out.print(
                    f"  story #{s.id} {s.title}  [dim]({', '.join(s.competencies)})[/dim]"
                )
            if not stories:
                self.out.print("[dim]No story in your bank for this yet (`prep story add`).[/dim]")
            self.out.print(f"Answer aloud: you have {clock(per_question)}. Enter when done.")
            asked = self.app.now()
            self.prompt(deadline, "done>")
            took = round((self.app.now() - asked).total_seconds())
            over = took > per_question
            note = f" (over by {clock(took - per_question)})" if over else ""
            self.out.print(f"You took {clock(took)} of {clock(per_question)}{note}.")
            self.out.print(markdown(shown.back))
            grade = self.grade(deadline)
            review.answer(self.app, key, grade, duration_ms=took * 1000)
            items.append(
                {"card_id": key, "seconds": took, "over_time": over, "grade": grade.name.lower()}
            )

    def run_break(
        self, section: PlannedSection, deadline: datetime, items: list[dict[str, Any]]
    ) -> None:
        self.prompt(None, "Break. Enter when you are back>")

    def grade(self, deadline: datetime) -> Any:
        from prep.core.schedule import GRADE_KEYS

        while True:
            key = self.prompt(deadline, "grade 1 again · 2 hard · 3 good · 4 easy>")
            if key in GRADE_KEYS:
                return GRADE_KEYS[key]
            self.out.print("Grade with 1-4.")


def summarize(section: PlannedSection, items: list[dict[str, Any]]) -> str:
    kind = section.spec.kind
    if kind == "break":
        return "break"
    if kind == "coding":
        accepted = sum(1 for i in items if i.get("verdict") == "Accepted")
        return f"{accepted}/{len(section.items)} accepted"
    good = sum(1 for i in items if i.get("grade") in ("good", "easy"))
    return f"{len(items)}/{len(section.items)} answered, {good} good or easy"


def ask_scores() -> dict[str, int]:
    from prep.core.mock import RUBRIC, RUBRIC_LABELS

    click.echo("\nRate yourself, 1 (poor) to 4 (strong):")
    scores = {}
    for key in RUBRIC:
        while True:
            text = ask(f"  {RUBRIC_LABELS[key]} (1-4)>").strip()
            if text in ("1", "2", "3", "4"):
                scores[key] = int(text)
                break
            click.echo("  Enter 1, 2, 3 or 4.")
    return scores


def print_report(report: Report) -> None:
    from rich.table import Table

    from prep.core.mock import RUBRIC, RUBRIC_LABELS, clock

    out = console()
    title = f"{report.title} — report" + (
        f" · for {report.application}" if report.application else ""
    )
    table = Table(title=title, box=None)
    for col in ("#", "section", "result", "time"):
        table.add_column(col)
    for s in report.sections:
        late = " (time up)" if s.get("timed_out") else ""
        used = f"{clock(s.get('used_seconds', 0))} / {clock(s.get('planned_seconds', 0))}"
        table.add_row(str(s["position"]), s["title"], str(s.get("summary", "")) + late, used)
    out.print(table)
    out.print(f"Time used {clock(report.used_seconds)} of {clock(report.planned_seconds)}.")
    for key in RUBRIC:
        if key in report.scores:
            out.print(f"  {RUBRIC_LABELS[key]:<26} {report.scores[key]}/4")
    if report.scores:
        out.print(f"  {'total':<26} {report.total}/16")


@click.command()
@click.argument("template", required=False)
@click.option("--for", "for_ref", metavar="APP", help="Link the round to this application.")
@click.option("--minutes", type=float, help="Squeeze or stretch the round to N minutes.")
@click.option("--json", "as_json", is_flag=True, help="With `history`: print a JSON array.")
@click.pass_obj
def mock(
    ctx: Context, template: str | None, for_ref: str | None, minutes: float | None, as_json: bool
) -> None:
    """A timed mock round (default phone-screen); `prep mock history` shows past rounds.

    Templates: phone-screen, ml-coding, ml-breadth, behavioral, onsite, and your own in
    PREP_HOME/rounds/*.toml (`prep mock list`). Coding: edit the file shown, then type
    `check`. Concepts: reveal, then grade 1-4 (saved as reviews). The clock stops answers
    that come in after a section's time.
    Example: prep mock phone-screen --for acme --minutes 30
    """
    from prep.services import mock as svc

    if template == "history":
        show_history(ctx.app, for_ref, as_json)
        return
    if template == "list":
        for name in svc.template_names(ctx.app):
            t = svc.load_template(ctx.app, name)
            click.echo(f"{name:<14} {t.minutes:>4g} min  {t.title}")
        return
    app = ctx.ready()
    rnd = svc.start_round(app, template or DEFAULT_TEMPLATE, for_ref, minutes)
    MockRunner(app, rnd).run()
    print_report(svc.finish_round(app, rnd.id, ask_scores()))


def show_history(app: App, for_ref: str | None, as_json: bool) -> None:
    from prep.core.mock import RUBRIC, clock
    from prep.services.mock import history

    reports, trend = history(app, for_ref)
    rows = []
    previous: int | None = None
    for r in reports:
        row: dict[str, Any] = {
            "round_id": r.round_id,
            "template": r.template,
            "application": r.application,
            "started_at": iso(r.started_at),
            "ended_at": iso(r.ended_at),
            "planned_seconds": r.planned_seconds,
            "used_seconds": r.used_seconds,
            **{k: r.scores.get(k) for k in RUBRIC},
            "total": r.total,
            "change": None if previous is None else r.total - previous,
        }
        previous = r.total
        rows.append(row)
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo("No mock rounds yet. Start one with `prep mock phone-screen`.")
        return
    from rich.table import Table

    table = Table(box=None)
    for col in ("date", "round", "for", "time", "PS", "TK", "CQ", "CM", "total", "Δ"):
        table.add_column(col)
    for r, row in zip(reports, rows, strict=True):
        change = row["change"]
        table.add_row(
            r.started_at.astimezone(app.timezone).strftime("%Y-%m-%d %H:%M"),
            r.template,
            r.application or "",
            clock(r.used_seconds),
            *(str(row[k] or "") for k in RUBRIC),
            f"{r.total}/16",
            "" if change is None else f"{change:+d}",
        )
    console().print(table)
    click.echo(
        f"Trend: {trend} (PS problem solving, TK technical, CQ code quality, CM communication)"
    )
