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


# --- references from the code, the template and the project files ------------------------------------


def _code(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


DEPLOY = "# Deploy\n\n## 4. Watch it\n\n### Time to contact\n"


def test_code_references_to_pages_and_sections_that_exist_pass(tmp_path: Path) -> None:
    root = _site(tmp_path, GOOD_README + "[deploy](docs/deploy.md)\n", guide=GOOD_GUIDE, deploy=DEPLOY)
    _code(root, "functions/pkg/mod.py", '"""See docs/deploy.md "Watch it" and docs/deploy.md#time-to-contact."""\n')
    _code(root, "template.yaml", '# README "Title" explains; docs/guide.md ("The part two!") too.\n')
    _code(root, "infra/tool.py", '# the guide: docs/guide.md, and README\'s "Title"\n')
    assert check_links.check_code(root) == []
    assert check_links.main(root) == 0


def test_a_code_reference_to_a_page_or_section_that_is_gone_fails(tmp_path: Path) -> None:
    root = _site(tmp_path, GOOD_README + "[deploy](docs/deploy.md)\n", guide=GOOD_GUIDE, deploy=DEPLOY)
    _code(root, "functions/pkg/mod.py", '# Before: docs/deploy.md "Tear down".\n\n# docs/gone.md\n')
    _code(root, "template.yaml", 'x: 1\n# README "Performance" has the figures; docs/deploy.md#no-such-anchor\n')
    assert check_links.check_code(root) == [
        'functions/pkg/mod.py:1: docs/deploy.md "Tear down" (no such heading)',
        "functions/pkg/mod.py:3: docs/gone.md (no such page)",
        'template.yaml:2: README "Performance" (no such heading)',
        "template.yaml:2: docs/deploy.md #no-such-anchor (no such heading)",
    ]
    assert check_links.main(root) == 1


def test_this_repository_has_no_stale_reference_in_its_code() -> None:
    assert check_links.check_code(REPO) == []
