"""Problem commands: problems, solve, check, run, hint, giveup, solution."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

import click

from prep.cli.context import Context, console, interactive, iso, print_json


@click.command()
@click.option("--category", "-c", help="Only this category, e.g. two-pointers or ml.")
@click.option("--due", "due_only", is_flag=True, help="Only problems due today.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_obj
def problems(ctx: Context, category: str | None, due_only: bool, as_json: bool) -> None:
    """List coding problems with their state and due date.

    Example: prep problems --category ml
    """
    from prep.services.problems import list_problems

    items = list_problems(ctx.app, category, due_only)
    if as_json:
        print_json([
            {"id": i.slug, "title": i.title, "category": i.category, "difficulty": i.difficulty,
             "minutes": i.minutes, "state": i.state, "due": iso(i.due), "attempts": i.attempts,
             "solved": i.solved}
            for i in items
        ])  # fmt: skip
        return
    if not items:
        click.echo("No problems match.")
        return
    from rich.table import Table

    table = Table(box=None)
    for col in ("id", "category", "level", "min", "state", "due", "tries"):
        table.add_column(col, no_wrap=col == "id")
    for i in items:
        due = i.due.astimezone(ctx.app.timezone).strftime("%Y-%m-%d") if i.due else "—"
        mark = " ✓" if i.solved else ""
        table.add_row(
            i.slug, i.category, i.difficulty, str(i.minutes), i.state + mark, due, str(i.attempts)
        )
    console().print(table)


@click.command()
@click.argument("problem_id", required=False)
@click.option("--no-editor", is_flag=True, help="Do not open $EDITOR; print the statement.")
@click.option(
    "--for",
    "for_ref",
    metavar="APP",
    help="Cram for APP's next interview: the matching problem with the lowest recall then.",
)
@click.pass_obj
def solve(ctx: Context, problem_id: str | None, no_editor: bool, for_ref: str | None) -> None:
    """Open an attempt (the due problem, or ID): starter in your workspace, clock running.

    Example: prep solve pair-sum-sorted   ·   prep solve --for acme
    """
    from prep.render.text import markdown
    from prep.services.problems import open_attempt

    if for_ref is not None:
        from prep.core.errors import PrepError
        from prep.services.cram import cram_problem

        if problem_id is not None:
            raise PrepError("give either a problem id or --for, not both")
        problem_id = cram_problem(ctx.app, for_ref)

    opened = open_attempt(ctx.app, problem_id)
    p = opened.files.problem
    verb = "Resumed" if opened.resumed else "Started"
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if editor and interactive() and not no_editor:
        click.echo(f"{verb} {p.id} ({p.minutes} min budget). Opening {opened.path} …")
        subprocess.run([*shlex.split(editor), str(opened.path)], check=False)
        click.echo(f"Check it with `prep check {p.id}`.")
        return
    out = console()
    out.rule(f"{p.title} · {p.category} · {p.difficulty} · {p.minutes} min")
    out.print(markdown(p.statement))
    out.rule(style="dim")
    out.print(f"{verb} attempt. Edit {opened.path}, then run `prep check {p.id}`.")
    out.print(
        f"Hints: `prep hint {p.id}` ({len(p.hints)} available). Give up: `prep giveup {p.id}`."
    )


@click.command()
@click.argument("problem_id", required=False)
@click.option(
    "--file",
    "file",
    type=click.Path(path_type=Path),
    help="Judge this file instead of the workspace copy.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def check(ctx: Context, problem_id: str | None, file: Path | None, as_json: bool) -> None:
    """Judge your solution in the sandbox: visible cases, then hidden ones.

    Example: prep check pair-sum-sorted
    """
    from prep.services.checking import check as run_check

    result = run_check(ctx.app, problem_id, file)
    j = result.judgement
    if as_json:
        print_json(
            {
                "problem_id": result.slug,
                "verdict": j.verdict.value,
                "passed": j.passed,
                "total": j.total,
                "cpu_ms": j.cpu_ms,
                "wall_ms": j.wall_ms,
                "failed_case": j.failed_case,
                "failed_visible": j.failed_visible,
                "input": j.input or None,
                "expected": j.expected or None,
                "actual": j.actual or None,
                "message": j.message or None,
                "elapsed_s": round(result.elapsed_s) if result.elapsed_s is not None else None,
                "budget_minutes": result.budget_minutes,
                "grade": result.graded.name.lower() if result.graded else None,
            }
        )
        return
    out = console()
    style = "green" if j.verdict.value == "Accepted" else "red"
    out.print(f"[bold {style}]{j.verdict.value}[/]  {j.passed}/{j.total} cases · CPU {j.cpu_ms} ms")
    if j.failed_case is not None:
        where = "visible" if j.failed_visible else "hidden"
        out.print(f"Failed on {where} case {j.failed_case}.")
        if j.failed_visible and j.input:
            out.print(f"  input:    {j.input}")
            if j.expected or j.actual:
                out.print(f"  expected: {j.expected}")
                out.print(f"  actual:   {j.actual}")
    if j.message:
        out.print(j.message, markup=False, highlight=False)
    if j.stdout.strip() and j.verdict.value != "Accepted":
        out.print("[dim]your output:[/dim]")
        out.print(j.stdout.strip()[-1000:], markup=False, highlight=False)
    if result.elapsed_s is not None:
        minutes = result.elapsed_s / 60
        out.print(f"Time {minutes:.0f} of {result.budget_minutes} min budget.")
    if result.graded is not None:
        out.print(
            f"Attempt closed: graded {result.graded.name.lower()}; it will come back on schedule."
        )


@click.command()
@click.argument("problem_id")
@click.option(
    "--args",
    "args_json",
    required=True,
    help="JSON list of positional arguments (class problems: the calls).",
)
@click.option(
    "--file",
    "file",
    type=click.Path(path_type=Path),
    help="Run this file instead of the workspace copy.",
)
@click.pass_obj
def run(ctx: Context, problem_id: str, args_json: str, file: Path | None) -> None:
    """Run your solution on your own input and show what it returns (no verdict).

    Example: prep run pair-sum-sorted --args '[[1, 2, 4], 6]'
    """
    from prep.services.problems import run_custom

    result = run_custom(ctx.app, problem_id, args_json, file)
    if result.get("stdout"):
        click.echo(result["stdout"].rstrip())
    if "error" in result:
        click.echo(str(result["error"]).rstrip())
    else:
        click.echo(f"→ {result['value']!r}")


@click.command()
@click.argument("problem_id", required=False)
@click.pass_obj
def hint(ctx: Context, problem_id: str | None) -> None:
    """Show the next hint for your attempt (it is recorded and affects the grade).

    Example: prep hint pair-sum-sorted
    """
    from prep.services.problems import next_hint

    slug, number, total, text = next_hint(ctx.app, problem_id)
    click.echo(f"Hint {number}/{total} for {slug}: {text}")


@click.command()
@click.argument("problem_id", required=False)
@click.pass_obj
def giveup(ctx: Context, problem_id: str | None) -> None:
    """Close your attempt as a give-up; the problem comes back soon.

    Example: prep giveup pair-sum-sorted
    """
    from prep.services.problems import give_up

    slug, memory = give_up(ctx.app, problem_id)
    if memory is None:
        click.echo(f"No open attempt on {slug}.")
    else:
        click.echo(
            f"Gave up on {slug}; it is due again {iso(memory.due)}. See `prep solution {slug}`."
        )


@click.command()
@click.argument("problem_id")
@click.pass_obj
def solution(ctx: Context, problem_id: str) -> None:
    """Show the reference solution (closes an open attempt as a give-up).

    Example: prep solution pair-sum-sorted
    """
    from rich.syntax import Syntax

    from prep.services.problems import reference_solution

    code, memory = reference_solution(ctx.app, problem_id)
    console().print(Syntax(code, "python", theme="monokai", line_numbers=False))
    if memory is not None:
        click.echo(
            f"Your open attempt was closed as a give-up; "
            f"{problem_id} is due again {iso(memory.due)}."
        )
