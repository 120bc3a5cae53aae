"""Real Anki collections and packages for the import tests, made with the `anki` package.

One collection holds every case the importer must handle: Basic, Basic (and reversed card),
Cloze, a custom note type with three templates, nested decks, tags (one not a valid prep tag),
an image, a review history spread over weeks (written straight into the revlog with fixed
times, plus one real answer through Anki's scheduler), a manual "set due date" entry, a reset
to new, and suspended, buried and flagged cards.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

BASE = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))


def ms(at: datetime) -> int:
    return int(at.timestamp() * 1000)


@dataclass
class Built:
    """A collection and what the tests expect of its import."""

    path: Path
    guids: dict[str, str] = field(default_factory=dict)  # role -> Anki guid
    card_ids: dict[str, int] = field(default_factory=dict)  # role -> Anki card id
    # role -> (ratings 1-4 in order), the reviews prep must import for that card
    reviews: dict[str, list[int]] = field(default_factory=dict)


def anki_collection(folder: Path) -> Any:
    pytest.importorskip("anki")
    from anki.collection import Collection

    folder.mkdir(parents=True, exist_ok=True)
    return Collection(str(folder / "collection.anki2"))


def build(folder: Path) -> Built:
    """Make the collection described in the module docstring; return it open-able by path."""
    col = anki_collection(folder)
    built = Built(folder / "collection.anki2")
    try:
        _fill(col, built, folder)
    finally:
        col.close()
    return built


def _fill(col: Any, built: Built, folder: Path) -> None:
    models = col.models
    nested = col.decks.id("Languages::Spanish::Verbs")
    top = col.decks.id("Science")

    def add(model_name: str, deck: int, tags: list[str], **fields: str) -> Any:
        note = col.new_note(models.by_name(model_name))
        for name, value in fields.items():
            note[name.replace("_", " ")] = value
        note.tags = tags
        col.add_note(note, deck)
        return note

    basic = add(
        "Basic", nested, ["verbs", "día"], Front="<b>hablar</b>", Back="to speak<br>to talk"
    )
    reverse = add("Basic (and reversed card)", nested, [], Front="comer", Back="to eat")
    cloze = add(
        "Cloze",
        top,
        ["physics"],
        Text="Light travels at {{c1::299,792 km/s::speed}} in {{c2::a vacuum}}.",
        Back_Extra="About 3 × 10<sup>8</sup> m/s.",
    )
    image_path = folder / "diagram.png"
    image_path.write_bytes(PNG)
    image_name = col.media.add_file(str(image_path))
    image = add("Basic", top, [], Front=f'Name this: <img src="{image_name}">', Back="A diagram")
    suspended = add("Basic", top, ["leech"], Front="Suspended front", Back="Suspended back")
    buried = add("Basic", top, [], Front="Buried front", Back="Buried back")

    custom = models.new("Vocab (3 cards)")
    for name in ("Word", "Meaning", "Example"):
        models.add_field(custom, models.new_field(name))
    for name, question in (("Recognise", "{{Word}}"), ("Recall", "{{Meaning}}"),
                           ("Use", "{{Example}}")):  # fmt: skip
        template = models.new_template(name)
        template["qfmt"] = question
        template["afmt"] = "{{FrontSide}}<hr id=answer>{{Word}} = {{Meaning}}"
        models.add_template(custom, template)
    models.add(custom)
    vocab = add("Vocab (3 cards)", nested, ["vocab"], Word="gato", Meaning="cat",
                Example="El gato duerme.")  # fmt: skip

    for role, note in (("basic", basic), ("reverse", reverse), ("cloze", cloze),
                       ("image", image), ("suspended", suspended), ("buried", buried),
                       ("vocab", vocab)):  # fmt: skip
        built.guids[role] = note.guid
        for card in note.cards():
            built.card_ids[f"{role}:{card.ord}"] = card.id

    # History written straight into the revlog: (card, days after BASE, ease, type).
    history = {
        "basic:0": [(0, 3, 0), (1, 3, 1), (4, 3, 1), (12, 1, 1), (12.01, 3, 2), (15, 4, 1)],
        "reverse:0": [(0, 2, 0), (0.01, 3, 0), (3, 3, 1)],
        "reverse:1": [(1, 4, 0)],
        "cloze:0": [(2, 3, 0), (5, 3, 1)],
        "vocab:0": [(6, 3, 0)],
        "vocab:2": [(6.5, 3, 0)],  # a third template: prep has no card for it
        "suspended:0": [(1, 1, 0), (1.01, 1, 0)],
    }
    rows = []
    for offset, (role, entries) in enumerate(history.items()):
        for days, ease, kind in entries:
            # revlog.id is the table's key: no two answers in one millisecond.
            at = BASE + timedelta(days=days, milliseconds=offset)
            rows.append((ms(at), built.card_ids[role], ease, kind))
            if role != "vocab:2":
                built.reviews.setdefault(role, []).append(ease)
    for revlog_id, cid, ease, kind in rows:
        col.db.execute(
            "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
            "VALUES (?, ?, -1, ?, 1, 0, 2500, 6000, ?)",
            revlog_id, cid, ease, kind,
        )  # fmt: skip
    # A manual "set due date" (ease 0, type 4): not a review.
    col.db.execute(
        "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
        "VALUES (?, ?, -1, 0, 20, 0, 2500, 0, 4)",
        ms(BASE + timedelta(days=16)), built.card_ids["basic:0"],
    )  # fmt: skip
    # The cloze's second card: answered, then reset to new with Anki's Forget.
    c2 = col.get_card(built.card_ids["cloze:1"])
    c2.start_timer()
    col.sched.answerCard(c2, 3)
    col.sched.schedule_cards_as_new([c2.id], restore_position=True, reset_counts=False)
    built.reviews["cloze:1"] = [3, 0]  # 0: the reset, imported as a "forget" log
    col.sched.suspend_cards([built.card_ids["suspended:0"]])
    col.sched.bury_cards([built.card_ids["buried:0"]])
    col.set_user_flag_for_cards(3, [built.card_ids["image:0"]])


def export_package(collection: Path, out: Path, legacy: bool) -> Path:
    """An .apkg with scheduling and media, in Anki's default (anki21b) or legacy format."""
    pytest.importorskip("anki")
    from anki.collection import Collection, ExportAnkiPackageOptions

    col = Collection(str(collection))
    try:
        col.export_anki_package(
            out_path=str(out),
            options=ExportAnkiPackageOptions(
                with_scheduling=True, with_media=True, with_deck_configs=False, legacy=legacy
            ),
            limit=None,
        )
    finally:
        col.close()
    return out


def old_package(legacy_apkg: Path, out: Path) -> Path:
    """A package as Anki wrote them before 2.1.50: only collection.anki2 and a JSON media map."""
    with zipfile.ZipFile(legacy_apkg) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            if name in ("meta", "collection.anki2"):
                continue
            data = src.read(name)
            dst.writestr("collection.anki2" if name == "collection.anki21" else name, data)
    return out


def copy_collection(built: Built, folder: Path) -> Path:
    """A copy of the collection file to change for a re-import test."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "collection.anki2"
    shutil.copy(built.path, target)
    media = built.path.parent / "collection.media"
    if media.is_dir():
        shutil.copytree(media, folder / "collection.media", dirs_exist_ok=True)
    return target


def media_map(apkg: Path) -> dict[str, Any]:
    with zipfile.ZipFile(apkg) as archive:
        return json.loads(archive.read("media"))
