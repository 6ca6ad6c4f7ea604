"""The docs' reference tables list each thing once: a route, a variable, a command, an alarm (issue 25: a route listed twice)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Tables that are a sequence, not a set: SAM CLI asks "has no authentication" once per route of a function.
SEQUENCES = {"prompt"}


def tables(text: str) -> list[list[list[str]]]:
    """Each markdown table of a page as rows of cells (the header row first, the separator dropped)."""
    found: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not all(set(c) <= {"-", ":", " "} for c in cells):
                current.append(cells)
        elif current:
            found.append(current)
            current = []
    return found


@pytest.mark.parametrize("page", [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"], ids=lambda p: p.name)
def test_no_reference_table_lists_a_thing_twice(page: Path) -> None:
    for table in tables(page.read_text(encoding="utf-8")):
        header, rows = table[0], table[1:]
        if len(header) < 2 or not rows or header[0] in SEQUENCES:
            continue
        keys = Counter(row[0] for row in rows if row[0])
        twice = [key for key, count in keys.items() if count > 1]
        assert not twice, f"{page.name}: table '{' | '.join(header)}' lists {twice} more than once"
