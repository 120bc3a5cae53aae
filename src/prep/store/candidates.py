"""Reading today's queue: the cards that could be shown, and what was answered today.

Plain SQL through a `prep.store.reads.Reader`, so `prep due`, `prep today` and the REPL read
it without SQLAlchemy on the default SQLite collection (and through it elsewhere).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime

from prep.core.notes import in_deck, note_id_of
from prep.core.queue import Candidate, DoneToday, review_group
from prep.core.schedule import LEARNING, NEW, RELEARNING, REVIEW, Memory
from prep.store.reads import Reader, Row, chunks, hint, in_list, utc

# SQLite allows 500 terms in one compound SELECT, and (before 3.32) 999 parameters.
DECKS_PER_QUERY = 200
IDS_PER_QUERY = 500

_NEW_COLUMNS = "c.id, c.key, n.note_id, c.deck, c.state, c.due, n.position"
_CARD_COLUMNS = "c.id, c.key, c.deck, c.state, c.due, c.stability, c.last_review"


def deck_names(reader: Reader) -> list[str]:
    """Every deck that holds a note, sorted."""
    return sorted(str(d) for (d,) in reader.rows("SELECT DISTINCT deck FROM notes"))


def queue_candidates(
    reader: Reader,
    now: datetime,
    day_end: datetime,
    learning_until: datetime,
    new_per_deck_window: int,
    review_window: int | None = None,
    selected: str | None = None,
    recall: Callable[[Memory, str], float] | None = None,
    review_groups: str = "top",
) -> list[Candidate]:
    """Cards that could be shown today: learning cards due by `learning_until`, reviews due
    before `day_end`, and each deck's first `new_per_deck_window` new cards in file order.

    With `review_window`, only the `review_window` most overdue reviews of each group are
    read: of each top-level deck (or of the selected deck), or with `review_groups="deck"` of
    each deck (needed when decks have limits of their own: a subdeck with a lower limit could
    fill its parent's window). No group can show more than the largest limit, so its later
    reviews could never enter today's queue. `recall` ranks reviews and learning cards (the
    "retrievability" order); without it they rank 0.
    """
    params: dict[str, object] = {"now": reader.when(now), "end": reader.when(day_end)}
    where = "c.active = TRUE AND (c.buried_until IS NULL OR c.buried_until <= :now)"
    if selected is not None:
        where += " AND (c.deck = :selected OR c.deck LIKE :below ESCAPE '!')"
        params.update(selected=selected, below=_escape_like(selected) + "::%")

    def cards(condition: str, index: str = "") -> str:
        # No join with notes: a learning card or review needs its note's id, which its key
        # starts with, not the note's place in its file (new cards are read below).
        return f"SELECT {_CARD_COLUMNS} FROM cards c {index} WHERE {where} AND {condition}"

    learning = reader.rows(
        cards(f"c.state IN ('{LEARNING}', '{RELEARNING}') AND c.due <= :until"),
        {**params, "until": reader.when(learning_until)},
    )
    decks = [d for d in deck_names(reader) if selected is None or in_deck(d, selected)]
    if review_window is None:
        reviews = reader.rows(cards(f"c.state = '{REVIEW}' AND c.due < :end"), params)
    else:
        ids = _review_windows(reader, params, decks, review_window, selected, review_groups)
        reviews = []
        for part in chunks(ids, IDS_PER_QUERY):
            listed, more = in_list("id", part)
            # NOT INDEXED: straight to each row by its id, not through an index on `active`
            by_id = cards(f"c.id IN {listed}", hint(reader, "NOT INDEXED"))
            reviews += reader.rows(by_id, {**params, **more})
    new = _new_windows(reader, params, decks, new_per_deck_window)
    out = [Candidate(r[0], r[1], r[2], r[3], r[4], utc(r[5]), r[6], 0.0) for r in new]
    for r in (*learning, *reviews):
        rank = 0.0
        if recall is not None:
            rank = recall(Memory(state=r[3], stability=r[5], last_review=utc(r[6])), r[2])
        out.append(Candidate(r[0], r[1], note_id_of(r[1]), r[2], r[3], utc(r[4]), 0, rank))
    return out


def _review_windows(
    reader: Reader,
    params: dict[str, object],
    decks: list[str],
    window: int,
    selected: str | None,
    groups: str,
) -> list[int]:
    """Ids of each group's `window` most overdue reviews (due, then id), not buried.

    Each deck's window comes straight from its index (deck, active, state, due, id); a
    group's window is the first `window` of its decks' windows merged."""
    keys = _per_deck(
        reader,
        params,
        decks,
        window,
        lambda deck: (
            f"SELECT c.deck, c.due, c.id FROM cards c "
            f"{hint(reader, 'INDEXED BY ix_cards_deck_queue')} "
            f"WHERE c.deck = {deck} AND c.active = TRUE AND c.state = '{REVIEW}' AND c.due < :end "
            "AND (c.buried_until IS NULL OR c.buried_until <= :now) ORDER BY c.due, c.id"
        ),
    )
    by_group: dict[str, list[Row]] = {}
    for row in keys:
        deck = str(row[0])
        group = review_group(deck, selected, groups)
        by_group.setdefault(group, []).append(row)
    ids: list[int] = []
    for rows in by_group.values():
        rows.sort(key=lambda r: (r[1], r[2]))
        ids += [int(r[2]) for r in rows[:window]]
    return ids


def _new_windows(
    reader: Reader, params: dict[str, object], decks: Sequence[str], window: int
) -> list[Row]:
    """Each deck's first `window` new cards in file order (position, then card id), walking
    the deck's notes in order through ix_notes_deck_position and stopping at the window."""
    return _per_deck(
        reader,
        params,
        decks,
        window,
        lambda deck: (
            f"SELECT {_NEW_COLUMNS} FROM notes n "
            f"{hint(reader, 'INDEXED BY ix_notes_deck_position')} JOIN cards c "
            f"{hint(reader, 'INDEXED BY ix_cards_note_pk')} ON c.note_pk = n.id "
            f"WHERE n.deck = {deck} AND c.active = TRUE AND c.state = '{NEW}' "
            "AND (c.buried_until IS NULL OR c.buried_until <= :now) ORDER BY n.position, c.id"
        ),
    )


