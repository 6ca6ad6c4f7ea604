"""The documentation link checker: it fails on what it must catch and passes on this repository."""

from __future__ import annotations

from pathlib import Path

from infra.build import check_links

REPO = Path(__file__).resolve().parent.parent.parent


def _site(root: Path, readme: str, **docs: str) -> Path:
    (root / "docs").mkdir()
    (root / "README.md").write_text(readme, encoding="utf-8")
    for name, text in docs.items():
        (root / "docs" / f"{name}.md").write_text(text, encoding="utf-8")
    return root


GOOD_README = "# Title\n\nSee [the guide](docs/guide.md) and [its part](docs/guide.md#the-part-two).\n"
GOOD_GUIDE = "# Guide\n\nBack to [README](../README.md#title).\n\n## The `part` two!\n\n## Again\n\n## Again\n\n[second](#again-1)\n"


def test_passes_on_a_consistent_site(tmp_path: Path) -> None:
    root = _site(tmp_path, GOOD_README, guide=GOOD_GUIDE)
    assert check_links.check(root) == []
    assert check_links.main(root) == 0


def test_fails_on_a_missing_file(tmp_path: Path) -> None:
    root = _site(tmp_path, GOOD_README + "\nAnd [gone](docs/gone.md).\n", guide=GOOD_GUIDE)
    assert check_links.check(root) == ["README.md:5: docs/gone.md (no such file)"]
    assert check_links.main(root) == 1


def test_fails_on_a_missing_anchor(tmp_path: Path) -> None:
    guide = GOOD_GUIDE + "\n[nowhere](#no-such-heading) and [third](#again-2)\n"
    root = _site(tmp_path, GOOD_README, guide=guide)
    problems = check_links.check(root)
    assert problems == [
        "docs/guide.md:13: #no-such-heading (no heading with anchor #no-such-heading)",
        "docs/guide.md:13: #again-2 (no heading with anchor #again-2)",
    ]


def test_fails_on_a_docs_page_not_linked_from_the_readme(tmp_path: Path) -> None:
    root = _site(tmp_path, GOOD_README, guide=GOOD_GUIDE, orphan="# Orphan\n\n[README](../README.md)\n")
    assert check_links.check(root) == ["README.md:1: docs/orphan.md (docs page not linked from README.md)"]
    assert check_links.main(root) == 1


def test_ignores_code_and_external_links(tmp_path: Path) -> None:
    readme = GOOD_README + "\n```md\n[in a fence](missing.md)\n```\n\n`[inline](missing.md)`\n"
    readme += "[web](https://example.com/x) [mail](mailto:a@b.c)\n"
    root = _site(tmp_path, readme, guide=GOOD_GUIDE)
    assert check_links.check(root) == []


def test_slugs_follow_github() -> None:
    assert check_links.slug("Defences against spam, abuse and double submits") == "defences-against-spam-abuse-and-double-submits"
    assert check_links.slug("`POST /consultations`") == "post-consultations"
    assert check_links.slug("1. Before the first deploy (once per practice)") == "1-before-the-first-deploy-once-per-practice"
    assert check_links.slug("notify_failed and 3-4") == "notify_failed-and-3-4"


def test_passes_on_this_repository() -> None:
    assert check_links.check(REPO) == []
