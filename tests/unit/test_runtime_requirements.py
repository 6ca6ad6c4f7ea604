"""What `sam build` installs: the pinned [project].dependencies of the repository's pyproject.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path

from infra.build import runtime_requirements

ROOT = Path(__file__).resolve().parents[2]


def test_the_build_reads_the_repositorys_pyproject() -> None:
    # Found broken while following docs/deploy.md on a clean clone: after the move to infra/build/
    # the default path pointed at infra/pyproject.toml and `sam build` failed.
    assert runtime_requirements.PYPROJECT == ROOT / "pyproject.toml"
    with (ROOT / "pyproject.toml").open("rb") as handle:
        assert runtime_requirements.requirements() == tomllib.load(handle)["project"]["dependencies"]