def _per_deck(
    reader: Reader,
    params: dict[str, object],
    decks: Sequence[str],
    window: int,
    ordered: Callable[[str], str],
) -> list[Row]:
    """The first `window` rows of `ordered(deck)` (a query with an ORDER BY, naming its deck
    by the parameter it is given) for each deck: one UNION ALL per DECKS_PER_QUERY decks."""
    rows: list[Row] = []
    for part in chunks(decks, DECKS_PER_QUERY):
        selects = [f"SELECT * FROM ({ordered(f':d{i}')} LIMIT :window) w" for i in range(len(part))]
        names = {f"d{i}": deck for i, deck in enumerate(part)}
        rows += reader.rows(" UNION ALL ".join(selects), {**params, **names, "window": window})
    return rows


def done_today(reader: Reader, day_start: datetime) -> DoneToday:
    """Answers given since `day_start` that no undo reverted: per deck, and their notes."""
    rows = reader.rows(
        "SELECT deck, prior_state, note_id FROM review_logs "
        "WHERE kind = 'review' AND reviewed_at >= :start AND id NOT IN "
        "(SELECT reverts_id FROM review_logs WHERE kind = 'undo' AND reverts_id IS NOT NULL)",
        {"start": reader.when(day_start)},
    )
    new: Counter[str] = Counter()
    reviews: Counter[str] = Counter()
    notes: set[str] = set()
    for deck, prior, note_id in rows:
        if prior == NEW:
            new[deck] += 1
        elif prior == REVIEW:
            reviews[deck] += 1
        notes.add(note_id)
    return DoneToday(new, reviews, frozenset(notes))


def _escape_like(text: str) -> str:
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")
