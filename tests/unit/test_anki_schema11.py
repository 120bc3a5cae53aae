"""Schema-11 details Anki relies on: sort field, duplicate checksum, unique time-based ids."""

from __future__ import annotations

from prep.interop.anki_schema11 import _deck_ids, _unique_ids, field_checksum, sort_field


def test_sort_field_and_checksum_match_what_anki_writes() -> None:
    # Values read from a collection written by Anki 26.9.
    assert sort_field("hello <b>x</b>") == "hello x"
    assert field_checksum("hello <b>x</b>") == 1759323011
    assert field_checksum("{{c1::a::hint}} {{c2::b}}") == 387008195
    assert sort_field('see <img src="tree.png"> &amp; more') == "see  tree.png  & more"


def test_ids_stay_near_their_time_and_never_collide() -> None:
    assert _unique_ids([5, 5, 3, 6, 5]) == [5, 6, 3, 8, 7]
    assert _unique_ids([]) == []


def test_every_parent_deck_gets_an_id() -> None:
    assert _deck_ids(["B::C::D", "A"]) == {"Default": 1, "A": 2, "B": 3, "B::C": 4, "B::C::D": 5}
