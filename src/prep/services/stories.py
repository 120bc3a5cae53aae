"""The story bank: the user's STAR stories, matched to behavioral cards by competency."""

from __future__ import annotations

from sqlalchemy import or_, select

from prep.app import App
from prep.core.errors import NotFoundError
from prep.core.notes import COMPETENCIES
from prep.core.stories import Story
from prep.store.models import StoryRow
from prep.store.repo import pack_tags, to_db


def _story(row: StoryRow) -> Story:
    return Story(
        row.title,
        row.situation,
        row.task,
        row.action,
        row.result,
        tuple(row.competencies.split()),
        row.id,
    )


def add_story(app: App, story: Story) -> Story:
    now = to_db(app.now())
    with app.uow(write=True) as uow:
        row = StoryRow(
            title=story.title,
            situation=story.situation,
            task=story.task,
            action=story.action,
            result=story.result,
            competencies=pack_tags(story.competencies),
            created_at=now,
            updated_at=now,
        )
        uow.session.add(row)
        uow.session.flush()
        uow.commit()
        return _story(row)


def update_story(app: App, story: Story) -> Story:
    with app.uow(write=True) as uow:
        row = uow.session.get(StoryRow, story.id)
        if row is None:
            raise NotFoundError(f"no story #{story.id}; see `prep story list`")
        row.title, row.situation, row.task = story.title, story.situation, story.task
        row.action, row.result = story.action, story.result
        row.competencies, row.updated_at = pack_tags(story.competencies), to_db(app.now())  # type: ignore[assignment]
        uow.commit()
        return _story(row)


def get_story(app: App, story_id: int) -> Story:
    with app.uow() as uow:
        row = uow.session.get(StoryRow, story_id)
        if row is None:
            raise NotFoundError(f"no story #{story_id}; see `prep story list`")
        return _story(row)


def list_stories(app: App, competency: str | None = None) -> list[Story]:
    stmt = select(StoryRow).order_by(StoryRow.id)
    if competency:
        stmt = stmt.where(StoryRow.competencies.like(f"% {competency} %"))
    with app.uow() as uow:
        return [_story(r) for r in uow.session.scalars(stmt)]


def stories_for(app: App, tags: tuple[str, ...]) -> list[Story]:
    """Stories sharing a competency with a behavioral card's tags."""
    wanted = [t for t in tags if t in COMPETENCIES]
    if not wanted:
        return []
    stmt = (
        select(StoryRow)
        .where(or_(*(StoryRow.competencies.like(f"% {c} %") for c in wanted)))
        .order_by(StoryRow.id)
    )
    with app.uow() as uow:
        return [_story(r) for r in uow.session.scalars(stmt)]
