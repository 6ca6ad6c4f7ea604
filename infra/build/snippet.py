"""The drop-in snippet's size (infra/site/form.js): what a practice's page downloads for one <script> tag.

    python3 infra/build/snippet.py        # prints bytes and gzip bytes; exit 1 when over the budget

Run by `infra/dev.py test` (so by CI) beside the link checker; docs/website.md quotes its output.
Standard library only.
"""

from __future__ import annotations

import gzip
import sys
from dataclasses import dataclass
from pathlib import Path

SNIPPET = Path(__file__).resolve().parents[2] / "infra" / "site" / "form.js"
# The promise: under 10 KB as served without compression (gzip is what most servers send).
BUDGET_BYTES = 10 * 1000


@dataclass(frozen=True, slots=True)
class Size:
    raw: int
    gzip: int

    @property
    def within_budget(self) -> bool:
        return self.raw < BUDGET_BYTES


def measure(path: Path = SNIPPET) -> Size:
    data = path.read_bytes()
    return Size(len(data), len(gzip.compress(data, compresslevel=9, mtime=0)))


def main() -> int:
    size = measure()
    verdict = "within" if size.within_budget else "OVER"
    print(f"snippet {SNIPPET.name}: {size.raw} bytes, {size.gzip} bytes gzipped ({verdict} the {BUDGET_BYTES}-byte budget)")
    return 0 if size.within_budget else 1


if __name__ == "__main__":
    sys.exit(main())
