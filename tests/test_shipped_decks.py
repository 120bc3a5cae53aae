"""The shipped decks: they parse, follow the content rules, and the coverage table is current."""

from __future__ import annotations

import re
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import pytest

from prep.core.deckfile import DeckFile
from prep.core.notes import CLOZE, COMPETENCIES, DIFFICULTIES, Note, NoteType, cloze_numbers

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import deck_coverage  # noqa: E402

AREAS = set(deck_coverage.AREA_MINIMUMS)
SIMILARITY_THRESHOLD = 0.35
ALLOWLIST = ROOT / "decks" / "similar-allowed.txt"
FENCE = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")


@pytest.fixture(scope="module")
def decks() -> list[DeckFile]:
    return deck_coverage.load_decks()


@pytest.fixture(scope="module")
def notes(decks: list[DeckFile]) -> list[Note]:
    return [n for d in decks for n in d.notes]


def test_every_file_names_a_known_area(decks: list[DeckFile]) -> None:
    bad = [d.path for d in decks if d.area not in AREAS]
    assert bad == []


def test_ids_unique_across_all_decks(notes: list[Note]) -> None:
    seen: dict[str, str] = {}
    dups = []
    for n in notes:
        if n.id in seen:
            dups.append(f"{n.id}: {seen[n.id]} and {n.path}:{n.line}")
        seen[n.id] = f"{n.path}:{n.line}"
    assert dups == []


def test_each_note_has_one_difficulty_and_content(notes: list[Note]) -> None:
    problems = []
    for n in notes:
        where = f"{n.path}:{n.line} {n.id}"
        if sum(t in DIFFICULTIES for t in n.tags) != 1:
            problems.append(f"{where}: needs exactly one of easy/medium/hard")
        if n.type is NoteType.CLOZE:
            numbers = cloze_numbers(n.question)
            if numbers != list(range(1, len(numbers) + 1)):
                problems.append(f"{where}: cloze numbers {numbers} are not c1..cN")
            if any("{" in m.group(2) or "}" in m.group(2) for m in CLOZE.finditer(n.question)):
                problems.append(f"{where}: braces inside a cloze deletion")
        elif len(n.question.strip()) < 8 or len(n.answer.strip()) < 3:
            problems.append(f"{where}: question or answer is empty")
        if n.type is NoteType.BEHAVIORAL and not n.competencies:
            problems.append(f"{where}: behavioral note without a competency tag")
    assert problems == []


def test_fenced_code_names_its_language(notes: list[Note]) -> None:
    problems = []
    for n in notes:
        open_fence = False
        for line in (n.question + "\n" + n.answer).splitlines():
            m = FENCE.match(line)
            if not m:
                continue
            if not open_fence and not m.group(2).strip():
                problems.append(f"{n.path}:{n.line} {n.id}: code fence without a language")
            open_fence = not open_fence
    assert problems == []


def test_behavioral_competencies_are_all_used(notes: list[Note]) -> None:
    used = {c for n in notes if n.type is NoteType.BEHAVIORAL for c in n.competencies}
    assert used == set(COMPETENCIES)


def shingles(text: str, k: int = 3) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i : i + k]) for i in range(max(0, len(words) - k + 1))}


def test_no_near_duplicate_notes(notes: list[Note]) -> None:
    allowed = set()
    if ALLOWLIST.exists():
        for line in ALLOWLIST.read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                a, b = line.split()[:2]
                allowed.add(frozenset((a, b)))
    sets = {n.id: shingles(n.question + " " + n.answer) for n in notes}
    index: dict[tuple[str, ...], list[str]] = {}
    for nid, sh in sets.items():
        for s in sh:
            index.setdefault(s, []).append(nid)
    pairs = {frozenset(p) for ids in index.values() if len(ids) < 50 for p in combinations(ids, 2)}
    similar = []
    for pair in pairs:
        a, b = sorted(pair)
        union = len(sets[a] | sets[b])
        score = len(sets[a] & sets[b]) / union if union else 0.0
        if score > SIMILARITY_THRESHOLD and pair not in allowed:
            similar.append(f"{a} ~ {b}: {score:.2f}")
    assert sorted(similar) == []


def test_similarity_measure_flags_a_real_duplicate() -> None:
    a = shingles(
        "What does a p-value measure? The probability under the null of data this extreme."
    )
    b = shingles("What does a p-value measure? The probability under the null of data as extreme.")
    assert len(a & b) / len(a | b) > SIMILARITY_THRESHOLD


def test_coverage_table_is_current_and_minimums_met() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "deck_coverage.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
