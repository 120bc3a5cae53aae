"""Count shipped notes per area and per topic tag; write the table into decks/README.md.

Usage: python scripts/deck_coverage.py          # rewrite the table
       python scripts/deck_coverage.py --check  # exit 1 if stale or a minimum is not met
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from prep.core.deckfile import DeckFile, parse_deck_bytes  # noqa: E402

DECKS = ROOT / "decks"
README = DECKS / "README.md"
BEGIN, END = "<!-- coverage:begin -->", "<!-- coverage:end -->"
AREA_MINIMUMS = {
    "ml": 180,
    "deep-learning": 160,
    "statistics": 150,
    "math": 100,
    "ml-workflow": 80,
    "cs": 80,
    "behavioral": 60,
    "career": 20,
}
TOPIC_MINIMUM = 15
TOPICS = (
    "vectors", "matrices", "dimensionality-reduction", "calculus-optimization", "probability",
    "statistics", "algorithms", "complexity-numerical", "data-structures", "ml-basics",
    "sampling-data", "metrics-evaluation", "classical-ml", "nlp", "computer-vision",
    "reinforcement-learning", "training-neural-networks", "behavioral",
)  # fmt: skip


def load_decks(root: Path = DECKS) -> list[DeckFile]:
    files = sorted(p for p in root.rglob("*.md") if p.name.lower() != "readme.md")
    out = []
    for path in files:
        default = "::".join(path.relative_to(root).with_suffix("").parts)
        out.append(parse_deck_bytes(path.read_bytes(), str(path.relative_to(ROOT)), default))
    return out


def table(decks: list[DeckFile]) -> tuple[str, list[str]]:
    notes_by_area: Counter[str] = Counter()
    cards_by_area: Counter[str] = Counter()
    by_topic: Counter[str] = Counter()
    for deck in decks:
        for note in deck.notes:
            notes_by_area[deck.area or "?"] += 1
            cards_by_area[deck.area or "?"] += len(note.cards())
            for tag in set(note.tags) & set(TOPICS):
                by_topic[tag] += 1
    problems = []
    lines = ["| area | notes | cards | minimum |", "|---|---:|---:|---:|"]
    for area, minimum in AREA_MINIMUMS.items():
        n = notes_by_area[area]
        mark = "" if n >= minimum else " ✗"
        lines.append(f"| {area} | {n} | {cards_by_area[area]} | {minimum}{mark} |")
        if n < minimum:
            problems.append(f"area {area}: {n} notes, needs {minimum}")
    total_notes, total_cards = sum(notes_by_area.values()), sum(cards_by_area.values())
    lines.append(f"| **total** | **{total_notes}** | **{total_cards}** | |")
    lines += ["", "| topic tag | notes | minimum |", "|---|---:|---:|"]
    for topic in TOPICS:
        n = by_topic[topic]
        mark = "" if n >= TOPIC_MINIMUM else " ✗"
        lines.append(f"| `{topic}` | {n} | {TOPIC_MINIMUM}{mark} |")
        if n < TOPIC_MINIMUM:
            problems.append(f"topic {topic}: {n} notes, needs {TOPIC_MINIMUM}")
    return "\n".join(lines), problems


def render_readme(current: str, body: str) -> str:
    block = f"{BEGIN}\n{body}\n{END}"
    if BEGIN in current and END in current:
        head, rest = current.split(BEGIN, 1)
        return head + block + rest.split(END, 1)[1]
    return current.rstrip("\n") + "\n\n" + block + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if stale or under a minimum")
    args = parser.parse_args()
    body, problems = table(load_decks())
    current = README.read_text(encoding="utf-8") if README.exists() else ""
    wanted = render_readme(current, body)
    print(body)
    for p in problems:
        print(f"below minimum: {p}", file=sys.stderr)
    if args.check:
        if wanted != current:
            print("decks/README.md is stale: run python scripts/deck_coverage.py", file=sys.stderr)
            return 1
        return 1 if problems else 0
    README.write_text(wanted, encoding="utf-8")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
