#!/usr/bin/env python3
"""Check the documentation's links: README.md and every docs/*.md page.

    python3 infra/build/check_links.py [ROOT]

Every relative link or image target must exist (relative to the file that links it), every `#anchor`
must match a heading's GitHub-style slug in the target page, and every docs/ page must be linked from
README.md. `http(s)://` and `mailto:` targets are not fetched; links inside fenced code blocks and
inline code are ignored. Prints each broken link as `file:line: target (reason)` and exits 1.

Standard library only, so CI can run it before anything is installed.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent.parent

# `](target)` or `](target "title")`: the end of a link or an image, nested ones included.
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_FENCE_CLOSE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*$")
_INLINE_CODE = re.compile(r"(`+)(.+?)\1")
_EXTERNAL = ("http://", "https://", "mailto:")


def _lines_outside_fences(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) for every line that is not inside a fenced code block."""
    fence: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if fence is None:
            opening = _FENCE.match(line)
            if opening:
                fence = opening.group(1)
            else:
                yield number, line
            continue
        closing = _FENCE_CLOSE.match(line)
        if closing and closing.group(1)[0] == fence[0] and len(closing.group(1)) >= len(fence):
            fence = None


def slug(heading: str) -> str:
    """GitHub's anchor for a heading's text: lowercase, punctuation but `-` and `_` dropped, spaces to `-`."""
    text = _INLINE_CODE.sub(lambda m: m.group(2), heading)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link in a heading keeps its text
    text = text.strip().lower()
    text = "".join(c for c in text if c.isalnum() or c in " -_")
    return text.replace(" ", "-")


def anchors(text: str) -> set[str]:
    """Every heading anchor of a page; a repeated heading gets `-1`, `-2`, ... as on GitHub."""
    seen: dict[str, int] = {}
    found: set[str] = set()
    for _, line in _lines_outside_fences(text):
        match = _HEADING.match(line)
        if not match:
            continue
        base = slug(match.group(2))
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def links(text: str) -> Iterator[tuple[int, str]]:
    """(line number, target) for every link and image outside code."""
    for number, line in _lines_outside_fences(text):
        prose = _INLINE_CODE.sub("", line)
        for match in _LINK.finditer(prose):
            yield number, match.group(1)


def pages(root: Path) -> list[Path]:
    readme = root / "README.md"
    return ([readme] if readme.exists() else []) + sorted((root / "docs").glob("*.md"))


def check(root: Path) -> list[str]:
    """Every broken link under `root`, as `file:line: target (reason)`."""
    root = root.resolve()
    problems: list[str] = []
    cache: dict[Path, set[str]] = {}
    linked_from_readme: set[Path] = set()
    readme = root / "README.md"

    def anchors_of(page: Path) -> set[str]:
        if page not in cache:
            cache[page] = anchors(page.read_text(encoding="utf-8"))
        return cache[page]

    for page in pages(root):
        shown = page.relative_to(root).as_posix()
        for number, target in links(page.read_text(encoding="utf-8")):
            if target.lower().startswith(_EXTERNAL):
                continue
            path_part, _, anchor = target.partition("#")
            destination = (page.parent / unquote(path_part)).resolve() if path_part else page
            if not destination.exists():
                problems.append(f"{shown}:{number}: {target} (no such file)")
                continue
            if page == readme:
                linked_from_readme.add(destination)
            if anchor and destination.suffix == ".md" and destination.is_file() and unquote(anchor) not in anchors_of(destination):
                problems.append(f"{shown}:{number}: {target} (no heading with anchor #{anchor})")

    for doc in sorted((root / "docs").glob("*.md")):
        if doc.resolve() not in linked_from_readme:
            problems.append(f"README.md:1: docs/{doc.name} (docs page not linked from README.md)")
    return problems


def main(root: Path = ROOT) -> int:
    problems = check(root)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} broken link(s)", file=sys.stderr)
        return 1
    print(f"links: {len(pages(root))} pages checked, all links resolve")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT))
