"""Story bank commands: prep story add|list|show|edit."""

from __future__ import annotations

import click

from prep.cli.context import Context, print_json
from prep.core.errors import PrepError
from prep.core.stories import Story, check_competencies, story_from_text, story_to_text


def _as_dict(s: Story) -> dict[str, object]:
    return {
        "id": s.id,
        "title": s.title,
        "situation": s.situation,
        "task": s.task,
        "action": s.action,
        "result": s.result,
        "competencies": list(s.competencies),
    }


def _edit(story: Story) -> Story:
    text = click.edit(story_to_text(story), extension=".md", require_save=True)
    if text is None:
        raise PrepError("the editor closed without saving; nothing was changed")
    return story_from_text(text, story.id)


@click.group()
def story() -> None:
    """Your STAR stories, shown when a behavioral card asks for one of their competencies."""


@story.command("add")
@click.option("--title", required=True, help="A short name for the story.")
@click.option("--situation", default="")
@click.option("--task", default="")
@click.option("--action", default="")
@click.option("--result", default="")
@click.option("--competencies", "-c", default="", help="Comma-separated, e.g. conflict,leadership.")
@click.option("--edit/--no-edit", "use_editor", default=False, help="Fill it in with $EDITOR.")
@click.pass_obj
def story_add(
    ctx: Context,
    title: str,
    situation: str,
    task: str,
    action: str,
    result: str,
    competencies: str,
    use_editor: bool,
) -> None:
    """Add a story.

    Example: prep story add --title "Migrated the feature store" -c ownership,impact --result "..."
    """
    from prep.services.stories import add_story

    s = Story(title, situation, task, action, result, check_competencies(competencies.split(",")))
    if use_editor:
        s = _edit(s)
    saved = add_story(ctx.app, s)
    click.echo(f"Saved story #{saved.id}: {saved.title}")


@story.command("list")
@click.option("--competency", "-c", help="Only stories with this competency.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_obj
def story_list(ctx: Context, competency: str | None, as_json: bool) -> None:
    """List stories.

    Example: prep story list -c conflict
    """
    from prep.services.stories import list_stories

    if competency:
        check_competencies([competency])
    stories = list_stories(ctx.app, competency)
    if as_json:
        print_json([{**_as_dict(s), "competencies": ",".join(s.competencies)} for s in stories])
        return
    if not stories:
        click.echo("No stories yet: `prep story add --title ...`.")
    for s in stories:
        click.echo(f"#{s.id:<3} {s.title}  ({', '.join(s.competencies) or 'no competencies'})")


@story.command("show")
@click.argument("story_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_obj
def story_show(ctx: Context, story_id: int, as_json: bool) -> None:
    """Show one story.

    Example: prep story show 3
    """
    from prep.services.stories import get_story

    s = get_story(ctx.app, story_id)
    if as_json:
        print_json(_as_dict(s))
        return
    click.echo(story_to_text(s))


@story.command("edit")
@click.argument("story_id", type=int)
@click.pass_obj
def story_edit(ctx: Context, story_id: int) -> None:
    """Edit a story in $EDITOR.

    Example: EDITOR=nano prep story edit 3
    """
    from prep.services.stories import get_story, update_story

    updated = update_story(ctx.app, _edit(get_story(ctx.app, story_id)))
    click.echo(f"Saved story #{updated.id}: {updated.title}")
