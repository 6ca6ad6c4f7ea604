#!/usr/bin/env python3
"""How long template.yaml is, and how much of it says the same thing again (issue 20).

    python3 infra/build/template_stats.py [template]

Prints the lines, the parameters, the resources as written (a `Fn::ForEach` loop counts once) and
the non-comment lines that occur three or more times: each line stripped of its indentation,
blank and comment-only lines left out, every occurrence of such a line counted. Standard library
only, so it runs anywhere the repository does.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "template.yaml"


def section_keys(text: str, section: str) -> list[str]:
    """The keys one level under a top-level section (`Parameters:`, `Resources:`), as written."""
    body = re.search(rf"^{section}:\n(.*?)(?=^\S|\Z)", text, flags=re.MULTILINE | re.DOTALL)
    return re.findall(r"^  ([^\s#][^:]*):", body.group(1), flags=re.MULTILINE) if body else []


def repeated_lines(text: str, times: int = 3) -> int:
    """Occurrences of the non-comment lines that occur `times` or more times."""
    lines = Counter(line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#"))
    return sum(n for n in lines.values() if n >= times)


def stats(text: str) -> dict[str, int]:
    return {
        "lines": len(text.splitlines()),
        "parameters": len(section_keys(text, "Parameters")),
        "resources as written": len(section_keys(text, "Resources")),
        "non-comment lines repeated 3+ times": repeated_lines(text),
    }


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATE
    for name, value in stats(path.read_text(encoding="utf-8")).items():
        print(f"{name}: {value}")


if __name__ == "__main__":
    main()
