"""infra/ scripts find the repository root from their own path: a folder move must not send them elsewhere."""

from __future__ import annotations

from pathlib import Path

from infra.build import artifact, runtime_requirements

REPO = Path(__file__).resolve().parents[2]


def test_build_scripts_find_the_repository_root() -> None:
    assert artifact.ROOT == REPO
    assert runtime_requirements.PYPROJECT == REPO / "pyproject.toml"
    assert runtime_requirements.requirements()  # the pinned runtime dependencies, read from the real file
