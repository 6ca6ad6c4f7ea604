#!/usr/bin/env python3
"""Check the documentation's links: README.md and every docs/*.md page, and the code's references to them.

    python3 infra/build/check_links.py [ROOT]

Every relative link or image target must exist (relative to the file that links it), every `#anchor`
must match a heading's GitHub-style slug in the target page, and every docs/ page must be linked from
README.md. `http(s)://` and `mailto:` targets are not fetched; links inside fenced code blocks and
inline code are ignored.

The code, the template and the project files point at the docs too, in comments and docstrings:
`docs/deploy.md`, `docs/deploy.md#alarms`, `docs/deploy.md "Reminders and escalations"` (a heading's
text in quotes), `README "Performance"`. Each such reference must name a page that exists and, when
it names a section, a heading that page still has. Prints each broken link or reference as
`file:line: target (reason)` and exits 1.

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


# A reference to a docs page from code: the page, then an optional `#anchor` or a heading's text in quotes
# (`docs/deploy.md "Tear down"`, `README's "Performance"`, `docs/email.md ("Action links")`).
_REFERENCE = re.compile(
    r"""(?<![\w/.-])(?P<page>docs/[\w.-]+\.md|README(?:\.md)?)(?:#(?P<anchor>[\w-]+)|(?:'s)?:?\s?\(?"(?P<heading>[^"\n]{2,80})")?"""
)
# Where the code's references are read: source, the template, the project's own files.
CODE = ("functions", "infra", "tests", "template.yaml", "pyproject.toml", ".ci", "docs/examples")
_CODE_SUFFIXES = {".py", ".yaml", ".yml", ".toml", ".sh", ".js", ".html", ""}
# This file's own docstring and its tests show references on purpose, broken ones among them.
_SELF = ("infra/build/check_links.py", "tests/unit/test_check_links.py")


def code_files(root: Path) -> list[Path]:
    found: list[Path] = []
    for name in CODE:
        path = root / name
        candidates = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
        found += [
            p
            for p in candidates
            if p.suffix in _CODE_SUFFIXES and "__pycache__" not in p.parts and p.relative_to(root).as_posix() not in _SELF
        ]
    return found


def references(text: str) -> Iterator[tuple[int, str, str | None, str | None]]:
    """(line number, page, anchor, heading) for every reference to a docs page in a code file."""
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _REFERENCE.finditer(line):
            yield number, match.group("page"), match.group("anchor"), match.group("heading")


def check_code(root: Path) -> list[str]:
    """Every reference from the code to a page or section that is gone."""
    root = root.resolve()
    problems: list[str] = []
    headings: dict[Path, set[str]] = {}
    for path in code_files(root):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        shown = path.relative_to(root).as_posix()
        for number, page, anchor, heading in references(text):
            target = root / ("README.md" if page.startswith("README") else page)
            if not target.is_file():
                problems.append(f"{shown}:{number}: {page} (no such page)")
                continue
            if target not in headings:
                headings[target] = _section_names(target.read_text(encoding="utf-8"))
            wanted = anchor or (slug(heading) if heading else None)
            if wanted and wanted not in headings[target]:
                named = f"#{anchor}" if anchor else f'"{heading}"'
                problems.append(f"{shown}:{number}: {page} {named} (no such heading)")
    return problems


def _section_names(text: str) -> set[str]:
    """A page's anchors, and each heading's slug without its number ("## 4. Watch it" is "Watch it")."""
    names = anchors(text)
    for _, line in _lines_outside_fences(text):
        match = _HEADING.match(line)
        if match:
            names.add(slug(re.sub(r"^\d+\.\s+", "", match.group(2))))
    return names


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
    problems = check(root) + check_code(root)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} broken link(s)", file=sys.stderr)
        return 1
    print(f"links: {len(pages(root))} pages and {len(code_files(root))} code files checked, all links and references resolve")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT))
